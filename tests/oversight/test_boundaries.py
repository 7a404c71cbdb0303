"""R8 (progress reports) and R11 (rectifications) on the day before, of and after their deadlines.

Each test says why the deadline's own day falls on the side it does. Today is a day in China, read
from portal.clock frozen at noon in China on the day (the rules are given that day).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.clock import frozen, today_in_china
from portal.oversight.rules import (
    RectificationFacts,
    ReportFacts,
    rectification_findings,
    report_findings,
)

DAY = timedelta(days=1)
DUE = date(2016, 6, 30)  # a rectification's deadline
DUE_BEFORE = date(2015, 12, 1)  # the circular's "before Dec 1, 2015"


def judged_on(day: date) -> date:
    with frozen(day):
        return today_in_china()


def r11(today: date, followed: date | None = None) -> list[tuple[str, dict]]:
    fact = RectificationFacts(7, "an-office", date(2016, 4, 1), DUE, followed)
    return [(f.severity.value, f.facts) for f in rectification_findings([fact], judged_on(today))]


def r8(today: date, submitted: date | None = None) -> list[tuple[str, dict]]:
    fact = ReportFacts("2015", "130000", "河北省", "Hebei", DUE_BEFORE, submitted)
    return [(f.severity.value, f.facts) for f in report_findings([fact], judged_on(today))]


@pytest.mark.parametrize(
    ("today", "days_overdue"),
    [(DUE - DAY, None), (DUE, None), (DUE + DAY, 1), (DUE + 10 * DAY, 10)],
    ids=["day before", "deadline day", "day after", "ten days after"],
)
def test_r11_without_a_follow_up_the_deadline_day_is_still_in_time(today, days_overdue):
    """A rectification ordered "by" a day can still be confirmed on that day (R11: "on or before
    its deadline … On the deadline itself there is still time"); with no follow-up it is a
    violation from the day after, counted in whole China days."""
    found = r11(today)
    if days_overdue is None:
        assert found == []
    else:
        assert [severity for severity, _facts in found] == ["violation"]
        assert found[0][1]["days_overdue"] == days_overdue
        assert found[0][1]["rectification_due_on"] == DUE and found[0][1]["inspection"] == 7


@pytest.mark.parametrize(
    ("followed", "days_late"),
    [(DUE - DAY, None), (DUE, None), (DUE + DAY, 1)],
    ids=["day before", "deadline day", "day after"],
)
def test_r11_a_follow_up_on_the_deadline_day_confirms_in_time(followed, days_late):
    """A follow-up inspection on the deadline's own day confirms the rectification in time; one
    the day after came late, which stays on record as a warning (oversight README)."""
    found = r11(DUE + 30 * DAY, followed)
    if days_late is None:
        assert found == []
    else:
        assert [severity for severity, _facts in found] == ["warning"]
        assert found[0][1]["days_late"] == days_late
        assert found[0][1]["followed_up_on"] == followed


@pytest.mark.parametrize(
    ("today", "expected"),
    [(DUE_BEFORE - DAY, []), (DUE_BEFORE, ["violation"]), (DUE_BEFORE + DAY, ["violation"])],
    ids=["day before", "due day", "day after"],
)
def test_r8_a_missing_report_is_late_on_the_due_day_itself(today, expected):
    """The circular: provincial governments "must submit reports … before Dec 1, 2015". On
    1 December a report not yet submitted can no longer be on time: it is missing that day."""
    found = r8(today)
    assert [severity for severity, _facts in found] == expected
    if found:
        assert found[0][1] == {"round": "2015", "province": "130000", "due_before": DUE_BEFORE}


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [(DUE_BEFORE - DAY, []), (DUE_BEFORE, ["warning"]), (DUE_BEFORE + DAY, ["warning"])],
    ids=["day before", "due day", "day after"],
)
def test_r8_a_report_submitted_on_the_due_day_is_late(submitted, expected):
    """The circular says "before Dec 1, 2015": 30 November is the last day on time; a report submitted on
    1 December is late (a warning, since it was submitted)."""
    found = r8(DUE_BEFORE + 60 * DAY, submitted)
    assert [severity for severity, _facts in found] == expected
    if found:
        assert found[0][1]["submitted_on"] == submitted


def test_r11_and_r8_say_what_is_late_and_by_how_much():
    """What a person reads of R11 and R8, word for word (each finding accuses an office or a
    province in public)."""
    (overdue,) = rectification_findings(
        [RectificationFacts(7, "an-office", date(2016, 4, 1), DUE, None)], DUE + 3 * DAY
    )
    assert (overdue.rule, overdue.office_slug) == ("R11", "an-office")
    assert (
        overdue.message_zh == "2016-04-01 检查责令整改，整改期限 2016-06-30 已过 3 天，尚无复查。"
    )
    assert overdue.message_en == (
        "The inspection of 2016-04-01 ordered rectification by 2016-06-30; 3 days later there "
        "has been no follow-up inspection."
    )
    assert overdue.facts == {
        "inspection": 7,
        "inspected_on": date(2016, 4, 1),
        "rectification_due_on": DUE,
        "days_overdue": 3,
    }
    (late,) = rectification_findings(
        [RectificationFacts(7, "an-office", date(2016, 4, 1), DUE, DUE + 2 * DAY)], DUE + 9 * DAY
    )
    assert (late.rule, late.office_slug) == ("R11", "an-office")
    assert late.message_zh == (
        "2016-04-01 检查责令于 2016-06-30 前整改，复查于 2016-07-02 才进行，晚了 2 天。"
    )
    assert late.message_en == (
        "The inspection of 2016-04-01 ordered rectification by 2016-06-30; the follow-up came "
        "2 days late, on 2016-07-02."
    )
    (missing,) = report_findings(
        [ReportFacts("2015", "130000", "河北省", "Hebei", DUE_BEFORE, None)], DUE_BEFORE
    )
    assert (missing.rule, missing.office_slug) == ("R8", None)
    assert missing.message_zh == "河北省未提交2015轮进展报告（应于 2015-12-01 前提交）。"
    assert missing.message_en == (
        "Hebei has not submitted its progress report for round 2015 (due before 2015-12-01)."
    )
    (submitted_late,) = report_findings(
        [ReportFacts("2015", "130000", "河北省", "Hebei", DUE_BEFORE, DUE_BEFORE + DAY)],
        DUE_BEFORE + DAY,
    )
    assert (submitted_late.rule, submitted_late.office_slug) == ("R8", None)
    assert submitted_late.message_zh == (
        "河北省的2015轮进展报告于 2015-12-02 提交，晚于期限（应于 2015-12-01 前提交）。"
    )
    assert submitted_late.message_en == (
        "Hebei submitted its progress report for round 2015 on 2015-12-02, late "
        "(due before 2015-12-01)."
    )
    assert submitted_late.facts == {
        "round": "2015",
        "province": "130000",
        "due_before": DUE_BEFORE,
        "submitted_on": DUE_BEFORE + DAY,
    }


def test_every_province_and_every_rectification_is_judged_in_turn():
    """A report not yet due, or a rectification still in time, does not stop the next ones."""
    reports = [
        ReportFacts("2016", "130000", "河北省", "Hebei", DUE_BEFORE + 365 * DAY, None),
        ReportFacts("2015", "220000", "吉林省", "Jilin", DUE_BEFORE, None),
    ]
    assert [f.facts["province"] for f in report_findings(reports, DUE_BEFORE)] == ["220000"]
    rectifications = [
        RectificationFacts(1, "in-time", date(2016, 4, 1), DUE + 9 * DAY, None),
        RectificationFacts(2, "overdue", date(2016, 4, 1), DUE, None),
    ]
    assert [f.office_slug for f in rectification_findings(rectifications, DUE + DAY)] == ["overdue"]


# The same deadlines through the queries that gather the facts (SQLite and PostgreSQL alike)


def r11_in_registry(db, today: date) -> dict[str, str]:
    from portal.compliance import all_findings

    return {f.office_slug: f.severity.value for f in all_findings(db, today) if f.rule == "R11"}


def test_r11_a_second_inspection_on_the_same_day_is_no_follow_up(db, registry, publish):
    """A follow-up is an inspection "dated after the one that ordered rectification": a second
    visit the same day cannot confirm a rectification ordered that day; one the next day can.
    A draft, or an inspection of another office, confirms nothing."""
    ordered = date(2016, 4, 1)
    publish(registry.yanji_office, "rectification_required", ordered, due=DUE)
    publish(registry.yanji_office, "compliant", ordered)
    publish(registry.baoding_office, "compliant", ordered + DAY)
    assert r11_in_registry(db, DUE) == {}
    assert r11_in_registry(db, DUE + DAY) == {"yanji-in-changchun": "violation"}
    publish(registry.yanji_office, "compliant", ordered + DAY)
    assert r11_in_registry(db, DUE + DAY) == {}


def test_r11_two_rectifications_ordered_the_same_day_are_judged_apart(db, registry, publish):
    """Two governments may inspect one office on one day and each order a rectification: each
    order gets its own finding (the query groups by inspection, not by office and day)."""
    from portal.compliance import all_findings

    ordered = date(2016, 4, 1)
    first = publish(registry.yanji_office, "rectification_required", ordered, due=DUE)
    second = publish(
        registry.yanji_office, "rectification_required", ordered, due=DUE, by=registry.yanbian
    )
    found = [f for f in all_findings(db, DUE + DAY) if f.rule == "R11"]
    assert sorted(f.facts["inspection"] for f in found) == sorted([first.id, second.id])


def test_r11_a_draft_orders_nothing(db, registry, supervisor):
    """Only a published inspection orders a rectification: a draft is not on record yet."""
    from portal.oversight.inspections import InspectionDraft, save_draft
    from portal.oversight.models import InspectionResult

    draft = InspectionDraft(
        registry.yanji_office.id,
        date(2016, 4, 1),
        "x",
        InspectionResult.RECTIFICATION_REQUIRED,
        DUE,
    )
    save_draft(db, draft, supervisor(registry.jilin), today=date(2030, 1, 1))
    db.commit()
    assert r11_in_registry(db, DUE + DAY) == {}


def test_r11_a_draft_follow_up_confirms_nothing(db, registry, publish, supervisor):
    from portal.oversight.inspections import InspectionDraft, save_draft
    from portal.oversight.models import InspectionResult

    publish(registry.yanji_office, "rectification_required", date(2016, 4, 1), due=DUE)
    draft = InspectionDraft(
        registry.yanji_office.id, date(2016, 5, 1), "x", InspectionResult.COMPLIANT, None
    )
    save_draft(db, draft, supervisor(registry.jilin), today=date(2030, 1, 1))
    db.commit()
    assert r11_in_registry(db, DUE + DAY) == {"yanji-in-changchun": "violation"}


def test_r11_is_not_checked_for_a_closed_office(db, registry, publish):
    from portal.models import OfficeStatus

    publish(registry.yanji_office, "rectification_required", date(2016, 4, 1), due=DUE)
    registry.yanji_office.status = OfficeStatus.CLOSED
    registry.yanji_office.closed_on = date(2016, 5, 1)
    db.commit()
    assert r11_in_registry(db, DUE + DAY) == {}


def test_r8_a_round_is_judged_from_its_due_day(db, registry, first_round):
    """A round due "before Dec 1" is judged on 1 December itself: every province without a
    report is then missing (no finding the day before)."""
    from portal.compliance import all_findings

    def missing(today: date) -> set[str]:
        return {f.facts["province"] for f in all_findings(db, today) if f.rule == "R8"}

    assert missing(DUE_BEFORE - DAY) == set()
    assert missing(DUE_BEFORE) == {"130000", "220000", "440000"}


def test_r8_findings_name_provinces_so_an_office_page_never_shows_them(
    db, registry, first_round, publish
):
    """An office page asks for its own offices' findings: R11 of those offices only, no R8; an
    empty list asks for the findings that name no office (R8 alone)."""
    from portal.oversight.rules import check_oversight

    publish(registry.baoding_office, "rectification_required", date(2016, 4, 1), due=DUE)
    publish(registry.yanji_office, "rectification_required", date(2016, 4, 1), due=DUE)
    today = DUE + DAY
    assert sorted(f.rule for f in check_oversight(db, today)) == ["R11", "R11"] + ["R8"] * 3
    only_yanji = check_oversight(db, today, [registry.yanji_office.id])
    assert [(f.rule, f.office_slug) for f in only_yanji] == [("R11", "yanji-in-changchun")]
    assert [f.rule for f in check_oversight(db, today, [])] == ["R8"] * 3


def test_r8_through_the_registry_names_the_round_and_the_province(db, registry, first_round):
    """The messages read from the database: the round's code and the province's names, the
    Chinese name standing in for a missing English one; rounds in the order they fall due."""
    from portal.compliance import all_findings
    from portal.oversight.models import ReportingRound

    db.add(
        ReportingRound(
            code="2015a",
            name_zh="2015年预备报告",
            name_en="2015 preliminary reports",
            baseline_on=date(2015, 3, 16),
            period_end=date(2015, 6, 30),
            due_before=date(2015, 7, 1),
        )
    )
    registry.jilin.name_en = None
    db.commit()
    found = [f for f in all_findings(db, DUE_BEFORE) if f.rule == "R8"]
    assert [(f.facts["round"], f.facts["province"]) for f in found] == [
        ("2015a", "130000"), ("2015a", "220000"), ("2015a", "440000"),
        ("2015", "130000"), ("2015", "220000"), ("2015", "440000"),
    ]  # fmt: skip
    hebei = found[3]
    assert hebei.message_zh == "河北省未提交2015轮进展报告（应于 2015-12-01 前提交）。"
    assert hebei.message_en == (
        "Hebei has not submitted its progress report for round 2015 (due before 2015-12-01)."
    )
    assert found[4].message_en.startswith("吉林省 has not submitted")
