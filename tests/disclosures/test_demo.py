"""The disclosures' demo step: valid credit codes, over-standard cases, idempotent."""

from datetime import date

from sqlalchemy import func, select

from disclosures.demo import load_demo
from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    Provider,
    Publication,
    ReceptionRecord,
    ReceptionStandard,
)
from disclosures.uscc import is_valid_uscc
from portal.compliance import all_findings
from portal.demo import Progress


def counts(db):
    return {
        model.__tablename__: db.scalar(select(func.count()).select_from(model))
        for model in (ReceptionStandard, Provider, Publication, ReceptionRecord)
    }


def test_demo_loads_once_and_a_second_run_changes_nothing(db, registry):
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    first = counts(db)
    assert first["reception_standard"] == 3 * 11  # three provinces, 2015–2025
    assert first["provider"] > 0 and first["reception_record"] > 0
    assert all(is_valid_uscc(code) for code in db.scalars(select(Provider.uscc)))
    years = set(db.scalars(select(Publication.year).distinct()))
    assert min(years) == 2015 and max(years) == 2025
    snapshot = sorted(
        db.execute(select(ReceptionRecord.reference, ReceptionRecord.dining_fen)).all()
    )

    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    assert counts(db) == first
    assert (
        sorted(db.execute(select(ReceptionRecord.reference, ReceptionRecord.dining_fen)).all())
        == snapshot
    )


def test_demo_has_receptions_over_the_standard(db, registry):
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    rules = {finding.rule for finding in all_findings(db, date(2026, 6, 1))}
    assert "R6" in rules


def test_demo_budgets_are_plausible_with_r12_and_r13_the_exception(db, registry):
    """Most offices keep within their budgets; a few overspend a category (R12) or sign more
    contracts than their budget (R13): both rules are shown kept and broken."""
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    findings = all_findings(db, date(2026, 6, 1))
    offices = set(db.scalars(select(Publication.office_id).distinct()))
    for rule in ("R12", "R13"):
        breaking = {f.office_slug for f in findings if f.rule == rule}
        assert 0 < len(breaking) <= len(offices) // 4, rule
    budgets = {
        (office, year): fen
        for office, year, fen in db.execute(
            select(Budget.office_id, Budget.year, func.sum(BudgetLine.planned_fen))
            .join(BudgetLine, BudgetLine.budget_id == Budget.id)
            .group_by(Budget.office_id, Budget.year)
        )
    }
    contracts = {
        (office, year): fen
        for office, year, fen in db.execute(
            select(Contract.office_id, Contract.year, func.sum(Contract.amount_fen)).group_by(
                Contract.office_id, Contract.year
            )
        )
    }
    judged = [key for key in contracts if key in budgets]
    within = [key for key in judged if contracts[key] <= budgets[key]]
    assert judged and len(within) >= 0.9 * len(judged)
