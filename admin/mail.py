"""The administration's e-mails (password reset, invitation), through the notifications outbox."""

from __future__ import annotations

from sqlalchemy.orm import Session

from complaints.outbox import queue_notification
from portal.atom import public_url

OUTBOX_TEMPLATE = "notice"
"""The outbox's generic template name: the mail log records it, never the link."""


def queue_password_reset(db: Session, email: str, token: str) -> None:
    """Mail the reset link (valid one hour) in both languages. Adds; never commits or sends."""
    link = public_url("admin.password_reset", token=token)
    body = (
        "有人请求重置您在驻地办事处信息公开门户的密码。如是您本人，请在一小时内打开以下链接"
        "设置新密码（链接只能使用一次）；如不是，请忽略本邮件。\n"
        "Someone asked to reset your password on the Liaison Office Transparency Portal. If it "
        "was you, open this link within one hour to choose a new one (it works once); if not, "
        f"ignore this message.\n\n{link}\n"
    )
    queue_notification(
        db, None, email, "重置密码 Reset your password", body, template=OUTBOX_TEMPLATE
    )


def queue_invitation(db: Session, email: str, token: str) -> None:
    """Mail the invitation link (valid 72 hours) in both languages. Adds; never commits."""
    link = public_url("admin.accept_invitation", token=token)
    body = (
        "您受邀使用驻地办事处信息公开门户。请在 72 小时内打开以下链接设置密码（链接只能使用一次）。\n"
        "You are invited to the Liaison Office Transparency Portal. Open this link within 72 "
        f"hours to choose your password (it works once).\n\n{link}\n"
    )
    queue_notification(db, None, email, "邀请 Invitation", body, template=OUTBOX_TEMPLATE)
