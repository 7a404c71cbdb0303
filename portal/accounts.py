"""Account services: create, authenticate, change passwords, deactivate, end sessions. Never commit."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.clock import utcnow
from portal.errors import PortalError
from portal.models import Account, Government, Office, Role
from portal.passwords import password_problem

TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.NATIONAL, Role.SUPERVISOR})
"""Roles that must sign in with a second factor when REQUIRE_2FA is on."""


@lru_cache(maxsize=4)
def _hasher_with(parameters: tuple[tuple[str, int], ...]) -> PasswordHasher:
    return PasswordHasher(**dict(parameters))


def _hasher() -> PasswordHasher:
    """Argon2id with argon2-cffi's defaults, or PASSWORD_HASH_PARAMETERS (tests lower the cost)."""
    parameters = current_app.config.get("PASSWORD_HASH_PARAMETERS") if current_app else None
    return _hasher_with(tuple(sorted((parameters or {}).items())))


class AccountError(PortalError):
    """An account cannot be created or changed as asked; `field` names the input at fault.

    `message` may be a lazy translation: str() renders it in the current language.
    """


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """A hash made with the current parameters, so an unknown email costs what a known one does."""
    return _dummy_hash_with(_hasher())


@lru_cache(maxsize=4)
def _dummy_hash_with(hasher: PasswordHasher) -> str:
    return hasher.hash("no account has this password, it only costs time")


def check_new_password(password: str, email: str | None = None, field: str = "password") -> None:
    """Raise AccountError on `field` when the password breaks the rule of password_problem."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, field=field)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_account(db: Session, email: str) -> Account | None:
    return db.scalar(select(Account).where(func.lower(Account.email) == normalise_email(email)))


def list_accounts(db: Session) -> list[Account]:
    """Every account, by role then email."""
    return list(db.scalars(select(Account).order_by(Account.role, Account.email)))


def check_role_scope(role: Role, government: Government | None, office: Office | None) -> None:
    """Raise AccountError unless the role has what it needs: supervisor and national accounts
    belong to a government, an office editor to an office (and to nothing else)."""
    if role in (Role.SUPERVISOR, Role.NATIONAL) and government is None:
        raise AccountError(_l("This role needs a government."), field="government")
    if role is Role.OFFICE_EDITOR and office is None:
        raise AccountError(_l("An office editor needs an office."), field="office")
    if role is not Role.OFFICE_EDITOR and office is not None:
        raise AccountError(_l("Only an office editor belongs to an office."), field="office")
    if role is Role.OFFICE_EDITOR and government is not None:
        raise AccountError(
            _l("An office editor belongs to an office, not to a government."), field="government"
        )


def change_role_and_scope(
    db: Session,
    account: Account,
    role: Role,
    government: Government | None = None,
    office: Office | None = None,
) -> None:
    """Give the account another role, government or office; every session of it ends (what it
    may see changed). Raises AccountError when the role lacks what it needs."""
    role = Role(role)
    if role is Role.ADMIN:
        government = None
    check_role_scope(role, government, office)
    account.role = role
    account.government = government
    account.office = office
    end_sessions(account)
    db.flush()


def create_account(
    db: Session,
    *,
    email: str,
    password: str,
    role: Role,
    government: Government | None = None,
    office: Office | None = None,
) -> Account:
    """Add an account with a hashed password.

    Raises AccountError when the email is invalid or taken, the password breaks the rule, or
    the role lacks the government or office it needs (supervisor and national accounts belong
    to a government, editors to an office).
    """
    role = Role(role)
    try:
        email = normalise_email(
            validate_email(
                email.strip(), check_deliverability=False, test_environment=True
            ).normalized
        )
    except EmailNotValidError as error:
        raise AccountError(_l("This is not a valid email address."), field="email") from error
    if find_account(db, email) is not None:
        raise AccountError(_l("An account with this email address already exists."), field="email")
    check_role_scope(role, government, office)
    check_new_password(password, email)
    account = Account(
        email=email,
        password_hash=hash_password(password),
        role=role,
        government=government,
        office=office,
        active=True,
        session_epoch=0,
        password_changed_at=utcnow(),
    )
    db.add(account)
    db.flush()
    return account


def authenticate(db: Session, email: str, password: str) -> Account | None:
    """The active account with this email and password, or None.

    The same Argon2 work is done for an unknown email, so the answer's timing does not tell
    whether an account exists. A hash made with weaker parameters is upgraded on success.
    """
    account = find_account(db, email) if email else None
    if account is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(account.password_hash, password) or not account.active:
        return None
    if _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_login_at = utcnow()
    db.flush()
    return account


def end_sessions(account: Account) -> None:
    """End every session of the account (each session carries the epoch it was started in)."""
    account.session_epoch = (account.session_epoch or 0) + 1


def set_password(db: Session, account: Account, new_password: str) -> None:
    """Give the account a new password and end all its sessions.

    Raises AccountError (field "new_password") when the password breaks the rule.
    """
    check_new_password(new_password, account.email, field="new_password")
    account.password_hash = hash_password(new_password)
    account.password_changed_at = utcnow()
    end_sessions(account)
    db.flush()


def change_password(
    db: Session, account: Account, current_password: str, new_password: str
) -> None:
    """The account holder changes their password: the current one must be right.

    Raises AccountError on "current_password" or "new_password". Every session ends; the
    view starts a new one for the person who made the change.
    """
    if not verify_password(account.password_hash, current_password):
        raise AccountError(_l("The current password is not right."), field="current_password")
    if verify_password(account.password_hash, new_password):
        raise AccountError(
            _l("The new password must differ from the current one."), field="new_password"
        )
    set_password(db, account, new_password)


def deactivate_account(db: Session, account: Account) -> None:
    """Stop the account from signing in and end all its sessions (the record stays, for history)."""
    account.active = False
    end_sessions(account)
    db.flush()


def reset_account(
    db: Session,
    account: Account,
    new_password: str,
    *,
    reset_second_factor: bool = False,
    reactivate: bool = False,
) -> None:
    """An administrator sets a new password (optionally clearing the second factor, reactivating).

    Every session ends. Raises AccountError on a weak password.
    """
    set_password(db, account, new_password)
    if reactivate:
        account.active = True
    if reset_second_factor:
        account.totp_secret = None
        account.totp_enabled_at = None
        account.totp_last_used_step = None
    db.flush()


def two_factor_enrolled(account: Account) -> bool:
    return account.totp_secret is not None


def second_factor_needed(account: Account, require_2fa: bool) -> bool:
    """Whether signing in takes a code: always once enrolled; for some roles when required."""
    return two_factor_enrolled(account) or (require_2fa and account.role in TWO_FACTOR_ROLES)
