"""The office rules on the day before, the day itself and the day after each of their dates.

R1 and R2 (the closure deadline), R4 (the circular's day; approval against establishment), R5
(the mission's end and its grace), R9 (each order to close) and R3's count. Each test says why the
day itself falls on the side it does: from the circular (shared/mission/circular-2015-03-16.txt)
or from the portal's choice where the circular is silent (portal/README.md, "Dates chosen where
the circular is silent"). Today is a day in China, read from portal.clock frozen at an instant:
a China day begins at 16:00 UTC the day before, and the rules must judge by the China day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from portal.clock import frozen, today_in_china
from portal.models import OfficeStatus
from portal.rules import (
    CIRCULAR_ISSUED,
    CLOSURE_DEADLINE,
    CLOSURE_ORDER_GRACE,
    MISSION_GRACE,
    OFFICE_RULES,
    Severity,
)
from tests.portal.test_rules import CLEAN, ENDED, LAISHUI, YANJI

DAY = timedelta(days=1)
WARNING, VIOLATION = Severity.WARNING, Severity.VIOLATION


def judged_on(day: date) -> date:
    """Today as the rules are given it, with the clock frozen at noon in China on `day`."""
    with frozen(day):
        return today_in_china()


def severities(rule: str, facts, today: date) -> list[Severity]:
    return [finding.severity for finding in OFFICE_RULES[rule](facts, today)]


def orders(facts, today: date) -> list[tuple[str, str]]:
    """R9's findings as (the orders that fell due, the day to close by)."""
    return [(f.facts["ordered_by"], f.facts["close_by"]) for f in OFFICE_RULES["R9"](facts, today)]


# R1 and R2: the closure deadline, 2015-12-31


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (CLOSURE_DEADLINE - DAY, [WARNING]),
        (CLOSURE_DEADLINE, [WARNING]),
        (CLOSURE_DEADLINE + DAY, [VIOLATION]),
    ],
)
def test_r1_an_office_closed_on_the_deadline_day_closed_in_time(day, expected):
    """The circular says only "will be shut down"; the portal gives until 2015-12-31 (README),
    "had to close by" that day: closing on the day itself is in time, so the day is still a
    warning and only the day after is a violation."""
    assert severities("R1", LAISHUI, judged_on(day)) == expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2015, 12, 31, 15, 59, tzinfo=UTC), [WARNING]),  # 23:59 on 31 Dec in China
        (datetime(2015, 12, 31, 16, 0, tzinfo=UTC), [VIOLATION]),  # 00:00 on 1 Jan in China
    ],
)
def test_r1_the_deadline_ends_at_midnight_in_china_not_in_utc(instant, expected):
    """The offices and their deadline are in China: at 00:00 in Beijing on 1 January 2016 the
    deadline has passed although it is still 31 December in UTC."""
    with frozen(instant):
        today = today_in_china()
    assert severities("R1", LAISHUI, today) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (CLOSURE_DEADLINE - DAY, [WARNING]),
        (CLOSURE_DEADLINE, [WARNING]),
        (CLOSURE_DEADLINE + DAY, [VIOLATION]),
    ],
)
def test_r2_an_approval_recorded_on_the_deadline_day_is_in_time(day, expected):
    """R2's approval is due by the same 2015-12-31 as R1's closures (README): without it an
    autonomous area's office is warned on the day itself and in violation from the day after."""
    assert severities("R2", YANJI, judged_on(day)) == expected


# R3: at most one office in an outside capital


@pytest.mark.parametrize(("count", "expected"), [(1, []), (2, [VIOLATION]), (3, [VIOLATION])])
def test_r3_one_office_in_an_outside_capital_is_the_limit(count, expected):
    """The circular: "a local government and its functional departments can only operate one
    liaison office in any provincial capital outside their own province": one is allowed, two
    are one too many. The count includes the office judged, so it is never below one."""
    found = OFFICE_RULES["R3"](
        replace(CLEAN, same_capital_count=count), judged_on(date(2026, 6, 1))
    )
    assert [f.severity for f in found] == expected
    assert [f.facts["same_capital_count"] for f in found] == ([count] if expected else [])


# R4: new offices, the circular's own day, and the approval's day against the opening day

UNAPPROVED = replace(
    CLEAN, approving_government_code=None, approving_government_level=None, approved_on=None
)


@pytest.mark.parametrize(
    ("established", "expected"),
    [
        (CIRCULAR_ISSUED - DAY, []),
        (CIRCULAR_ISSUED, []),
        (CIRCULAR_ISSUED + DAY, [VIOLATION]),
    ],
)
def test_r4_an_office_set_up_on_the_circulars_day_is_not_new(established, expected):
    """New offices are those set up after the circular (README: "established after 2015-03-16"):
    the circular's approval procedure applies from its release, so an office set up on 16 March
    itself was set up under the old procedure; one set up on the 17th needs a provincial
    approval."""
    facts = replace(UNAPPROVED, established_on=established)
    assert severities("R4", facts, judged_on(date(2016, 6, 1))) == expected


@pytest.mark.parametrize(
    ("established", "expected"),
    [
        (date(2015, 3, 9), [VIOLATION]),
        (date(2015, 3, 10), [VIOLATION]),
        (date(2015, 3, 11), []),
    ],
)
def test_r4_a_pending_office_works_unapproved_from_its_opening_day(established, expected):
    """An office pending approval "and already established" is working without approval: on the
    day it is established it already works, so that day counts; an opening day still to come
    does not (judged on 2015-03-10, before the circular, so only the pending status matters)."""
    facts = replace(CLEAN, status=OfficeStatus.PENDING_APPROVAL, established_on=established)
    assert severities("R4", facts, judged_on(date(2015, 3, 10))) == expected


NEW = replace(CLEAN, established_on=date(2018, 9, 1))


@pytest.mark.parametrize(
    ("approved", "expected"),
    [
        (date(2018, 8, 31), []),
        (date(2018, 9, 1), []),
        (date(2018, 9, 2), [WARNING]),
    ],
)
def test_r4_an_office_approved_on_its_opening_day_never_worked_unapproved(approved, expected):
    """The circular: "Authorities that do have any urgent need to set up new offices must get
    approvals":
    approved the same day it opened, the office never worked without approval; approved the
    day after, it did for a day, which stays on record as a warning."""
    found = OFFICE_RULES["R4"](replace(NEW, approved_on=approved), judged_on(date(2026, 6, 1)))
    assert [f.severity for f in found] == expected
    if found:
        assert found[0].facts["approved_on"] == approved
        assert "2018-09-01" in found[0].message_zh and approved.isoformat() in found[0].message_zh


# R5: the end of a special mission and its 90 days of grace

ENDS = ENDED.mission_ends_on


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ENDS - DAY, []),
        (ENDS, []),
        (ENDS + DAY, [WARNING]),
    ],
)
def test_r5_the_missions_last_day_is_still_part_of_the_mission(day, expected):
    """The circular: "offices established for specific missions must be closed when the job is
    completed": the job runs until the end of the day its mission ends, so the office is judged only from the
    day after (README: "whose mission ended before today")."""
    assert severities("R5", ENDED, judged_on(day)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ENDS + MISSION_GRACE - DAY, [WARNING]),
        (ENDS + MISSION_GRACE, [WARNING]),
        (ENDS + MISSION_GRACE + DAY, [VIOLATION]),
    ],
)
def test_r5_the_ninetieth_day_after_the_mission_is_still_grace(day, expected):
    """The portal gives a special-mission office 90 days to close after its mission (README):
    the 90th day after the end is the last day of grace, a warning; the 91st is a violation."""
    assert severities("R5", ENDED, judged_on(day)) == expected


# R9: each order to close falls due on the day after its last day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (CLOSURE_DEADLINE - DAY, []),
        (CLOSURE_DEADLINE, []),
        (CLOSURE_DEADLINE + DAY, [("R1", CLOSURE_DEADLINE.isoformat())]),
    ],
)
def test_r9_an_r1_office_refuses_to_close_only_after_the_deadline(day, expected):
    """The circular: "those who … refuse to shut down offices as required … will be dealt with
    seriously": an R1 office may close until the end of 2015-12-31, so it refuses only from 1 January 2016."""
    assert orders(LAISHUI, judged_on(day)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ENDS + MISSION_GRACE - DAY, []),
        (ENDS + MISSION_GRACE, []),
        (ENDS + MISSION_GRACE + DAY, [("R5", (ENDS + MISSION_GRACE).isoformat())]),
    ],
)
def test_r9_a_finished_mission_refuses_to_close_only_after_its_grace(day, expected):
    """R9 takes over from R5 "after the grace period" (rule text): the 90th day is still grace."""
    assert orders(ENDED, judged_on(day)) == expected


ORDERED = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ORDERED + CLOSURE_ORDER_GRACE - DAY, []),
        (ORDERED + CLOSURE_ORDER_GRACE, []),
        (
            ORDERED + CLOSURE_ORDER_GRACE + DAY,
            [("inspection", (ORDERED + CLOSURE_ORDER_GRACE).isoformat())],
        ),
    ],
)
def test_r9_an_inspections_order_must_be_more_than_sixty_days_old(day, expected):
    """R9's text: "by an inspection's order more than 60 days old". On the 60th day after the
    order the office still has time; on the 61st it is refusing to close."""
    facts = replace(CLEAN, closure_ordered_on=ORDERED)
    assert orders(facts, judged_on(day)) == expected


def test_r9_names_the_earliest_day_to_close_of_all_its_orders():
    """Two orders due: the office had to close by the earlier of their days."""
    today = judged_on(date(2026, 6, 1))
    later = replace(ENDED, closure_ordered_on=ENDS + timedelta(days=40))
    assert orders(later, today) == [("R5, inspection", (ENDS + MISSION_GRACE).isoformat())]
    earlier = replace(ENDED, closure_ordered_on=ENDS)
    assert orders(earlier, today) == [("R5, inspection", (ENDS + CLOSURE_ORDER_GRACE).isoformat())]
