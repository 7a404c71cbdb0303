"""A government's public complaint channels, kept by its own supervisors (and those above it):
phone, e-mail, postal address, website and reception hours. Add and flush, never commit."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from admin.accounts import AdminError, government_in_scope
from admin.audit import record_change
from admin.models import ChannelCheck
from portal.database import database
from portal.i18n import current_language
from portal.models import Account, Government

PHONE = re.compile(r"^[0-9+()\- ]{3,50}$")


@dataclass(frozen=True)
class Channels:
    """What the form holds; empty strings mean "none"."""

    phone: str = ""
    email: str = ""
    address: str = ""
    web: str = ""
    hours_zh: str = ""
    hours_en: str = ""


def may_edit_channels(db: Session, account: Account | None, government: Government) -> bool:
    """An administrator everywhere; a supervisor for its government and those below it; the
    national office for the national government."""
    return account is not None and government_in_scope(db, account, government)


def current_channels(db: Session, government: Government) -> Channels:
    check = db.get(ChannelCheck, government.id)
    return Channels(
        phone=government.contact_phone or "",
        email=government.contact_email or "",
        address=government.contact_address or "",
        web=government.contact_web or "",
        hours_zh=(check.hours_zh or "") if check else "",
        hours_en=(check.hours_en or "") if check else "",
    )


def _cleaned(values: Channels) -> Channels:
    """The values stripped and checked; raises AdminError on the field at fault."""
    values = Channels(**{name: (value or "").strip() for name, value in asdict(values).items()})
    if values.phone and not PHONE.match(values.phone):
        raise AdminError(
            _l("A phone number has digits, spaces, +, - and brackets only."), field="phone"
        )
    if values.email:
        try:
            validate_email(values.email, check_deliverability=False, test_environment=True)
        except EmailNotValidError as error:
            raise AdminError(_l("This is not a valid email address."), field="email") from error
    if values.web and not re.match(r"^https?://[^\s/]+\.[^\s]+$", values.web):
        raise AdminError(
            _l("A website address starts with http:// or https:// and has no spaces."), field="web"
        )
    limits = {
        "phone": 50,
        "email": 200,
        "address": 300,
        "web": 300,
        "hours_zh": 200,
        "hours_en": 300,
    }
    for name, limit in limits.items():
        if len(getattr(values, name)) > limit:
            raise AdminError(_l("At most %(count)d characters.", count=limit), field=name)
    return values


def save_channels(
    db: Session,
    actor: Account,
    government: Government,
    values: Channels,
    today: date,
    reason: str = "",
) -> bool:
    """Write the channels (shown on the government's page at once) and mark them checked today.

    Returns whether anything changed; a change is audited with before, after and the reason,
    a confirmation without change only moves the date checked. Raises AdminError.
    """
    if not may_edit_channels(db, actor, government):
        raise AdminError(_l("You cannot change this government's channels."), field="phone")
    values = _cleaned(values)
    before = current_channels(db, government)
    government.contact_phone = values.phone or None
    government.contact_email = values.email or None
    government.contact_address = values.address or None
    government.contact_web = values.web or None
    check = db.get(ChannelCheck, government.id)
    if check is None:
        check = ChannelCheck(government_id=government.id)
        db.add(check)
    check.hours_zh = values.hours_zh or None
    check.hours_en = values.hours_en or None
    check.checked_on = today
    check.checked_by_id = actor.id
    changed = before != values
    if changed:
        old, new = asdict(before), asdict(values)
        record_change(
            db,
            actor,
            "channels_changed",
            government,
            government_id=government.id,
            before={name: old[name] for name in old if old[name] != new[name]},
            after={name: new[name] for name in new if old[name] != new[name]},
            reason=(reason or "").strip() or None,
        )
    db.flush()
    return changed


def reception_hours(government: Government) -> tuple[str, str] | None:
    """(label, hours) of the government in the page's language (Chinese when no English is
    given), or None: the `contact_channels` macro shows them (a template global, so that the
    words stay in this package's catalog)."""
    check = database.session.get(ChannelCheck, government.id)
    if check is None or not (check.hours_zh or check.hours_en):
        return None
    if current_language() == "en" and check.hours_en:
        return str(_l("Reception hours")), check.hours_en
    return str(_l("Reception hours")), check.hours_zh or check.hours_en
