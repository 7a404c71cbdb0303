"""E-mail to the complainant (issue 16 item 2): only to one who gave an address AND asked for
updates, each message with an unsubscribe link (a signed token, no sign-in needed).

The choice is kept inside the encrypted contact details (`email_updates`, portal.encryption), so
no new column says who gave an address. Complaints filed before the choice existed have no such
key and get no mail: anonymity and silence stay the default. Messages carry the reference and
what happened, never the secret, the complaint's text or the contact details.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from complaints.models import CONTACT_PURPOSE, Complaint
from portal.atom import public_base
from portal.encryption import decrypt_json, encrypt_json

UPDATES = "email_updates"  # key in the contact details: "yes" while the complainant wants mail
_SALT = "complaints/unsubscribe/v1"


def address_for_updates(complaint: Complaint) -> str | None:
    """The complainant's address when they asked for e-mail and have not unsubscribed."""
    if not complaint.contact_encrypted:
        return None
    contact = decrypt_json(CONTACT_PURPOSE, complaint.contact_encrypted)
    return contact.get("email") if contact.get(UPDATES) == "yes" else None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(complaint: Complaint) -> str:
    """A token naming the complaint, signed with the app's secret key: it cannot be forged or
    moved to another complaint, and it says nothing that tracking would need."""
    return _serializer().dumps({"complaint": complaint.id})


def complaint_id_of(token: str) -> int | None:
    """The complaint id a token names, or None when it is not one of ours."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    value = data.get("complaint") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def unsubscribe_url(complaint: Complaint) -> str:
    """The absolute unsubscribe link under the public base URL (works outside a request)."""
    path = current_app.url_map.bind("localhost").build(
        "complaints.unsubscribe", {"token": unsubscribe_token(complaint)}
    )
    return public_base() + path


def footer(complaint: Complaint) -> str:
    """The lines every message to the complainant ends with."""
    return (
        f"\n\n不想再收到有关此投诉的邮件？请打开：{unsubscribe_url(complaint)}\n"
        f"No more e-mail about this complaint? Open: {unsubscribe_url(complaint)}"
    )


def stop_updates(db: Session, complaint: Complaint) -> bool:
    """Stop the e-mail about a complaint; False when none was being sent. Flushes only."""
    if address_for_updates(complaint) is None:
        return False
    contact = decrypt_json(CONTACT_PURPOSE, complaint.contact_encrypted)
    contact.pop(UPDATES, None)
    complaint.contact_encrypted = encrypt_json(CONTACT_PURPOSE, contact)
    db.flush()
    return True
