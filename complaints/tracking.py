"""Tracking by reference and secret: find the complaint, show its public history, add to it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import attachments as files
from complaints import outbox, receipts
from complaints.intake import MAX_BODY, IntakeError, attach_files
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    EventKind,
)
from portal.clock import utcnow
from portal.models import Government

MAX_ATTACHMENTS_PER_COMPLAINT = 20


def find_for_tracking(db: Session, reference: str, secret: str) -> Complaint | None:
    """The complaint whose reference and secret match, else None.

    An unknown reference costs the same digest check as a wrong secret, so the answer (and its
    timing) does not reveal whether a reference exists. A correct secret whose stored hash is
    an old Argon2 hash (or a digest under an old data key) is stored again as the current
    digest; flushed, so it lasts once the caller commits.
    """
    normalised = receipts.normalise_reference(reference)
    complaint = None
    if receipts.REFERENCE_PATTERN.fullmatch(normalised):
        complaint = db.scalar(select(Complaint).where(Complaint.reference == normalised))
    hashed = complaint.secret_hash if complaint is not None else None
    if receipts.verify_secret(hashed, secret) and complaint is not None:
        if receipts.needs_rehash(complaint.secret_hash, secret):
            complaint.secret_hash = receipts.hash_secret(receipts.normalise_secret(secret))
            db.flush()
        return complaint
    return None


def public_events(complaint: Complaint) -> list[ComplaintEvent]:
    """The events a complainant may see (never internal notes or assignments)."""
    return [event for event in complaint.events if event.public]


def add_complainant_message(
    db: Session,
    complaint: Complaint,
    body: str,
    uploads: list[tuple[str, bytes]],
    *,
    upload_dir: str,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Append the complainant's reply or additional information, with its attachments.

    Tells the primary government through the outbox. Adds and flushes; never commits.
    Raises IntakeError on an empty or oversized text, or an unacceptable file.
    """
    now = now or utcnow()
    text = (body or "").strip()
    if not text:
        raise IntakeError(_l("Write a message."), "body")
    if len(text) > MAX_BODY:
        raise IntakeError(_l("Keep the text under %(count)d characters.", count=MAX_BODY), "body")
    if len(complaint.attachments) + len(uploads) > MAX_ATTACHMENTS_PER_COMPLAINT:
        refused = files.AttachmentError("too_many")
        raise IntakeError(refused.message, refused.field)
    try:
        checked = files.check_attachments(uploads)
    except files.AttachmentError as error:
        raise IntakeError(error.message, error.field) from None
    event = ComplaintEvent(
        complaint=complaint,
        kind=EventKind.COMPLAINANT_MESSAGE,
        created_at=now,
        by_complainant=True,
        public=True,
        body=text,
        data={"while_status": complaint.status.value},
    )
    db.add(event)
    stored: list[str] = []
    try:
        attach_files(db, upload_dir, event, checked, now, stored)
        outbox.tell_government(
            db,
            complaint,
            db.get(Government, complaint.primary_government_id),
            f"投诉人补充材料 New information on {complaint.reference}",
            f"投诉 {complaint.reference} 的投诉人发来了新消息。\n"
            f"The complainant of {complaint.reference} sent a new message. "
            "Sign in to the portal to read it.",
            template="complainant_message",
        )
        db.flush()
    except Exception:
        files.remove(upload_dir, stored)
        raise
    return event


def is_open(complaint: Complaint) -> bool:
    return complaint.status != ComplaintStatus.CLOSED
