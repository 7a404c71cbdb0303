"""Sign-in recovery: password reset by an e-mailed one-time link, and recovery codes for a lost
phone. Services add and flush, never commit; tokens and codes are stored as keyed digests."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from admin.audit import record_change
from admin.models import AccountToken, RecoveryCode, TokenPurpose
from portal.accounts import end_sessions, find_account, set_password
from portal.clock import utcnow
from portal.encryption import keyed_digest
from portal.errors import PortalError
from portal.models import Account

RESET_VALID = timedelta(hours=1)
RECOVERY_CODE_COUNT = 10
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Lower-case letters and digits a person cannot confuse (no i, l, o, 0, 1)."""


class RecoveryError(PortalError):
    """A reset link or a recovery code was refused; `field` names the form input."""


def token_digest(token: str) -> str:
    """The keyed digest that stands for a one-time token or a code in the database."""
    return keyed_digest(str(current_app.config["SECRET_KEY"]), "account-token", token).hex()


def issue_token(db: Session, account: Account, purpose: TokenPurpose, valid: timedelta) -> str:
    """A new one-time token for the account (earlier unused ones of the purpose stop working).

    Returns the token itself, which is never stored: only its digest is.
    """
    now = utcnow()
    db.execute(
        update(AccountToken)
        .where(
            AccountToken.account_id == account.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    db.add(
        AccountToken(
            account_id=account.id,
            purpose=purpose,
            digest=token_digest(token),
            created_at=now,
            expires_at=now + valid,
        )
    )
    db.flush()
    return token


def valid_token(db: Session, token: str, purpose: TokenPurpose) -> AccountToken | None:
    """The unused, unexpired token of this purpose whose account is active, else None."""
    if not token or len(token) > 100:
        return None
    row = db.scalar(
        select(AccountToken).where(
            AccountToken.digest == token_digest(token), AccountToken.purpose == purpose
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def claim_token(db: Session, row: AccountToken) -> None:
    """Mark the token used, atomically: of two requests with the same link, one wins.

    Raises RecoveryError when it was used in the meantime.
    """
    result = db.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RecoveryError(_l("This link has already been used."), field="new_password")
    db.refresh(row)


def request_password_reset(db: Session, email: str) -> tuple[Account, str] | None:
    """A reset token for the active account with this e-mail address, or None.

    The caller shows the same answer either way (nobody learns whether an address has an
    account) and mails the link through the outbox.
    """
    account = find_account(db, email) if email else None
    if account is None or not account.active:
        return None
    return account, issue_token(db, account, TokenPurpose.PASSWORD_RESET, RESET_VALID)


def reset_password(db: Session, token: str, new_password: str) -> Account:
    """Give the token's account a new password, use the token up, end every session, audit.

    Raises RecoveryError when the link is unknown, used or expired, and AccountError when the
    password breaks the rule (then nothing is written: the caller rolls back).
    """
    row = valid_token(db, token, TokenPurpose.PASSWORD_RESET)
    if row is None:
        raise RecoveryError(
            _l("This link is not valid any more: it was used, or it is more than an hour old."),
            field="new_password",
        )
    account = row.account
    set_password(db, account, new_password)
    claim_token(db, row)
    record_change(
        db,
        None,
        "password_reset",
        account,
        government_id=account.government_id,
        reason="reset by e-mail link",
    )
    return account


def new_code() -> str:
    """A random recovery code: ten characters (50 bits) shown as two groups of five."""
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{characters[:5]}-{characters[5:]}"


def normalise_code(code: str) -> str:
    plain = "".join(character for character in code.lower() if character.isalnum())
    return f"{plain[:5]}-{plain[5:]}" if len(plain) == 10 else plain


def create_recovery_codes(db: Session, account: Account) -> list[str]:
    """Ten new recovery codes for the account; the earlier ones stop working. Audited.

    Returns the codes themselves, to be shown once; only their digests are stored.
    """
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
    now = utcnow()
    db.add_all(
        RecoveryCode(account_id=account.id, digest=token_digest(code), created_at=now)
        for code in codes
    )
    record_change(
        db, account, "recovery_codes_created", account, government_id=account.government_id
    )
    return codes


def remaining_recovery_codes(db: Session, account: Account) -> int:
    return db.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))
    )


def use_recovery_code(db: Session, account: Account, code: str) -> int:
    """Accept one unused recovery code of the account, once (atomically). Audited.

    Returns how many codes remain. Raises RecoveryError when the code is wrong or used.
    """
    refused = RecoveryError(_l("This recovery code is not right, or it was used before."), "code")
    normalised = normalise_code(code)
    if len(normalised) != 11:
        raise refused
    result = db.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.account_id == account.id,
            RecoveryCode.digest == token_digest(normalised),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise refused
    record_change(db, account, "recovery_code_used", account, government_id=account.government_id)
    return remaining_recovery_codes(db, account)


def reset_second_factor(db: Session, account: Account, actor: Account | None, reason: str) -> None:
    """Turn the account's two-step sign-in off, so that it enrols a new phone at its next
    sign-in (its recovery codes go too). Audited with the reason.

    The holder may do it for themselves once signed in (with a recovery code, say); done for
    someone else, every session of that account ends. Raises RecoveryError without a reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RecoveryError(_l("Say why the second factor is reset."), field="reason")
    before = {"two_factor": "on" if account.totp_secret else "off"}
    account.totp_secret = None
    account.totp_enabled_at = None
    account.totp_last_used_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    if actor is None or actor.id != account.id:
        end_sessions(account)
    record_change(
        db,
        actor,
        "second_factor_reset",
        account,
        government_id=account.government_id,
        before=before,
        after={"two_factor": "off"},
        reason=reason,
    )
