"""A province sets its reception standard for a year on the web, through the disclosures
package's own service (`disclosures.standards.set_reception_standard`); audited."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.accounts import AdminError
from admin.audit import record_change
from disclosures.models import ReceptionStandard
from disclosures.standards import set_reception_standard
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


def _figures(standard: ReceptionStandard | None) -> dict[str, object]:
    if standard is None:
        return {}
    return {
        "night_cap_fen": standard.night_cap_fen,
        "meal_cap_fen": standard.meal_cap_fen,
        "reference": standard.reference,
    }


def publish_standard(
    db: Session,
    actor: Account,
    province: Government,
    year: int,
    *,
    night_cap_fen: int,
    meal_cap_fen: int,
    reference: str,
    reason: str,
) -> ReceptionStandard:
    """Set the province's caps for the year (a change of an existing year needs a reason).

    Raises AdminError, or the disclosures package's StandardError. Flushes, never commits.
    """
    if not may_set_standard(actor, province):
        raise AdminError(_l("You cannot set this province's standard."), field="year")
    if night_cap_fen > MAX_CAP_FEN or meal_cap_fen > MAX_CAP_FEN:
        raise AdminError(_l("This amount is too large."), field="night_cap")
    before = _figures(standard_for(db, province, year))
    reason = (reason or "").strip()
    if before and not reason:
        raise AdminError(_l("Say why the standard of this year changes."), field="reason")
    standard = set_reception_standard(
        db,
        province.code,
        year,
        night_cap_fen=night_cap_fen,
        meal_cap_fen=meal_cap_fen,
        reference=(reference or "").strip() or None,
    )
    record_change(
        db,
        actor,
        "standard_set",
        standard,
        government_id=province.id,
        before=before or None,
        after=_figures(standard) | {"year": year},
        reason=reason or None,
    )
    return standard
