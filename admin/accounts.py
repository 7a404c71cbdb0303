"""Accounts kept on the web: who may see and change whom, invitations, role and scope,
deactivation and a second factor reset; every change audited. Add and flush, never commit.

`actor` None is an operator at the shell (`flask accounts …`): trusted, like an administrator.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from admin.audit import record_change
from admin.models import TokenPurpose
from admin.recovery import RecoveryError, claim_token, issue_token, reset_second_factor, valid_token
from portal.accounts import (
    AccountError,
    change_role_and_scope,
    create_account,
    deactivate_account,
    reset_account,
    set_password,
)
from portal.errors import PortalError
from portal.models import Account, Government, GovernmentLevel, Office, Role
from portal.oversight.supervision import scope_condition
from portal.queries import government_subtree

INVITATION_VALID = timedelta(hours=72)
ROLE_RANK = {Role.ADMIN: 0, Role.NATIONAL: 1, Role.SUPERVISOR: 2, Role.OFFICE_EDITOR: 3}
"""A lower rank is a higher role: nobody grants a role above their own."""


class AdminError(PortalError):
    """A change to an account that the rules refuse; `field` names the form input."""


def government_in_scope(db: Session, actor: Account | None, government: Government) -> bool:
    """Whether a government is the actor's to keep: an administrator's (or the command line's,
    no actor) everywhere; the national office's, the national government; a supervisor's, its
    government and those below it."""
    if actor is None or actor.role is Role.ADMIN:
        return True
    if actor.role is Role.NATIONAL:
        return government.level == GovernmentLevel.NATIONAL
    if actor.role is Role.SUPERVISOR and actor.government_id is not None:
        return government.id in set(db.scalars(government_subtree(actor.government_id)))
    return False


def _office_in_scope(db: Session, actor: Account | None, office: Office) -> bool:
    if actor is None or actor.role is Role.ADMIN:
        return True
    if actor.role is Role.SUPERVISOR and actor.government is not None:
        statement = select(Office.id).where(
            Office.id == office.id, scope_condition(actor.government)
        )
        return db.scalar(statement) is not None
    return False


def may_see(db: Session, actor: Account, account: Account) -> bool:
    """Administrators and the national office see every account; a supervisor those of its
    government and the governments below, and the editors of the offices it supervises."""
    if actor.role in (Role.ADMIN, Role.NATIONAL):
        return True
    if actor.role is not Role.SUPERVISOR:
        return False
    if account.government is not None:
        return government_in_scope(db, actor, account.government)
    if account.office is not None:
        return _office_in_scope(db, actor, account.office)
    return False


def may_change(db: Session, actor: Account | None, account: Account) -> bool:
    """Whether the actor may change the account: never their own, never a higher role, and
    only within their scope (an administrator everywhere)."""
    if actor is None:
        return True
    if actor.id == account.id or ROLE_RANK[account.role] < ROLE_RANK[actor.role]:
        return False
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.OFFICE_EDITOR:
        return False
    if account.office is not None:
        return _office_in_scope(db, actor, account.office)
    if account.government is not None:
        return government_in_scope(db, actor, account.government)
    return False


def visible_accounts(db: Session, actor: Account, limit: int = 500) -> list[Account]:
    """The accounts the actor may see, by role then e-mail address (at most `limit`)."""
    statement = select(Account).order_by(Account.role, Account.email).limit(limit)
    if actor.role is Role.SUPERVISOR and actor.government is not None:
        in_offices = select(Office.id).where(scope_condition(actor.government))
        statement = statement.where(
            or_(
                Account.government_id.in_(government_subtree(actor.government_id)),
                Account.office_id.in_(in_offices),
            )
        )
    elif actor.role not in (Role.ADMIN, Role.NATIONAL):
        return []
    return list(db.scalars(statement))


def _check_grant(
    db: Session,
    actor: Account | None,
    role: Role,
    government: Government | None,
    office: Office | None,
) -> None:
    """Raise AdminError when the actor may not give this role, government or office."""
    if actor is None:
        return
    if ROLE_RANK[role] < ROLE_RANK[actor.role]:
        raise AdminError(_l("You cannot give a role above your own."), field="role")
    if actor.role is Role.NATIONAL and role is not Role.NATIONAL:
        raise AdminError(_l("The national office gives only national accounts."), field="role")
    if government is not None and not government_in_scope(db, actor, government):
        raise AdminError(_l("This government is outside what you supervise."), field="government")
    if office is not None and not _office_in_scope(db, actor, office):
        raise AdminError(_l("This office is outside what you supervise."), field="office")


def _scope_of(account: Account) -> dict[str, object]:
    return {
        "role": account.role.value,
        "government": account.government.code if account.government else None,
        "office": account.office.slug if account.office else None,
        "active": account.active,
    }


def _government_of(account: Account) -> int | None:
    if account.government_id is not None:
        return account.government_id
    return account.office.establishing_government_id if account.office else None


def invite_account(
    db: Session,
    actor: Account | None,
    *,
    email: str,
    role: Role,
    government: Government | None = None,
    office: Office | None = None,
) -> tuple[Account, str]:
    """Create the account with an unusable password and a one-time invitation (72 hours).

    Returns the account and the invitation's token (mailed by the caller). Raises AdminError
    or AccountError (bad address, taken, the role lacks its government or office).
    """
    role = Role(role)
    _check_grant(db, actor, role, government, office)
    account = create_account(
        db,
        email=email,
        password=secrets.token_urlsafe(48),
        role=role,
        government=government if role is not Role.OFFICE_EDITOR else None,
        office=office,
    )
    token = issue_token(db, account, TokenPurpose.INVITATION, INVITATION_VALID)
    record_change(
        db,
        actor,
        "account_invited",
        account,
        government_id=_government_of(account),
        after=_scope_of(account) | {"email": account.email},
    )
    return account, token


def accept_invitation(db: Session, token: str, password: str) -> Account:
    """The invited person chooses their password; the invitation is used up. Audited.

    Raises RecoveryError for an unknown, used or expired invitation, AccountError for a weak
    password.
    """
    row = valid_token(db, token, TokenPurpose.INVITATION)
    if row is None:
        raise RecoveryError(
            _l(
                "This invitation is not valid any more: it was used, or it is more than 72 hours old."
            ),
            field="new_password",
        )
    set_password(db, row.account, password)
    claim_token(db, row)
    record_change(
        db,
        row.account,
        "invitation_accepted",
        row.account,
        government_id=_government_of(row.account),
    )
    return row.account


def _require(db: Session, actor: Account | None, account: Account, reason: str) -> str:
    if not may_change(db, actor, account):
        raise AdminError(_l("You cannot change this account."), field="role")
    reason = (reason or "").strip()
    if not reason:
        raise AdminError(_l("Say why you make this change."), field="reason")
    return reason


def change_account(
    db: Session,
    actor: Account | None,
    account: Account,
    *,
    role: Role,
    government: Government | None,
    office: Office | None,
    reason: str,
) -> None:
    """Another role, government or office (an editor assigned to another office); the
    account's sessions end. Audited with before, after and why. Raises AdminError or
    AccountError."""
    reason = _require(db, actor, account, reason)
    role = Role(role)
    if role is Role.OFFICE_EDITOR:
        government = None
    _check_grant(db, actor, role, government, office)
    before = _scope_of(account)
    change_role_and_scope(db, account, role, government, office)
    record_change(
        db,
        actor,
        "account_changed",
        account,
        government_id=_government_of(account),
        before=before,
        after=_scope_of(account),
        reason=reason,
    )


def deactivate(db: Session, actor: Account | None, account: Account, reason: str) -> None:
    """Stop the account signing in (its sessions end). Audited. Raises AdminError."""
    reason = _require(db, actor, account, reason)
    if not account.active:
        raise AdminError(_l("This account is already deactivated."), field="reason")
    deactivate_account(db, account)
    record_change(
        db,
        actor,
        "account_deactivated",
        account,
        government_id=_government_of(account),
        before={"active": True},
        after={"active": False},
        reason=reason,
    )


def reset_second_factor_of(
    db: Session, actor: Account | None, account: Account, reason: str
) -> None:
    """Turn another person's two-step sign-in off, with a reason (a lost phone without codes).

    Raises AdminError when the actor may not, RecoveryError without a reason.
    """
    if not may_change(db, actor, account):
        raise AdminError(_l("You cannot change this account."), field="reason")
    reset_second_factor(db, account, actor, reason)


def reset_password_of(
    db: Session,
    actor: Account | None,
    account: Account,
    new_password: str,
    *,
    reactivate: bool,
    reason: str,
) -> None:
    """Set another person's password (the operator's `flask accounts reset`), reactivating the
    account when asked; its sessions end. Audited. Raises AdminError or AccountError."""
    reason = _require(db, actor, account, reason)
    was_active = account.active
    reset_account(db, account, new_password, reactivate=reactivate)
    record_change(
        db,
        actor,
        "password_set",
        account,
        government_id=_government_of(account),
        before={"active": was_active},
        after={"active": account.active},
        reason=reason,
    )


__all__ = [
    "AccountError",
    "AdminError",
    "accept_invitation",
    "change_account",
    "deactivate",
    "invite_account",
    "may_change",
    "may_see",
    "reset_password_of",
    "reset_second_factor_of",
    "visible_accounts",
]
