"""The page that explains every rule of the circular (`/rules/`): plain words, the circular's
sentence, how the portal checks it, and the offices that break it (from the findings table)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from portal import bp
from portal.database import database
from portal.findings import rule_sort_key
from portal.findings_models import FindingRecord
from portal.models import Office
from portal.rule_texts import RULES, RuleText, how_checked

OFFICES_SHOWN = 10
"""How many offices each rule lists by name; the directory's `?rule=` lists them all."""


@dataclass
class RuleBreaches:
    """One rule with how many offices (and findings) break it now, and the first few offices."""

    text: RuleText
    offices: int = 0
    findings: int = 0
    shown: list[Office] = field(default_factory=list)


def rule_breaches(db: Session) -> list[RuleBreaches]:
    """Every rule in rule order, with its counts (one query) and up to `OFFICES_SHOWN` offices
    by name (one query per rule that is broken)."""
    rules = {code: RuleBreaches(text) for code, text in RULES.items()}
    for rule, offices, findings in db.execute(
        select(
            FindingRecord.rule, func.count(distinct(FindingRecord.office_id)), func.count()
        ).group_by(FindingRecord.rule)
    ):
        if rule in rules:
            rules[rule].offices, rules[rule].findings = offices, findings
    for code, entry in rules.items():
        if entry.offices:
            breaking = select(FindingRecord.office_id).where(FindingRecord.rule == code)
            entry.shown = list(
                db.scalars(
                    select(Office)
                    .where(Office.id.in_(breaking))
                    .order_by(Office.name_sort, Office.name_zh, Office.id)
                    .limit(OFFICES_SHOWN)
                )
            )
    return [rules[code] for code in sorted(rules, key=rule_sort_key)]


@bp.get("/rules/")
def rules_page():
    return render_template(
        "portal/rules.html", rules=rule_breaches(database.session), how_checked=how_checked
    )
