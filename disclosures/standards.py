"""Reception standards: what a provincial government sets for a year (caps in fen), the
queries of the public page `/standards/` and its exports, and the figures a reception is
checked against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from disclosures.models import ReceptionStandard
from disclosures.rules import allowed_hosts
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


def published_standards(db: Session) -> list[ReceptionStandard]:
    """Every province's standard for every year, by province code, the latest year first."""
    return list(
        db.scalars(
            select(ReceptionStandard)
            .join(Government, Government.id == ReceptionStandard.province_id)
            .options(joinedload(ReceptionStandard.province))
            .order_by(Government.code, ReceptionStandard.year.desc())
        )
    )


def standards_of_province(db: Session, province: Government) -> list[ReceptionStandard]:
    """One province's standards, every year it has set one, the latest first (its history)."""
    return list(
        db.scalars(
            select(ReceptionStandard)
            .where(ReceptionStandard.province_id == province.id)
            .order_by(ReceptionStandard.year.desc())
        )
    )


def standards_for(
    db: Session, province_id: int, years: set[int]
) -> tuple[Government | None, dict[int, ReceptionStandard]]:
    """The province and, year → its standard, for the years asked (one query)."""
    rows = db.execute(
        select(Government, ReceptionStandard)
        .outerjoin(
            ReceptionStandard,
            and_(
                ReceptionStandard.province_id == Government.id,
                ReceptionStandard.year.in_(sorted(years)),
            ),
        )
        .where(Government.id == province_id)
    ).all()
    province = rows[0][0] if rows else None
    return province, {standard.year: standard for _p, standard in rows if standard is not None}


STANDARD_FIGURES = (
    "night_cap_fen",
    "meal_cap_fen",
    "max_work_meals",
    "max_hosts_small",
    "small_group_guests",
    "host_ratio",
    "cash_allowed",
)
"""The figures a province's standard sets: what R6 judges a reception by (the fields of
StandardFacts), and what the CSV and JSON publish between the year and the reference."""

STANDARD_COLUMNS = [
    "province_code",
    "province_zh",
    "province_en",
    "year",
    *STANDARD_FIGURES,
    "reference",
]
"""The CSV's columns and the JSON's keys: stable English names, amounts in fen."""


def standard_record(standard: ReceptionStandard) -> dict[str, Any]:
    """One standard as flat, stable keys (the CSV row and the JSON object)."""
    province = standard.province
    values = {
        "province_code": province.code,
        "province_zh": province.name_zh,
        "province_en": province.name_en or province.name_zh,
    }
    values.update({name: getattr(standard, name) for name in STANDARD_COLUMNS[3:]})
    return values


@dataclass(frozen=True)
class CheckedFigures:
    """What a reception was checked against: each figure beside the standard's cap.

    Per guest-night (accommodation over guests × nights) and per person per meal (dining over
    guests and hosts × work meals, at least one), as R6 computes them; None where the figure
    does not apply (no night, no dining).
    """

    night_fen: int | None
    night_cap_fen: int
    meal_fen: int | None
    meal_cap_fen: int
    hosts: int
    hosts_allowed: int
    work_meals: int
    max_work_meals: int


def checked_figures(
    guests: int,
    hosts: int,
    nights: int,
    work_meals: int,
    accommodation_fen: int,
    dining_fen: int,
    standard: ReceptionStandard,
) -> CheckedFigures:
    """A reception's figures beside its province's standard for the year (pure)."""
    person_nights = guests * nights
    person_meals = (guests + hosts) * max(work_meals, 1)
    return CheckedFigures(
        night_fen=round(accommodation_fen / person_nights) if person_nights else None,
        night_cap_fen=standard.night_cap_fen,
        meal_fen=round(dining_fen / person_meals) if person_meals and dining_fen else None,
        meal_cap_fen=standard.meal_cap_fen,
        hosts=hosts,
        hosts_allowed=allowed_hosts(guests, standard),  # type: ignore[arg-type] - same fields
        work_meals=work_meals,
        max_work_meals=standard.max_work_meals,
    )


def checked_receptions(
    db: Session, host_province_id: int, receptions: list[Any]
) -> tuple[Government | None, dict[int, tuple[ReceptionStandard, CheckedFigures] | None]]:
    """The host province, and reception id → its standard for the reception's year and the
    figures checked against it, or None when the province set no standard that year (one
    query)."""
    province, standards = standards_for(db, host_province_id, {r.year for r in receptions})
    result: dict[int, tuple[ReceptionStandard, CheckedFigures] | None] = {}
    for r in receptions:
        standard = standards.get(r.year)
        result[r.id] = (
            None
            if standard is None
            else (
                standard,
                checked_figures(
                    r.guests,
                    r.hosts,
                    r.nights,
                    r.work_meals,
                    r.accommodation_fen,
                    r.dining_fen,
                    standard,
                ),
            )
        )
    return province, result
