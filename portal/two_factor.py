"""Second factor: time-based one-time codes (TOTP), encrypted secrets, QR codes, no replays."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from portal.clock import utcnow
from portal.encryption import DecryptionError, decrypt_text, encrypt_text
from portal.errors import PortalError
from portal.models import Account

ISSUER = "Liaison Office Transparency Portal"
CIPHER_PURPOSE = "totp"
VALID_WINDOW = 1
"""Codes of the previous and next 30-second step are accepted too (clocks drift)."""


class TwoFactorError(PortalError):
    """A one-time code was refused; `field` names the form input."""

    def __init__(self, message, field: str = "code") -> None:
        super().__init__(message, field)


def new_secret() -> str:
    """A fresh random base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(length=32)


def encrypt_secret(secret: str) -> str:
    """The secret encrypted with a key derived from DATA_KEY (needs an app context)."""
    return encrypt_text(CIPHER_PURPOSE, secret)


def decrypt_secret(token: str) -> str | None:
    """The secret, or None when the token was not made with this DATA_KEY."""
    try:
        return decrypt_text(CIPHER_PURPOSE, token)
    except DecryptionError:
        return None


def provisioning_uri(account: Account, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=ISSUER)


def qr_code_svg(uri: str, title: str) -> Markup:
    """The QR code as inline SVG, drawn on our own server (no image from another host)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    return Markup(svg)  # noqa: S704  # nosec B704  # segno's own SVG output, the title escaped by segno


def format_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise_code(code: str) -> str:
    return "".join(code.split())


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is (within the allowed drift), or None."""
    code = _normalise_code(code)
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(db: Session, account: Account, step: int) -> bool:
    """Record the step as used, atomically: a concurrent request with the same code loses."""
    result = db.execute(
        update(Account)
        .where(
            Account.id == account.id,
            or_(Account.totp_last_used_step.is_(None), Account.totp_last_used_step < step),
        )
        .values(totp_last_used_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    account.totp_last_used_step = step
    db.flush()
    return True


def verify_sign_in_code(db: Session, account: Account, code: str, now: datetime | None = None):
    """Accept the code of an enrolled account once; a code already used cannot be replayed.

    Raises TwoFactorError when the code is wrong, too old, or was used before.
    """
    secret = decrypt_secret(account.totp_secret) if account.totp_secret else None
    step = matching_step(secret, code, now) if secret else None
    if step is None or not _claim_step(db, account, step):
        raise TwoFactorError(_l("This code is not right. Enter the current code from your app."))


def enable_two_factor(
    db: Session, account: Account, secret: str, code: str, now: datetime | None = None
) -> None:
    """Turn on the second factor once the person proves their app shows the right code.

    Raises TwoFactorError when the code does not match the new secret.
    """
    step = matching_step(secret, code, now)
    if step is None:
        raise TwoFactorError(
            _l("This code does not match. Check the time on your phone and try again.")
        )
    account.totp_secret = encrypt_secret(secret)
    account.totp_enabled_at = now or utcnow()
    account.totp_last_used_step = step
    db.flush()
