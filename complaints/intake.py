"""Filing a complaint: check the intake, route it, store it with its events, queue notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_gettext as translated
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import attachments as files
from complaints import outbox, receipts, routing
from complaints.deadlines import due_dates
from complaints.mail import UPDATES
from complaints.models import (
    CONTACT_PURPOSE,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintRoute,
    EventKind,
    RouteRole,
)
from complaints.queries import government_facts
from portal.clock import china_day, utcnow
from portal.encryption import decrypt_json, encrypt_json
from portal.errors import PortalError
from portal.models import Government, GovernmentLevel, Office
from portal.oversight.scope import under_the_circular
from portal.queries import office_by_slug

MAX_BODY = 10_000
RETRY_WINDOW = timedelta(hours=24)


class IntakeError(PortalError):
    """A complaint (or a complainant's later message) cannot be filed as sent; `field` names the
    form field at fault ("nonce": the form itself, which the person cannot correct)."""


@dataclass
class Intake:
    """What a complainant sends (already shape-checked by the form, or built by the demo)."""

    nonce: str
    category: str
    body: str
    office_slug: str | None = None
    unlisted_name: str | None = None
    unlisted_city: str | None = None
    unlisted_runner: str | None = None
    unlisted_province_code: str | None = None
    occurred_on: date | None = None
    occurred_where: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    email_updates: bool = False  # asked for e-mail at each public change (issue 16 item 2)
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def contact(self) -> dict[str, str]:
        values = {
            "name": self.contact_name,
            "phone": self.contact_phone,
            "email": self.contact_email,
        }
        contact = {key: value.strip() for key, value in values.items() if value and value.strip()}
        if self.email_updates and "email" in contact:
            contact[UPDATES] = "yes"
        return contact


def contact_of(complaint: Complaint) -> dict[str, str]:
    """The complainant's contact details ({} when anonymous); needs an app context for the keys.

    Raises portal.encryption.DecryptionError when none of the configured data keys opens them.
    """
    if not complaint.contact_encrypted:
        return {}
    return decrypt_json(CONTACT_PURPOSE, complaint.contact_encrypted)


@dataclass
class Receipt:
    """What the complainant is shown: the complaint and its secret; `new` is False on a retry."""

    complaint: Complaint
    secret: str
    new: bool


def attach_files(
    db: Session,
    upload_dir: str,
    event: ComplaintEvent,
    checked: list[files.CleanFile],
    now: datetime,
    stored: list[str],
) -> None:
    """Store checked files and add their rows to the event's complaint.

    Each stored name is appended to `stored` as soon as the file is written, so that the
    caller can remove the files again if anything after this fails.
    """
    for clean in checked:
        name = files.store(upload_dir, clean)
        stored.append(name)
        db.add(
            ComplaintAttachment(
                complaint=event.complaint,
                event=event,
                stored_name=name,
                filename=clean.filename,
                media_type=clean.media_type,
                size_bytes=len(clean.data),
                sha256=clean.sha256,
                created_at=now,
            )
        )


def route_office(db: Session, office: Office) -> routing.RoutingDecision:
    """The routing decision for a listed office (used by intake and the office page).

    Raises routing.RoutingError when nobody may supervise the office.
    """
    facts = government_facts(db, office.establishing_government)
    return routing.route_listed_office(facts, office.host_province_id)


def routing_message(error: routing.RoutingError):
    """A routing error's message in the page's language (routing.py marks it, being pure)."""
    return translated(error.message)


def resolve_place(
    db: Session, intake: Intake
) -> tuple[Office | None, int, routing.RoutingDecision]:
    """(office or None, host province id, routing decision) of the office an intake names: a
    listed office by its slug, or an unlisted one by its name, city and province. Also the
    routing preview of the form (issue 16 item 4). Raises IntakeError naming the field."""
    if intake.office_slug:
        office = office_by_slug(db, intake.office_slug)
        if office is None:
            raise IntakeError(
                _l(
                    "This office is not in the registry. Search again, or "
                    "choose “the office is not listed”."
                ),
                "office",
            )
        try:
            decision = route_office(db, office)
        except routing.RoutingError as error:
            raise IntakeError(routing_message(error), "office") from None
        return office, office.host_province_id, decision
    name = (intake.unlisted_name or "").strip()
    city = (intake.unlisted_city or "").strip()
    if not name:
        raise IntakeError(
            _l("Choose an office, or give the name of the office that is not listed."),
            "office",
        )
    if not city:
        raise IntakeError(_l("Give the city where the office is."), "unlisted_city")
    code = intake.unlisted_province_code or ""
    # Only a code of six digits reaches the database: the form is drawn again (with its routing
    # preview) before its fields are validated, and PostgreSQL refuses a NUL in a query outright.
    province = (
        db.scalar(
            select(Government).where(
                Government.code == code, Government.level == GovernmentLevel.PROVINCIAL
            )
        )
        if code.isascii() and code.isdigit() and len(code) == 6
        else None
    )
    if province is None or not under_the_circular(province.code):
        # Taiwan, Hong Kong and Macao are outside the circular (issue 15 item 1).
        raise IntakeError(_l("Choose the province where the office is."), "unlisted_province")
    return None, province.id, routing.route_unlisted_office(province.id)


def _unique_reference(db: Session, year: int) -> str:
    for _attempt in range(20):
        reference = receipts.new_reference(year)
        if db.scalar(select(Complaint.id).where(Complaint.reference == reference)) is None:
            return reference
    raise RuntimeError("could not draw a free reference")  # 30**6 per year: practically never


def submit_complaint(
    db: Session,
    intake: Intake,
    *,
    data_key: str,
    upload_dir: str,
    now: datetime | None = None,
    retry_window: timedelta = RETRY_WINDOW,
) -> Receipt:
    """File a complaint the way a citizen does: check, route, store, and queue notifications.

    A second call with the same form nonce within `retry_window` returns the first receipt
    (same reference, same secret) and stores nothing. Adds and flushes; never commits.
    Attachment files are written before the flush and removed again if the flush fails.
    `data_key` (the current DATA_KEY) keys the nonce digest and the secret; the contact details
    and notification recipients are encrypted with the app's keys (portal.encryption).

    Raises IntakeError (with the field at fault) for an unknown office, a forged category,
    an empty or oversized text, an unacceptable file, or a nonce already used long ago.
    """
    now = now or utcnow()
    if not receipts.NONCE_PATTERN.fullmatch(intake.nonce or ""):
        raise IntakeError(_l("The form has expired. Please send it again."), "nonce")
    digest = receipts.nonce_digest(data_key, intake.nonce)
    existing = db.scalar(select(Complaint).where(Complaint.nonce_digest == digest))
    if existing is not None:
        if now - existing.submitted_at > retry_window:
            raise IntakeError(
                _l(
                    "This form was already sent. Use your reference and secret "
                    "to follow the complaint."
                ),
                "nonce",
            )
        return Receipt(existing, receipts.secret_for_nonce(data_key, intake.nonce), new=False)

    try:
        category = ComplaintCategory(intake.category)
    except ValueError:
        raise IntakeError(_l("Choose one of the categories."), "category") from None
    body = (intake.body or "").strip()
    if not body:
        raise IntakeError(_l("Say what happened."), "body")
    if len(body) > MAX_BODY:
        raise IntakeError(_l("Keep the text under %(count)d characters.", count=MAX_BODY), "body")
    office, host_province_id, decision = resolve_place(db, intake)
    if intake.email_updates and not (intake.contact_email or "").strip():
        raise IntakeError(
            _l("Give your e-mail address to receive e-mail, or untick the box."), "contact_email"
        )
    try:
        checked = files.check_attachments(intake.files)
    except files.AttachmentError as error:
        raise IntakeError(error.message, error.field) from None

    secret = receipts.secret_for_nonce(data_key, intake.nonce)
    acknowledge_by, resolve_by = due_dates(now)
    contact = intake.contact()
    complaint = Complaint(
        reference=_unique_reference(db, china_day(now).year),
        secret_hash=receipts.hash_secret(secret, data_key),
        nonce_digest=digest,
        category=category,
        office=office,
        unlisted_office_name=None if office else intake.unlisted_name.strip()[:200],
        unlisted_office_city=None if office else intake.unlisted_city.strip()[:100],
        unlisted_office_runner=None
        if office
        else (intake.unlisted_runner or "").strip()[:200] or None,
        host_province_id=host_province_id,
        primary_government_id=decision.primary.government_id,
        body=body,
        occurred_on=intake.occurred_on,
        occurred_where=(intake.occurred_where or "").strip()[:300] or None,
        contact_encrypted=encrypt_json(CONTACT_PURPOSE, contact) if contact else None,
        submitted_at=now,
        acknowledge_due_on=acknowledge_by,
        resolve_due_on=resolve_by,
        escalation_level=0,
    )
    db.add(complaint)
    submitted = ComplaintEvent(
        complaint=complaint,
        kind=EventKind.SUBMITTED,
        created_at=now,
        by_complainant=True,
        public=True,
        data={
            "acknowledge_due_on": acknowledge_by.isoformat(),
            "resolve_due_on": resolve_by.isoformat(),
        },
    )
    db.add(submitted)
    for route in decision.routes:
        db.add(
            ComplaintRoute(
                complaint=complaint,
                government_id=route.government_id,
                role=RouteRole.PRIMARY if route.primary else RouteRole.COPY,
                rule=route.rule,
                active=True,
                created_at=now,
            )
        )
        db.add(
            ComplaintEvent(
                complaint=complaint,
                kind=EventKind.ROUTED,
                created_at=now,
                public=True,
                government_id=route.government_id,
                data={"rule": route.rule, "role": "primary" if route.primary else "copy"},
            )
        )
    stored: list[str] = []
    try:
        attach_files(db, upload_dir, submitted, checked, now, stored)
        db.flush()
        # No address, or not asked for: no mail to the complainant (issue 16 item 2).
        asked = contact.get("email") if contact.get(UPDATES) == "yes" else None
        outbox.queue_new_complaint(db, complaint, asked)
        db.flush()
    except Exception:
        files.remove(upload_dir, stored)
        raise
    return Receipt(complaint, secret, new=True)
