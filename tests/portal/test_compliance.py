"""`flask compliance check` and the findings the public pages ask for."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import event

from portal.compliance import check_offices, findings_for_office, offices_with_findings
from portal.database import database
from portal.models import OfficeStatus
from portal.rules import OFFICE_RULES
from tests import factories

TODAY = date(2026, 6, 1)


def test_the_check_prints_every_finding_with_its_rule_office_and_facts(registry, runner):
    result = runner.invoke(args=["compliance", "list", "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith("R1") and "laishui-in-shijiazhuang" in line and "Shijiazhuang" in line
        for line in lines
    )
    assert any(line.startswith("R2") and "yanji-in-changchun" in line for line in lines)
    assert any(line.startswith("R5") and "2014-06-30" in line for line in lines)
    office_rules = [line for line in lines if line.split(" ")[0] in OFFICE_RULES]
    assert not [line for line in office_rules if "baoding-in-guangzhou" in line]
    assert len(office_rules) == 5  # R1, R2, R5 and R9 twice
    assert " as of 2026-06-01 (R1 1, R2 1, R5 1, " in lines[-1]


def test_the_check_speaks_chinese_when_asked(registry, runner):
    result = runner.invoke(args=["compliance", "list", "--language", "zh"])
    assert result.exit_code == 0
    assert "石家庄市" in result.output and "拒不撤销" in result.output


def test_the_json_check_lists_rule_office_severity_and_message(registry, runner):
    result = runner.invoke(args=["compliance", "list", "--json", "--today", "2015-06-01"])
    assert result.exit_code == 0, result.output
    findings = [f for f in json.loads(result.output) if f["rule"] in OFFICE_RULES]
    assert {(f["rule"], f["office"]) for f in findings} == {
        ("R1", "laishui-in-shijiazhuang"),
        ("R2", "yanji-in-changchun"),
        ("R5", "shenzhen-in-changchun"),
        ("R9", "shenzhen-in-changchun"),
    }
    r1 = next(f for f in findings if f["rule"] == "R1")
    assert r1["severity"] == "warning"  # before the 2015-12-31 deadline
    assert "2015-12-31" in r1["message"] and r1["message_zh"]
    assert r1["facts"]["government_code"] == "130623"


def test_an_empty_registry_has_no_findings(runner, db):
    result = runner.invoke(args=["compliance", "list", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    assert "0 findings about 0 offices" in runner.invoke(args=["compliance", "list"]).output


def test_a_bad_date_is_refused_with_a_clear_message(runner, db):
    result = runner.invoke(args=["compliance", "list", "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "%Y-%m-%d" in result.output


def test_findings_for_one_office_and_the_offices_with_findings(registry, db):
    assert {f.rule for f in findings_for_office(db, registry.shenzhen_office, TODAY)} >= {
        "R5",
        "R9",
    }
    assert not [
        f for f in findings_for_office(db, registry.baoding_office, TODAY) if f.rule in OFFICE_RULES
    ]
    slugs = offices_with_findings(db, TODAY)
    assert {"laishui-in-shijiazhuang", "yanji-in-changchun", "shenzhen-in-changchun"} <= slugs
    assert "shenzhen-in-shijiazhuang" not in slugs  # closed


def test_a_second_office_in_the_same_outside_capital_flags_both(registry, db):
    factories.make_office(
        db,
        "baoding-commerce-in-guangzhou",
        registry.baoding,
        registry.guangdong,
        department_zh="商务局",
        department_en="Commerce Bureau",
    )
    db.commit()
    r3 = [f for f in check_offices(db, TODAY) if f.rule == "R3"]
    assert {f.office_slug for f in r3} == {"baoding-in-guangzhou", "baoding-commerce-in-guangzhou"}
    assert all(f.facts["same_capital_count"] == 2 for f in r3)
    only = [f for f in check_offices(db, TODAY, [registry.baoding_office.id]) if f.rule == "R3"]
    assert [f.office_slug for f in only] == ["baoding-in-guangzhou"]


def count_queries(db, work) -> int:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    engine = database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_checking_one_office_takes_the_same_few_queries_whatever_the_registry_size(registry, db):
    laishui_id = registry.laishui_office.id

    def check_one():
        assert check_offices(db, TODAY, [laishui_id])

    check_one()  # other packages' hooks may query once when a transaction begins
    few = count_queries(db, check_one)
    for number in range(30):
        factories.make_office(db, f"extra-{number}", registry.laishui, registry.guangdong)
    db.commit()
    check_one()
    assert count_queries(db, check_one) == few <= 2


def test_offices_with_findings_follow_a_committed_change_at_once(registry, db):
    assert "laishui-in-shijiazhuang" in offices_with_findings(db, TODAY)
    registry.laishui_office.status = OfficeStatus.CLOSED
    registry.laishui_office.closed_on = date(2015, 11, 30)
    db.commit()
    assert "laishui-in-shijiazhuang" not in offices_with_findings(db, TODAY)
    assert "yanji-in-changchun" in offices_with_findings(db, TODAY)
