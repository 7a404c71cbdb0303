"""Account services: create accounts and check passwords (Argon2). Flush, never commit."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Account, Government, Office, Role

_hasher = PasswordHasher()


class AccountError(Exception):
    """An account cannot be created or changed as asked; `field` names the input at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_account(db: Session, email: str) -> Account | None:
    return db.scalar(select(Account).where(func.lower(Account.email) == normalise_email(email)))


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

    Raises AccountError when the email is taken or the role lacks the government or office
    it needs (supervisor and national accounts belong to a government, editors to an office).
    """
    role = Role(role)
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError("An email address is required.", field="email")
    if find_account(db, email) is not None:
        raise AccountError("An account with this email address already exists.", field="email")
    if role in (Role.SUPERVISOR, Role.NATIONAL) and government is None:
        raise AccountError("This role needs a government.", field="government")
    if role is Role.OFFICE_EDITOR and office is None:
        raise AccountError("An office editor needs an office.", field="office")
    account = Account(
        email=email,
        password_hash=hash_password(password),
        role=role,
        government=government,
        office=office if role is Role.OFFICE_EDITOR else None,
        active=True,
        session_epoch=0,
    )
    db.add(account)
    db.flush()
    return account
