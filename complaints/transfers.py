"""Transfers as supervisors see them (issue 16 item 6): the receiving government found by its
name in either language (or its code), the names offered to choose from, and the read-only
trace a sending government keeps of what it transferred."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from complaints.models import Complaint, ComplaintEvent, EventKind
from portal.errors import PortalError
from portal.models import Government, GovernmentLevel

TRACE_LIMIT = 50
LISTED = re.compile(r".*\((\d{6})\)")


class ReceiverError(PortalError):
    """The typed receiving government is unknown or ambiguous (field "government")."""


def receiving_government(db: Session, text: str) -> Government:
    """The government named (Chinese or English, any case) or coded by `text`, or chosen from
    the list ("Name (code)": names repeat, e.g. Jilin the province and Jilin the city).

    Raises ReceiverError when none matches, or when several do (then the codes tell them apart).
    """
    typed = " ".join((text or "").split())
    listed = LISTED.fullmatch(typed)  # as the list offers it: "Name (130000)"
    if listed:
        typed = listed.group(1)
    if typed.isdigit() and len(typed) == 6:
        found = list(db.scalars(select(Government).where(Government.code == typed)))
    else:
        found = list(
            db.scalars(
                select(Government)
                .options(joinedload(Government.parent))
                .where(
                    or_(
                        Government.name_zh == typed, func.lower(Government.name_en) == typed.lower()
                    )
                )
                .order_by(Government.code)
                .limit(10)
            )
        )
    if not found:
        raise ReceiverError(
            _l(
                "No government has this name. Type its full name in Chinese or English as in "
                "the list, or its six-digit code."
            ),
            "government",
        )
    if len(found) > 1:
        codes = ", ".join(
            f"{g.code} ({g.parent.name_zh if g.parent else g.name_zh})" for g in found
        )
        raise ReceiverError(
            _l(
                "Several governments have this name: type the code of one of them: %(codes)s.",
                codes=codes,
            ),
            "government",
        )
    return found[0]


def receiver_choices(db: Session, complaint: Complaint) -> list[Government]:
    """Names offered in the form: the national level, the provinces, and the governments of the
    province the complaint is handled in (the others are found by typing their name)."""
    primary = complaint.primary_government
    province_id = None
    node = primary
    while node is not None:
        if node.level == GovernmentLevel.PROVINCIAL:
            province_id = node.id
        node = node.parent
    query = select(Government).where(
        Government.level.in_([GovernmentLevel.NATIONAL, GovernmentLevel.PROVINCIAL])
    )
    if province_id is not None:
        query = select(Government).where(
            or_(
                Government.level.in_([GovernmentLevel.NATIONAL, GovernmentLevel.PROVINCIAL]),
                Government.parent_id == province_id,
            )
        )
    return [g for g in db.scalars(query.order_by(Government.code)) if g.id != primary.id]


@dataclass(frozen=True)
class TransferTrace:
    reference: str
    to_government: Government
    on: datetime
    reason: str


def transferred_away(db: Session, government_id: int | None) -> list[TransferTrace]:
    """What this government transferred to others, newest first (it no longer sees them)."""
    if government_id is None:
        return []
    rows = db.execute(
        select(ComplaintEvent, Complaint.reference)
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .options(joinedload(ComplaintEvent.government))
        .where(
            ComplaintEvent.kind == EventKind.TRANSFERRED,
            ComplaintEvent.data["from_government"].as_integer() == government_id,
        )
        .order_by(ComplaintEvent.id.desc())
        .limit(TRACE_LIMIT)
    )
    return [
        TransferTrace(reference, event.government, event.created_at, event.body or "")
        for event, reference in rows
    ]
