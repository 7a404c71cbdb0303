"""The disclosures on the office pages: the office-page block, the budget chart, the R6 marks."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import Session

from disclosures.charts import ChartText, planned_actual_chart
from disclosures.labels import label
from disclosures.models import ReceptionRecord
from disclosures.queries import (
    BudgetRow,
    budget_rows,
    budget_totals,
    disclosure_years,
    office_year_counts,
)
from portal.database import database
from portal.findings import findings_of_office
from portal.i18n import current_language, format_fen
from portal.models import Office


def over_standard(
    db: Session, office: Office, receptions: list[ReceptionRecord], today: date | None = None
) -> dict[int, list[str]]:
    """Reception id → the reasons (in the page's language) it breaks the standard (rule R6).

    Reads the office's R6 findings from the findings table (one query; `today` is not used:
    the table is kept as of today) and matches them to the receptions shown by id or by
    reference.
    """
    if not receptions:
        return {}
    language = current_language()
    by_reference = {(r.year, r.reference): r.id for r in receptions}
    shown = {r.id for r in receptions}
    result: dict[int, list[str]] = {}
    for finding in findings_of_office(db, office):
        if finding.rule != "R6":
            continue
        facts = finding.facts
        reception_id = facts.get("reception_id")
        if reception_id not in shown:
            received = str(facts.get("received_on") or "")  # ISO in the table's JSON facts
            year = facts.get("year") or (int(received[:4]) if received[:4].isdigit() else None)
            reception_id = by_reference.get((year, facts.get("reference")))
        if reception_id is not None:
            result.setdefault(reception_id, []).append(finding.message(language))
    return result


def budget_chart(rows: list[BudgetRow], year: int, chart_id: str) -> Markup:
    """The planned-against-actual chart of one year's budget, in the page's language."""
    text = ChartText(
        title=_("Reception budget %(year)d: planned and actual spending", year=year),
        description=_(
            "Bar chart of the planned and the actual amount for each category of the reception "
            "budget. The table beside it gives the same numbers."
        ),
        planned=_("Planned"),
        actual=_("Actual"),
        over=_("over budget"),
    )
    return planned_actual_chart(rows, text, chart_id, format_fen)


def office_section(office: Office) -> Markup | None:
    """The "Disclosures" block of the office page: the latest year's budget and counts.

    Four queries whatever the data size; the full year, with every record and the year
    selector, is on the office's own disclosures page.
    """
    db = database.session
    years = disclosure_years(db, office.id)
    if not years:
        html = render_template("disclosures/public/_office_section.html", office=office, years=[])
        return Markup(html)  # noqa: S704  # nosec B704  # rendered by an autoescaping template
    year = years[0]
    rows = budget_rows(db, office.id, year)
    html = render_template(
        "disclosures/public/_office_section.html",
        office=office,
        years=years,
        year=year,
        rows=rows,
        totals=budget_totals(db, office.id, year) if rows else None,
        chart=budget_chart(rows, year, f"office-budget-{year}") if rows else None,
        counts=office_year_counts(db, office.id, year),
        label=label,
    )
    return Markup(html)  # noqa: S704  # nosec B704  # rendered by an autoescaping template
