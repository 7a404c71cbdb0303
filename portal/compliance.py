"""Findings for pages and the CLI: every registered rule check, gathered and grouped by office."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from portal.models import Office
from portal.rules import Finding


def all_findings(db: Session, today: date, office_ids=None) -> list[Finding]:
    """Every finding of every package's rules (office rules, disclosure rules, …)."""
    from portal.registry import run_rule_checks

    return list(run_rule_checks(db, today, office_ids))


def findings_for_office(db: Session, office: Office, today: date) -> list[Finding]:
    """The findings about one office, from every registered rule, in a bounded number of queries."""
    return [f for f in all_findings(db, today, [office.id]) if f.office_slug == office.slug]


def offices_with_findings(db: Session, today: date) -> set[str]:
    """Slugs of the offices that have at least one finding."""
    return {f.office_slug for f in all_findings(db, today) if f.office_slug}
