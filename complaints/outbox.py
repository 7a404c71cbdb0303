"""Notifications: written to an outbox in the cause's transaction, delivered after the commit."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.mail import address_for_updates, footer
from complaints.models import OUTBOX_PURPOSE, Complaint, NotificationOutbox
from complaints.storage import PrivateRotatingFileHandler
from portal.clock import utcnow
from portal.encryption import data_keys, decrypt_json, encrypt_json
from portal.models import Government

MAIL_LOG = "mail.log"
MAIL_LOG_BYTES = 1024 * 1024  # then it rotates: mail.log.1 … mail.log.5, the oldest dropped
MAIL_LOG_BACKUPS = 5
TEMPLATES = frozenset(
    {
        "notice",  # queued before templates were recorded
        "new_complaint",  # to a routed government
        "complaint_received",  # to the complainant
        "acknowledged",
        "in_progress",  # to the complainant: assigned, or taken back into handling
        "message",
        "information_requested",
        "closed",
        "transferred",  # to the government a complaint is transferred to
        "escalated",  # to the government above
        "complainant_message",  # to the primary government: the complainant wrote
        "deadline_reminder",  # to the assignee or the government: a deadline is near or passed
        "deadline_digest",  # to an account that chose one daily message of its reminders
    }
)


def queue_notification(
    db: Session,
    complaint: Complaint | None,
    recipient: str,
    subject: str,
    body: str,
    *,
    template: str,
) -> NotificationOutbox:
    """Add one message to the outbox (the recipient encrypted). Adds; never commits or sends.

    `template` (one of TEMPLATES) says which message it is: the mail log records it instead
    of the subject and body, which name the complaint. Raises ValueError for another name.

    The recipient is encrypted with the app's current data key (portal.encryption), so it needs
    an app context.

    Messages must not carry a complaint's text or the complainant's identity: e-mail is not a
    safe channel, so they say what happened and where to look.
    """
    if template not in TEMPLATES:
        raise ValueError(f"unknown notification template {template!r}")
    row = NotificationOutbox(
        complaint=complaint,
        recipient_encrypted=encrypt_json(OUTBOX_PURPOSE, {"to": recipient}),
        template=template,
        subject=subject[:300],
        body=body,
        attempts=0,
        created_at=utcnow(),
    )
    db.add(row)
    return row


def tell_complainant(
    db: Session, complaint: Complaint, notify: bool, what_zh: str, what_en: str, template: str
) -> None:
    """Queue an e-mail to the complainant, if they gave an address and asked for e-mail
    (complaints/mail.py; never the text itself), saying what happened, with the unsubscribe link.

    `notify` is False only for the demo, whose invented complainants must not be mailed.
    """
    if not notify:
        return
    email = address_for_updates(complaint)
    if email:
        queue_notification(
            db,
            complaint,
            email,
            f"{what_zh} {what_en} {complaint.reference}",
            f"您的投诉 {complaint.reference}：{what_zh}。请凭编号和密码在门户网站查看。\n"
            f"Your complaint {complaint.reference}: {what_en}. Follow it on the portal with "
            "your reference and secret." + footer(complaint),
            template=template,
        )


def tell_government(
    db: Session,
    complaint: Complaint,
    government: Government | None,
    subject: str,
    body: str,
    *,
    template: str,
) -> None:
    """Queue a message to a government's contact address; nothing when it has none."""
    if government is not None and government.contact_email:
        queue_notification(
            db, complaint, government.contact_email, subject, body, template=template
        )


def queue_new_complaint(db: Session, complaint: Complaint, complainant_email: str | None) -> None:
    """Tell every routed government with an e-mail channel, and the complainant if they gave one."""
    due = (complaint.acknowledge_due_on.isoformat(), complaint.resolve_due_on.isoformat())
    for route in complaint.routes:
        role_zh = "主办" if route.role == "primary" else "抄送"
        tell_government(
            db,
            complaint,
            route.government or db.get(Government, route.government_id),
            f"新投诉 New complaint {complaint.reference}",
            f"新投诉 {complaint.reference}（{role_zh}）。请于 {due[0]} 前受理，{due[1]} 前办结。\n"
            f"New complaint {complaint.reference} ({route.role}). Acknowledge by {due[0]}, "
            f"resolve by {due[1]}.\nSign in to the portal to read it.",
            template="new_complaint",
        )
    if complainant_email:
        body = (
            f"您的投诉 {complaint.reference} 已收到，将于 {due[0]} 前受理。"
            "请凭编号和密码在门户网站查询进展（本邮件不含密码）。\n"
            f"Your complaint {complaint.reference} has been received and will be acknowledged by "
            f"{due[0]}. Follow it on the portal with your reference and secret "
            "(this e-mail does not contain the secret)." + footer(complaint)
        )
        queue_notification(
            db,
            complaint,
            complainant_email,
            f"投诉已收到 Complaint received {complaint.reference}",
            body,
            template="complaint_received",
        )


def _send_smtp(url: str, sender: str, recipient: str, subject: str, body: str) -> None:
    parts = urlsplit(url)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, recipient, subject
    message.set_content(body)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    client_cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client_cls(parts.hostname or "localhost", port, timeout=10) as client:
        if parts.scheme == "smtp+starttls":
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)


def redact(address: str) -> str:
    """An address as the mail log shows it: enough to tell messages apart, not to find a
    person (`li.wei@example.cn` → `l***@e***.cn`)."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local or "." not in domain:
        return "***"
    host, _dot, top = domain.rpartition(".")
    return f"{local[0]}***@{host[0]}***.{top}"


def mail_log_handler(path: Path, config: dict) -> PrivateRotatingFileHandler:
    """The mail log at `path`: rotated by size (COMPLAINT_MAIL_LOG_BYTES, keeping
    COMPLAINT_MAIL_LOG_BACKUPS older files), every file 0600 (complaints.storage). The caller
    closes it."""
    handler = PrivateRotatingFileHandler(
        path,
        maxBytes=int(config.get("COMPLAINT_MAIL_LOG_BYTES") or MAIL_LOG_BYTES),
        backupCount=int(config.get("COMPLAINT_MAIL_LOG_BACKUPS") or MAIL_LOG_BACKUPS),
        encoding="utf-8",
        delay=True,
    )
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def log_line(row: NotificationOutbox, recipient: str) -> str:
    """What the mail log records of one message: never the subject or body (they name the
    complaint) beside the address; the id, the template and the redacted address suffice to
    see that it would have gone out."""
    when = utcnow().isoformat(timespec="seconds")
    return f"{when} message={row.id} template={row.template} to={redact(recipient)}"


def deliver_outbox(
    db: Session, config: dict, instance_path: str, limit: int = 100
) -> tuple[int, int]:
    """Send pending messages, oldest first, committing after each; returns (sent, failed).

    This is a runner (like a CLI command), so it commits: a message is marked delivered only
    after it went out, so a crash loses nothing (at worst one message goes out twice). On
    PostgreSQL, rows locked by another worker are skipped. SMTP when SMTP_URL is set, else
    the mail log (`COMPLAINT_MAIL_LOG`, by default instance/mail.log; `log_line` says what
    it keeps of a message).
    """
    url = config.get("SMTP_URL")
    log_path = Path(config.get("COMPLAINT_MAIL_LOG") or Path(instance_path) / MAIL_LOG)
    log = None if url else mail_log_handler(log_path, config)  # opened at the first line
    try:
        return _deliver(db, config, log, limit)
    finally:
        if log is not None:
            log.close()


def _deliver(db: Session, config: dict, log, limit: int) -> tuple[int, int]:
    sent = failed = 0
    url = config.get("SMTP_URL")
    sender = config.get("COMPLAINT_MAIL_FROM", "noreply@portal.invalid")
    keys = data_keys(config)  # the current key and the earlier ones: rows may predate a rotation
    after_id = 0
    for _ in range(limit):
        query = (
            select(NotificationOutbox)
            .where(
                NotificationOutbox.delivered_at.is_(None),
                NotificationOutbox.attempts < 20,
                NotificationOutbox.id > after_id,
            )
            .order_by(NotificationOutbox.id)
            .limit(1)
        )
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        row = db.scalar(query)
        if row is None:
            break
        after_id = row.id
        try:
            # A row no configured key opens (a key taken away too soon) fails alone, like a
            # transport failure: it must not hold up every message queued after it.
            recipient = decrypt_json(OUTBOX_PURPOSE, row.recipient_encrypted, keys)["to"]
            if url:
                _send_smtp(url, sender, recipient, row.subject, row.body)
            else:
                log.handle(logging.makeLogRecord({"msg": log_line(row, recipient)}))
        except Exception as error:  # noqa: BLE001 - any failure of this message: keep it, retry later
            row.attempts += 1
            row.last_error = type(error).__name__[:500]
            failed += 1
        else:
            row.attempts += 1
            row.delivered_at = utcnow()
            sent += 1
        db.commit()
    return sent, failed
