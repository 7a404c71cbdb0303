"""The complaint deadlines on the day before, the day itself and the day after, in China days.

DESIGN.md: "acknowledge within 15 days, resolve within 60 days … A complaint past a deadline
escalates one level up." A deadline is the last day to act, so it is missed only from the day
after; days are China calendar days (complaints/deadlines.py: "a complaint sent at 23:30 in
Beijing was sent that day"), so each instant below is written in China time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from complaints.deadlines import (
    ACKNOWLEDGE_DAYS,
    RESOLVE_DAYS,
    due_dates,
    elapsed_days,
    met_deadline,
)
from complaints.escalation import escalate_overdue, missed_deadlines
from complaints.models import Complaint
from portal.clock import CHINA, frozen, utcnow
from tests.complaints.test_supervise import file_complaint

DAY = timedelta(days=1)
ACK_DUE = date(2026, 3, 17)
RESOLVE_DUE = date(2026, 5, 1)


def in_china(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA)


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        (in_china(date(2026, 3, 1), 23, 59), (date(2026, 3, 16), date(2026, 4, 30))),
        (in_china(date(2026, 3, 2), 0, 0), (date(2026, 3, 17), date(2026, 5, 1))),
    ],
    ids=["23:59 in Beijing", "00:00 in Beijing the next day"],
)
def test_deadlines_count_from_the_china_day_of_submission(submitted, expected):
    """15 and 60 China days after the day the complaint was sent in China: at 23:59 in Beijing
    it was sent that day (15:59 UTC), a minute later the next day (still the same UTC day)."""
    assert due_dates(submitted) == expected
    assert expected[0] - submitted.date() == timedelta(days=ACKNOWLEDGE_DAYS)
    assert expected[1] - submitted.date() == timedelta(days=RESOLVE_DAYS)


@pytest.fixture(autouse=True)
def clock_elsewhere():
    """The clock says a later day than the `now` each test passes: escalation judges by `now`
    alone (the escalate command can be given --now), never by the clock."""
    with frozen(in_china(date(2026, 12, 31))):
        yield


def complaint(acknowledged_at: datetime | None = None) -> Complaint:
    """A complaint as the escalation reads it (not stored: missed_deadlines needs no session)."""
    return Complaint(
        acknowledge_due_on=ACK_DUE, resolve_due_on=RESOLVE_DUE, acknowledged_at=acknowledged_at
    )


@pytest.mark.parametrize(
    ("now", "missed"),
    [
        (in_china(ACK_DUE - DAY), 0),
        (in_china(ACK_DUE, 23, 59), 0),
        (in_china(ACK_DUE + DAY, 0, 0), 1),
    ],
    ids=["day before", "last minute of the due day", "first minute of the day after"],
)
def test_acknowledgement_is_missed_from_the_day_after_its_due_day(now, missed):
    """DESIGN.md, "acknowledge within 15 days": the 15th day is in time, to its last minute."""
    assert missed_deadlines(complaint(), now) == missed


@pytest.mark.parametrize(
    ("acknowledged", "missed"),
    [
        (in_china(ACK_DUE - DAY), 0),
        (in_china(ACK_DUE, 23, 59), 0),
        (in_china(ACK_DUE + DAY, 0, 0), 1),
    ],
    ids=["day before", "due day, 23:59", "day after, 00:00"],
)
def test_an_acknowledgement_on_its_due_day_was_in_time(acknowledged, missed):
    """An acknowledgement sent on the due day (China time) met the deadline; one sent the day
    after missed it, and a missed deadline stays missed (it escalates once)."""
    assert missed_deadlines(complaint(acknowledged), in_china(RESOLVE_DUE)) == missed


@pytest.mark.parametrize(
    ("now", "missed"),
    [
        (in_china(RESOLVE_DUE - DAY), 0),
        (in_china(RESOLVE_DUE, 23, 59), 0),
        (in_china(RESOLVE_DUE + DAY, 0, 0), 1),
    ],
    ids=["day before", "last minute of the due day", "first minute of the day after"],
)
def test_resolution_is_missed_from_the_day_after_its_due_day(now, missed):
    """DESIGN.md, "resolve within 60 days": the 60th day is still in time (acknowledged in time)."""
    assert missed_deadlines(complaint(in_china(ACK_DUE - DAY)), now) == missed


def test_an_overdue_complaint_escalates_at_midnight_in_china_and_only_once(app, db, registry):
    """Escalation acts on the first China day after a deadline: not at 23:59 on the due day,
    at 00:00 the next day (16:00 UTC, still the due day in UTC); then not again for the same
    missed deadline."""
    filed, _ = file_complaint(app, db, when=in_china(date(2026, 3, 2), 10))  # Laishui -> Baoding
    assert filed.acknowledge_due_on == ACK_DUE
    assert escalate_overdue(db, in_china(ACK_DUE, 23, 59)) == []
    assert filed.primary_government_id == registry.baoding.id and filed.escalation_level == 0
    with frozen(in_china(ACK_DUE + DAY, 0, 0)):
        now = utcnow()
    assert now.date() == ACK_DUE  # in UTC it is still the due day
    assert escalate_overdue(db, now) == [filed]
    assert filed.primary_government_id == registry.hebei.id and filed.escalation_level == 1
    assert escalate_overdue(db, now + DAY) == []
    assert filed.escalation_level == 1


DUE = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("done_in_china", "met"),
    [
        (datetime(2026, 3, 15, 12, 0), True),  # the day before
        (datetime(2026, 3, 16, 23, 59), True),  # the due day itself, to its last minute
        (datetime(2026, 3, 17, 0, 0), False),  # the day after, from midnight in Beijing
    ],
)
def test_a_deadline_done_on_its_due_day_in_china_was_met(done_in_china, met):
    """The statistics' "acknowledged within 15 days" (complaints.deadlines.met_deadline): the
    due day is the last day, to 23:59 in Beijing, whenever it is in UTC."""
    done_at = done_in_china.replace(tzinfo=CHINA).astimezone(UTC)
    assert met_deadline(done_at, DUE, today=date(2026, 4, 30)) is met


@pytest.mark.parametrize(
    ("today", "counted"),
    [
        (date(2026, 3, 15), None),  # before its due day: neither met nor missed yet
        (DUE, None),  # on the due day there is still time: not counted yet
        (date(2026, 3, 17), False),  # from the day after: missed
    ],
)
def test_an_open_deadline_counts_as_missed_only_after_its_due_day(today, counted):
    assert met_deadline(None, DUE, today) is counted


def test_elapsed_days_are_days_with_their_fractions():
    start = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
    assert elapsed_days(start, start + timedelta(days=2, hours=12)) == 2.5
    assert elapsed_days(start, start) == 0
    assert elapsed_days(start + timedelta(hours=6), start) == -0.25
