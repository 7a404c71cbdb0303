"""What a person reads of each office finding, word for word, and the finding's JSON shape.

A finding names an office in public: its two messages and its facts are pinned exactly, with the
fallbacks used when a name is missing (English → Chinese → code).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from portal.models import GovernmentLevel, OfficeStatus
from portal.rules import OFFICE_RULES, Finding, Severity, evaluate_office
from tests.portal.test_rules import CLEAN, ENDED, LAISHUI, YANJI

TODAY = date(2026, 6, 1)
OPERATING = OfficeStatus.OPERATING
YANJI_NAMED = replace(
    YANJI,
    government_name_zh="延吉市",
    government_name_en="Yanji",
    capital_zh="长春市",
    capital_en="Changchun",
)


def only(rule: str, facts) -> Finding:
    (finding,) = OFFICE_RULES[rule](facts, TODAY)
    return finding


def test_r1_names_the_government_its_level_the_capital_and_the_deadline():
    finding = only("R1", LAISHUI)
    assert (finding.rule, finding.severity, finding.office_slug) == (
        "R1",
        Severity.VIOLATION,
        "laishui-in-shijiazhuang",
    )
    assert finding.message_zh == (
        "涞水县（县级）在本省省会石家庄市设立的办事机构应予撤销（期限2015-12-31），"
        "目前状态为“运行中”。"
    )
    assert finding.message_en == (
        "Set up by Laishui County (county level) in its own province's capital, Shijiazhuang: "
        "it had to close by 2015-12-31, and its status is 'operating'."
    )
    assert finding.facts == {
        "status": OPERATING,
        "government_code": "130623",
        "level": GovernmentLevel.COUNTY,
        "deadline": date(2015, 12, 31),
    }


@pytest.mark.parametrize(
    ("department_zh", "department_en", "who_zh", "who_en"),
    [
        ("商务局", "Commerce Bureau", "涞水县商务局", "the Commerce Bureau of Laishui County"),
        ("", "", "涞水县的职能部门", "a department of Laishui County"),
    ],
    ids=["named department", "unnamed department"],
)
def test_r1_names_a_department_of_the_government(department_zh, department_en, who_zh, who_en):
    facts = replace(
        LAISHUI,
        is_department=True,
        department_level=GovernmentLevel.PREFECTURAL,
        department_zh=department_zh,
        department_en=department_en,
    )
    finding = only("R1", facts)
    assert finding.message_zh.startswith(f"{who_zh}（地市级）在本省省会石家庄市")
    assert finding.message_en.startswith(
        f"Set up by {who_en} (prefecture (municipal) level) in its own province's capital"
    )
    assert finding.facts["level"] is GovernmentLevel.PREFECTURAL


@pytest.mark.parametrize(
    ("names", "who_zh", "who_en", "where_zh", "where_en"),
    [
        ({}, "涞水县", "Laishui County", "石家庄市", "Shijiazhuang"),
        ({"government_name_en": "", "capital_en": ""}, "涞水县", "涞水县", "石家庄市", "石家庄市"),
        (
            {
                "government_name_zh": "",
                "government_name_en": "",
                "capital_zh": "",
                "capital_en": "",
            },
            "130623",
            "130623",
            "130000",
            "130000",
        ),
    ],
    ids=["both languages", "Chinese only", "no names"],
)
def test_missing_names_fall_back_to_chinese_then_to_codes(
    names, who_zh, who_en, where_zh, where_en
):
    finding = only("R1", replace(LAISHUI, **names))
    assert finding.message_zh.startswith(f"{who_zh}（县级）在本省省会{where_zh}设立")
    assert finding.message_en.startswith(
        f"Set up by {who_en} (county level) in its own province's capital, {where_en}:"
    )


def test_r2_names_the_province_whose_approval_is_missing():
    finding = only("R2", YANJI_NAMED)
    assert finding.severity is Severity.VIOLATION and finding.office_slug == "yanji-in-changchun"
    assert finding.message_zh == (
        "延吉市属民族自治地方，在本省省会长春市保留办事机构须经省级人民政府批准，"
        "但没有省级人民政府（220000）的批准记录。"
    )
    assert finding.message_en == (
        "Set up by Yanji, in a national autonomous area, in its own province's capital, "
        "Changchun: it may stay only with the approval of the provincial government (220000), "
        "and no such approval is recorded."
    )
    assert finding.facts == {
        "status": OPERATING,
        "government_code": "222401",
        "approving_government_code": None,
    }


@pytest.mark.parametrize(
    ("names", "name_zh", "name_en"),
    [
        ({}, "保定市", "Baoding"),
        ({"government_name_en": ""}, "保定市", "保定市"),
        ({"government_name_zh": "", "government_name_en": ""}, "130600", "130600"),
    ],
    ids=["both languages", "Chinese only", "no names"],
)
def test_r3_names_the_government_and_counts_its_offices(names, name_zh, name_en):
    finding = only("R3", replace(CLEAN, same_capital_count=2, **names))
    assert finding.message_zh == (
        f"{name_zh}及其职能部门在外省省会广州市共有2个未撤销的办事机构，最多只能保留一个。"
    )
    assert finding.message_en == (
        f"{name_en} and its departments keep 2 offices that are not closed in Guangzhou, "
        "a provincial capital outside their province; at most one is allowed."
    )
    assert finding.facts == {
        "status": OPERATING,
        "government_code": "130600",
        "same_capital_count": 2,
    }


def test_r4_says_when_a_new_office_was_established_without_approval():
    finding = only("R4", replace(CLEAN, established_on=date(2018, 9, 1), approved_on=None))
    assert finding.severity is Severity.VIOLATION
    assert finding.message_zh == (
        "该办事机构于2018-09-01设立（状态“运行中”），但没有省级人民政府的批准记录。"
    )
    assert finding.message_en == (
        "Established on 2018-09-01 (status 'operating') without a recorded approval by a "
        "provincial government."
    )
    assert finding.facts == {
        "status": OPERATING,
        "government_code": "130600",
        "established_on": date(2018, 9, 1),
        "approved_on": None,
    }


def test_r4_a_pending_office_already_working_is_named_with_its_status():
    pending = replace(CLEAN, status=OfficeStatus.PENDING_APPROVAL, established_on=date(2015, 1, 5))
    finding = only("R4", pending)
    assert finding.message_en.startswith("Established on 2015-01-05 (status 'pending approval')")
    assert "（状态“待审批”）" in finding.message_zh


def test_r4_the_warning_names_both_days():
    late = replace(CLEAN, established_on=date(2018, 9, 1), approved_on=date(2018, 9, 2))
    finding = only("R4", late)
    assert (finding.rule, finding.severity) == ("R4", Severity.WARNING)
    assert finding.message_zh == (
        "该办事机构于2018-09-01设立，而省级人民政府的批准日期是2018-09-02：先设立后批准。"
    )
    assert finding.message_en == (
        "Established on 2018-09-01, before its approval by a provincial government on 2018-09-02."
    )
    assert finding.facts == {
        "status": OPERATING,
        "government_code": "130600",
        "established_on": date(2018, 9, 1),
        "approved_on": date(2018, 9, 2),
    }


def test_r5_and_r9_name_the_missions_end_and_the_day_to_close_by():
    r5, r9 = (only(rule, ENDED) for rule in ("R5", "R9"))
    assert r5.message_zh == (
        "专项任务办事机构的任务已于2025-06-30结束，应予撤销，目前状态仍为“运行中”。"
    )
    assert r5.message_en == (
        "A special-mission office whose mission ended on 2025-06-30 must close; its status is "
        "still 'operating'."
    )
    assert r5.facts == {
        "status": OPERATING,
        "government_code": "130600",
        "mission_ends_on": date(2025, 6, 30),
    }
    assert r9.message_zh == (
        "该办事机构已被要求撤销（依据：R5，最迟2025-09-28），但仍在“运行中”，属拒不撤销。"
    )
    assert r9.message_en == (
        "Ordered to close (R5; by 2025-09-28 at the latest) but still 'operating': it is "
        "refusing to close."
    )
    assert r9.facts == {
        "status": OPERATING,
        "government_code": "130600",
        "ordered_by": "R5",
        "close_by": "2025-09-28",
        "closure_ordered_on": None,
    }


def test_a_mission_end_means_nothing_for_a_standing_office():
    """Only a special-mission office closes when its mission ends (R5, and R9 after the grace)."""
    standing = replace(CLEAN, mission_ends_on=date(2020, 1, 1))
    assert evaluate_office(standing, TODAY) == []


def test_a_pending_office_ordered_to_close_is_refusing_too():
    pending = replace(LAISHUI, status=OfficeStatus.PENDING_APPROVAL)
    assert "但仍在“待审批”" in only("R9", pending).message_zh


def test_a_finding_speaks_english_only_when_asked_in_english():
    finding = only("R5", ENDED)
    assert finding.message("en") == finding.message_en
    assert finding.message("zh") == finding.message_zh
    assert finding.message("fr") == finding.message_zh  # Chinese is the portal's first language


def test_a_finding_serialises_every_field_under_its_name():
    finding = only("R1", LAISHUI)
    assert finding.as_dict() == {
        "rule": "R1",
        "office": "laishui-in-shijiazhuang",
        "severity": "violation",
        "message": finding.message_en,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "facts": {
            "status": "operating",
            "government_code": "130623",
            "level": "county",
            "deadline": "2015-12-31",
        },
    }
    assert only("R3", replace(CLEAN, same_capital_count=2)).as_dict()["facts"] == {
        "status": "operating",
        "government_code": "130600",
        "same_capital_count": 2,
    }


def test_every_rule_runs_in_order_over_one_office():
    worst = replace(LAISHUI, kind=ENDED.kind, mission_ends_on=date(2016, 1, 1))
    assert [f.rule for f in evaluate_office(worst, TODAY)] == ["R1", "R5", "R9"]
