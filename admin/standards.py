"""A province keeps its reception standard for a year on the web: saved as a draft first, then
published with a reason, each publication a numbered revision (who, when, the figures before and
after, why). Publishing goes through the disclosures package's own service
(`disclosures.standards.set_reception_standard`), so the public /standards/ pages and rule R6
read it at once and the receptions in the province's capital are checked again (the findings
outbox watches `reception_standard`). Add and flush, never commit."""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.accounts import AdminError
from admin.audit import record_change
from admin.models import StandardDraft, StandardRevision
from disclosures.models import ReceptionStandard
from disclosures.standards import set_reception_standard
from portal.clock import utcnow
from portal.models import Account, Government, GovernmentLevel, Role

MAX_CAP_FEN = 2_000_000_000
"""The caps are 32-bit integers in the database: a larger amount is refused, not overflowed."""


def may_set_standard(account: Account | None, province: Government) -> bool:
    """An administrator, or a supervisor of the province itself."""
    if account is None or province.level != GovernmentLevel.PROVINCIAL:
        return False
    return account.role is Role.ADMIN or (
        account.role is Role.SUPERVISOR and account.government_id == province.id
    )


def standard_for(db: Session, province: Government, year: int) -> ReceptionStandard | None:
    return db.scalar(
        select(ReceptionStandard).where(
            ReceptionStandard.province_id == province.id, ReceptionStandard.year == year
        )
    )


def draft_for(db: Session, province: Government, year: int) -> StandardDraft | None:
    return db.scalar(
        select(StandardDraft).where(
            StandardDraft.province_id == province.id, StandardDraft.year == year
        )
    )


def drafts_of(db: Session, province: Government) -> list[StandardDraft]:
    return list(
        db.scalars(
            select(StandardDraft)
            .where(StandardDraft.province_id == province.id)
            .order_by(StandardDraft.year.desc())
        )
    )


def revisions_of(db: Session, province: Government, limit: int = 100) -> list[StandardRevision]:
    """The province's published revisions, the latest first."""
    return list(
        db.scalars(
            select(StandardRevision)
            .where(StandardRevision.province_id == province.id)
            .order_by(StandardRevision.published_at.desc(), StandardRevision.id.desc())
            .limit(limit)
        )
    )


def _figures(standard: ReceptionStandard | StandardDraft | None) -> dict[str, object]:
    if standard is None:
        return {}
    return {
        "night_cap_fen": standard.night_cap_fen,
        "meal_cap_fen": standard.meal_cap_fen,
        "reference": standard.reference,
    }


def _check(actor: Account | None, province: Government, year: int, caps: dict[str, int]) -> None:
    if not may_set_standard(actor, province):
        raise AdminError(_l("You cannot set this province's standard."), field="year")
    if not 2000 <= year <= 2100:
        raise AdminError(_l("The year must be between 2000 and 2100."), field="year")
    for field, fen in caps.items():
        if not isinstance(fen, int) or fen < 0:
            raise AdminError(_l("An amount cannot be negative."), field=field)
        if fen > MAX_CAP_FEN:
            raise AdminError(_l("This amount is too large: at most 20,000,000 yuan."), field=field)


def save_draft(
    db: Session,
    actor: Account,
    province: Government,
    year: int,
    *,
    night_cap_fen: int,
    meal_cap_fen: int,
    reference: str,
) -> StandardDraft:
    """Save (or change) the draft of the province's standard for the year; nothing public
    changes. Audited. Raises AdminError."""
    _check(actor, province, year, {"night_cap": night_cap_fen, "meal_cap": meal_cap_fen})
    draft = draft_for(db, province, year)
    before = _figures(draft)
    if draft is None:
        draft = StandardDraft(province_id=province.id, year=year)
        db.add(draft)
    draft.night_cap_fen = night_cap_fen
    draft.meal_cap_fen = meal_cap_fen
    draft.reference = (reference or "").strip()[:200] or None
    draft.saved_at = utcnow()
    draft.saved_by_id = actor.id if actor is not None else None
    db.flush()
    record_change(
        db,
        actor,
        "standard_drafted",
        draft,
        government_id=province.id,
        before=before or None,
        after=_figures(draft) | {"year": year},
    )
    return draft


def publish_draft(
    db: Session, actor: Account, province: Government, year: int, *, reason: str
) -> StandardRevision:
    """Publish the year's draft with a reason: the public standard changes, a revision is
    numbered, the draft goes. Audited. Raises AdminError, or the disclosures package's
    StandardError."""
    draft = draft_for(db, province, year)
    _check(actor, province, year, {})
    if draft is None:
        raise AdminError(_l("There is no draft of this year to publish."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise AdminError(_l("Say why this standard is published."), field="reason")
    before = _figures(standard_for(db, province, year))
    standard = set_reception_standard(
        db,
        province.code,
        year,
        night_cap_fen=draft.night_cap_fen,
        meal_cap_fen=draft.meal_cap_fen,
        reference=draft.reference,
    )
    after = _figures(standard)
    number = db.scalar(
        select(func.coalesce(func.max(StandardRevision.number), 0)).where(
            StandardRevision.province_id == province.id, StandardRevision.year == year
        )
    )
    revision = StandardRevision(
        province_id=province.id,
        year=year,
        number=number + 1,
        published_at=utcnow(),
        published_by_id=actor.id if actor is not None else None,
        before=json.dumps(before, ensure_ascii=False, sort_keys=True) if before else None,
        after=json.dumps(after, ensure_ascii=False, sort_keys=True),
        reason=reason,
    )
    db.add(revision)
    db.delete(draft)
    record_change(
        db,
        actor,
        "standard_set",
        standard,
        government_id=province.id,
        before=before or None,
        after=after | {"year": year, "revision": number + 1},
        reason=reason,
    )
    return revision
