"""The circular's office rules R1–R5 and R9, over plain facts; and the texts that explain them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from portal.compliance import check_offices
from portal.models import GovernmentLevel, OfficeKind, OfficeStatus
from portal.rules import (
    OFFICE_RULES,
    RULES,
    OfficeFacts,
    Severity,
    evaluate_office,
)

TODAY = date(2026, 6, 1)
COUNTY = GovernmentLevel.COUNTY
PREFECTURE = GovernmentLevel.PREFECTURAL
PROVINCE = GovernmentLevel.PROVINCIAL
OPERATING = OfficeStatus.OPERATING
PENDING = OfficeStatus.PENDING_APPROVAL
CLOSING = OfficeStatus.CLOSING
CLOSED = OfficeStatus.CLOSED
MISSION = OfficeKind.SPECIAL_MISSION

# Baoding (a prefecture of Hebei) keeps one approved office in Guangzhou since 2008: breaks nothing.
CLEAN = OfficeFacts(
    slug="baoding-in-guangzhou",
    government_code="130600",
    government_level=PREFECTURE,
    government_autonomous=False,
    government_province_code="130000",
    host_province_code="440000",
    kind=OfficeKind.STANDING,
    status=OPERATING,
    approving_government_code="440000",
    approving_government_level=PROVINCE,
    approved_on=date(2008, 4, 1),
    established_on=date(2008, 5, 1),
    government_name_zh="保定市",
    government_name_en="Baoding",
    capital_zh="广州市",
    capital_en="Guangzhou",
)
LAISHUI = replace(
    CLEAN,
    slug="laishui-in-shijiazhuang",
    government_code="130623",
    government_level=COUNTY,
    host_province_code="130000",
    approving_government_code=None,
    approving_government_level=None,
    approved_on=None,
    government_name_zh="涞水县",
    government_name_en="Laishui County",
    capital_zh="石家庄市",
    capital_en="Shijiazhuang",
)
YANJI = replace(
    CLEAN,
    slug="yanji-in-changchun",
    government_code="222401",
    government_level=COUNTY,
    government_autonomous=True,
    government_province_code="220000",
    host_province_code="220000",
    approving_government_code=None,
    approving_government_level=None,
    approved_on=None,
)
ENDED = replace(CLEAN, kind=MISSION, mission_ends_on=date(2025, 6, 30))


def codes(facts: OfficeFacts, today: date = TODAY, rule: str | None = None) -> list[str]:
    findings = OFFICE_RULES[rule](facts, today) if rule else evaluate_office(facts, today)
    return [f.rule for f in findings]


def test_a_clean_office_breaks_no_rule():
    assert evaluate_office(CLEAN, TODAY) == []


@pytest.mark.parametrize(
    ("facts", "broken"),
    [
        (LAISHUI, True),  # a county government in its own capital
        (replace(LAISHUI, status=CLOSING), True),  # still not closed after the deadline
        (replace(LAISHUI, status=CLOSED, closed_on=date(2015, 10, 1)), False),
        (replace(CLEAN, host_province_code="130000"), False),  # a prefecture government may stay
        (replace(CLEAN, host_province_code="130000", is_department=True), True),  # its department
        (replace(LAISHUI, is_department=True, department_level=COUNTY), True),
        (replace(CLEAN, government_level=PROVINCE, government_code="130000"), False),
        (replace(LAISHUI, host_province_code="440000"), False),  # outside its province: not R1
        (replace(YANJI), False),  # autonomous areas fall under R2
    ],
)
def test_r1_offices_in_their_own_capital(facts, broken):
    assert codes(facts, rule="R1") == (["R1"] if broken else [])


def test_r1_is_a_warning_before_the_deadline_and_a_violation_after():
    (before,) = OFFICE_RULES["R1"](LAISHUI, date(2015, 6, 1))
    (after,) = OFFICE_RULES["R1"](LAISHUI, date(2016, 1, 1))
    assert before.severity is Severity.WARNING
    assert after.severity is Severity.VIOLATION
    assert "涞水县" in after.message_zh and "石家庄市" in after.message_zh
    assert "Shijiazhuang" in after.message_en and "2015-12-31" in after.message_en
    assert after.office_slug == "laishui-in-shijiazhuang"


@pytest.mark.parametrize(
    ("facts", "broken"),
    [
        (YANJI, True),
        (replace(YANJI, is_department=True, department_level=COUNTY), True),
        (
            replace(
                YANJI,
                approving_government_code="220000",
                approving_government_level=PROVINCE,
                approved_on=date(2015, 7, 1),
            ),
            False,
        ),
        (  # approved by another province's government: not its own provincial government
            replace(
                YANJI,
                approving_government_code="130000",
                approving_government_level=PROVINCE,
                approved_on=date(2015, 7, 1),
            ),
            True,
        ),
        (  # approved by its prefecture, not a provincial government
            replace(
                YANJI,
                approving_government_code="222400",
                approving_government_level=PREFECTURE,
                approved_on=date(2015, 7, 1),
            ),
            True,
        ),
        (replace(YANJI, status=CLOSED, closed_on=date(2016, 1, 5)), False),
        (replace(YANJI, host_province_code="440000"), False),  # outside its own province
        (replace(LAISHUI), False),  # not an autonomous area: R1, not R2
    ],
)
def test_r2_autonomous_areas_need_provincial_approval(facts, broken):
    assert codes(facts, rule="R2") == (["R2"] if broken else [])


@pytest.mark.parametrize(
    ("facts", "broken"),
    [
        (CLEAN, False),
        (replace(CLEAN, same_capital_count=2), True),
        (replace(CLEAN, same_capital_count=3, is_department=True), True),
        (replace(CLEAN, same_capital_count=2, status=CLOSED, closed_on=date(2016, 1, 1)), False),
        (replace(LAISHUI, same_capital_count=2), False),  # own province: R3 is about outside ones
    ],
)
def test_r3_one_office_per_outside_capital(facts, broken):
    found = OFFICE_RULES["R3"](facts, TODAY)
    assert [f.rule for f in found] == (["R3"] if broken else [])
    if broken:
        assert str(facts.same_capital_count) in found[0].message_en
        assert "Guangzhou" in found[0].message_en


NEW = replace(CLEAN, established_on=date(2018, 9, 1), approved_on=date(2018, 8, 1))


@pytest.mark.parametrize(
    ("facts", "broken"),
    [
        (NEW, False),  # approved by the host province
        (replace(NEW, approving_government_code="130000"), False),  # by its own province
        (replace(NEW, approving_government_code=None, approving_government_level=None), True),
        (replace(NEW, approving_government_level=PREFECTURE), True),
        (replace(NEW, approving_government_code="320000"), True),  # a third province
        (replace(NEW, approved_on=None), True),
        (replace(CLEAN, approving_government_code=None, approved_on=None), False),  # pre-2015
        (replace(CLEAN, status=PENDING), True),  # awaiting approval but already working
        (replace(CLEAN, status=PENDING, established_on=None), False),  # not yet working
        (replace(NEW, status=CLOSED, approved_on=None, closed_on=date(2019, 1, 1)), False),
    ],
)
def test_r4_new_offices_need_provincial_approval(facts, broken):
    assert codes(facts, rule="R4") == (["R4"] if broken else [])


def test_r4_warns_when_a_new_office_opened_before_its_approval():
    (late,) = OFFICE_RULES["R4"](replace(NEW, approved_on=date(2018, 10, 1)), TODAY)
    assert late.severity is Severity.WARNING
    assert "2018-09-01" in late.message_en and "2018-10-01" in late.message_en
    (unapproved,) = OFFICE_RULES["R4"](replace(NEW, approved_on=None), TODAY)
    assert unapproved.severity is Severity.VIOLATION


@pytest.mark.parametrize(
    ("facts", "today", "severity"),
    [
        (ENDED, TODAY, Severity.VIOLATION),
        (ENDED, date(2025, 7, 15), Severity.WARNING),  # within the grace period
        (ENDED, date(2025, 6, 30), None),  # the mission's last day
        (replace(ENDED, status=CLOSING), TODAY, Severity.VIOLATION),
        (replace(ENDED, status=CLOSED, closed_on=date(2025, 7, 1)), TODAY, None),
        (replace(ENDED, kind=OfficeKind.STANDING), TODAY, None),
    ],
)
def test_r5_special_missions_close_when_done(facts, today, severity):
    found = OFFICE_RULES["R5"](facts, today)
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert "2025-06-30" in found[0].message_en and "2025-06-30" in found[0].message_zh


@pytest.mark.parametrize(
    ("facts", "today", "sources"),
    [
        (LAISHUI, TODAY, "R1"),
        (LAISHUI, date(2015, 11, 1), None),  # before R1's deadline
        (replace(LAISHUI, status=CLOSING), TODAY, None),  # closing: complying
        (replace(LAISHUI, status=PENDING), TODAY, "R1"),
        (ENDED, TODAY, "R5"),
        (ENDED, date(2025, 8, 1), None),  # within R5's grace
        (replace(CLEAN, closure_ordered_on=date(2025, 1, 10)), TODAY, "inspection"),
        (replace(CLEAN, closure_ordered_on=date(2026, 5, 1)), TODAY, None),  # within 60 days
        (replace(ENDED, closure_ordered_on=date(2025, 1, 10)), TODAY, "R5, inspection"),
        (replace(ENDED, status=CLOSED, closed_on=date(2025, 8, 1)), TODAY, None),
        (CLEAN, TODAY, None),
    ],
)
def test_r9_offices_refusing_to_close(facts, today, sources):
    found = OFFICE_RULES["R9"](facts, today)
    assert [f.facts["ordered_by"] for f in found] == ([sources] if sources else [])
    if found:
        assert found[0].severity is Severity.VIOLATION
        assert "refusing to close" in found[0].message_en and "拒不撤销" in found[0].message_zh


def test_a_closed_office_breaks_no_rule_whatever_its_facts():
    worst = replace(
        LAISHUI,
        kind=MISSION,
        mission_ends_on=date(2016, 1, 1),
        established_on=date(2017, 1, 1),
        closure_ordered_on=date(2017, 6, 1),
        same_capital_count=5,
        status=CLOSED,
        closed_on=date(2018, 1, 1),
    )
    assert evaluate_office(worst, TODAY) == []
    assert set(codes(replace(worst, status=OPERATING, closed_on=None))) == {
        "R1",
        "R4",
        "R5",
        "R9",
    }


def test_findings_serialise_to_plain_json_values():
    (finding,) = OFFICE_RULES["R5"](ENDED, TODAY)
    plain = finding.as_dict()
    assert plain["rule"] == "R5" and plain["office"] == "baoding-in-guangzhou"
    assert plain["severity"] == "violation"
    assert plain["facts"]["mission_ends_on"] == "2025-06-30"
    assert plain["facts"]["status"] == "operating"


def test_every_rule_is_explained_in_both_languages_with_the_circulars_own_words():
    circular = (
        Path(__file__).parents[2] / "portal" / "data" / "circular-2015-03-16.txt"
    ).read_text()
    assert sorted(RULES, key=lambda code: int(code[1:])) == [f"R{n}" for n in range(1, 14)]
    for code, text in RULES.items():
        assert text.code == code
        assert text.quote_en in circular, code
        for value in (text.title_zh, text.explanation_zh, text.quote_zh):
            assert re.search(r"[\u4e00-\u9fff]", value), code
        assert text.title("en") == text.title_en and text.quote("zh") == text.quote_zh


def test_check_offices_reads_the_registry(registry, db):
    findings = check_offices(db, TODAY)
    by_office = {}
    for finding in findings:
        by_office.setdefault(finding.office_slug, set()).add(finding.rule)
    assert by_office["laishui-in-shijiazhuang"] == {"R1", "R9"}
    assert by_office["yanji-in-changchun"] == {"R2"}
    assert by_office["shenzhen-in-changchun"] == {"R5", "R9"}
    assert "baoding-in-guangzhou" not in by_office
    assert "shenzhen-in-shijiazhuang" not in by_office  # closed
    only = check_offices(db, TODAY, [registry.yanji_office.id])
    assert {f.office_slug for f in only} == {"yanji-in-changchun"}
