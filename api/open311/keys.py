"""Issuing, revoking and checking partner keys, and auditing each use. Flushes, never commits."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.open311.models import ApiKey, ApiKeyUse
from portal.clock import utcnow
from portal.encryption import keyed_digest
from portal.errors import PortalError

KEY_PURPOSE = "api/open311-key/v1"
MAX_KEY = 100


class ApiKeyError(PortalError):
    """A key that is missing, unknown or revoked (answered with 403)."""


def digest_of(secret_key: str, key: str) -> str:
    return keyed_digest(secret_key, KEY_PURPOSE, key).hex()


def issue_key(db: Session, secret_key: str, partner: str) -> tuple[ApiKey, str]:
    """A new key for a partner: the record, and the key itself (shown once, never stored)."""
    partner = partner.strip()
    if not partner or len(partner) > 200:
        raise PortalError(_l("Name the partner (at most 200 characters)."), "partner")
    key = "lotp_" + secrets.token_urlsafe(32)
    record = ApiKey(partner=partner, prefix=key[:12], digest=digest_of(secret_key, key))
    db.add(record)
    db.flush()
    return record, key


def revoke_key(db: Session, prefix: str) -> ApiKey:
    """Revoke the key that starts with `prefix`; PortalError when none (or more than one) does."""
    found = list(db.scalars(select(ApiKey).where(ApiKey.prefix == prefix[:12])))
    if len(found) != 1:
        raise PortalError(_l("No single key starts with these characters."), "prefix")
    if found[0].revoked_at is None:
        found[0].revoked_at = utcnow()
        db.flush()
    return found[0]


def key_for(db: Session, secret_key: str, key: str | None) -> ApiKey:
    """The active key sent with a request. Raises ApiKeyError on `api_key` otherwise."""
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ApiKeyError(_l("Send the API key your partner agreement gave you."), "api_key")
    found = db.scalar(select(ApiKey).where(ApiKey.digest == digest_of(secret_key, key)))
    if found is None or not found.active:
        raise ApiKeyError(_l("This API key is not valid or has been revoked."), "api_key")
    return found


def record_use(
    db: Session,
    key: ApiKey,
    action: str,
    *,
    reference: str | None = None,
    field: str | None = None,
) -> ApiKeyUse:
    """Audit one use of a key: accepted with the complaint's reference, or refused with the
    field at fault. Nothing about the client (address, agent) is recorded."""
    use = ApiKeyUse(
        key_id=key.id,
        at=utcnow(),
        action=action,
        outcome="refused" if reference is None else "accepted",
        reference=reference,
        field=(field or None) and field[:40],
    )
    db.add(use)
    db.flush()
    return use
