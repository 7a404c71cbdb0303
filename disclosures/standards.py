"""Reception standards: what a provincial government sets for a year (caps in fen)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from disclosures.models import ReceptionStandard
from portal.errors import PortalError
from portal.models import Government, GovernmentLevel


class StandardError(PortalError):
    """A standard that cannot be set as asked; `field` names the input at fault."""


def set_reception_standard(
    db: Session,
    province_code: str,
    year: int,
    *,
    night_cap_fen: int,
    meal_cap_fen: int,
    reference: str | None = None,
) -> ReceptionStandard:
    """Create or change a province's standard for a year (the circular's other limits apply).

    Raises StandardError for a code that is not a provincial government, a year outside
    2000–2100 or a negative cap. Flushes, never commits.
    """
    province = db.scalar(select(Government).where(Government.code == province_code))
    if province is None or province.level is not GovernmentLevel.PROVINCIAL:
        raise StandardError(
            _l("No provincial government has the division code %(code)s.", code=province_code),
            "province",
        )
    if not 2000 <= year <= 2100:
        raise StandardError(_l("The year must be between 2000 and 2100."), "year")
    if night_cap_fen < 0 or meal_cap_fen < 0:
        raise StandardError(_l("An amount cannot be negative."), "night_cap")
    standard = db.scalar(
        select(ReceptionStandard).where(
            ReceptionStandard.province_id == province.id, ReceptionStandard.year == year
        )
    )
    if standard is None:
        standard = ReceptionStandard(province_id=province.id, year=year)
        db.add(standard)
    standard.night_cap_fen = night_cap_fen
    standard.meal_cap_fen = meal_cap_fen
    standard.max_work_meals = 1
    standard.max_hosts_small = 3
    standard.small_group_guests = 10
    standard.host_ratio = 3
    standard.cash_allowed = False
    standard.reference = reference
    db.flush()
    return standard
