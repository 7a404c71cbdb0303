"""The approval deadline and the application's limits, on the day before, of and after.

The host province decides within 30 days of the application, 10 when urgent (oversight README):
the deadline is the last day to decide, so a decision that day is in time, an application still
undecided that day is not yet overdue; both change on the day after.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.models import OfficeKind
from portal.oversight.approvals import MAX_BUDGET_FEN, decide_application, decision_deadline
from portal.oversight.queries import application_counts
from portal.oversight.supervision import OversightError

DAY = timedelta(days=1)
SUBMITTED = date(2016, 3, 1)
DUE = date(2016, 3, 31)


@pytest.mark.parametrize(
    ("urgent", "due"), [(False, DUE), (True, date(2016, 3, 11))], ids=["normal", "urgent"]
)
def test_the_decision_is_due_thirty_days_after_the_application_or_ten(urgent, due):
    assert decision_deadline(SUBMITTED, urgent=urgent) == due


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(DUE - DAY, False), (DUE, False), (DUE + DAY, True)],
    ids=["day before", "deadline day", "day after"],
)
def test_an_undecided_application_is_overdue_from_the_day_after_its_deadline(
    db, registry, apply, today, overdue
):
    """Shown as "Overdue: not decided by the deadline" and counted as "past the decision
    deadline" only once the deadline's own day has passed."""
    application = apply(registry.baoding, registry.jilin, today=SUBMITTED)
    assert application.decision_due_on == DUE
    assert application.overdue(today) is overdue
    assert application_counts(db, today)["overdue"] == int(overdue)


@pytest.mark.parametrize(
    ("decided", "late"),
    [(DUE - DAY, False), (DUE, False), (DUE + DAY, True)],
    ids=["day before", "deadline day", "day after"],
)
def test_a_decision_on_the_deadline_day_is_in_time(db, registry, apply, supervisor, decided, late):
    """Badge "Decided after the deadline" is for a decision made after the deadline's own day;
    a decided application is never overdue."""
    application = apply(registry.baoding, registry.jilin, today=SUBMITTED)
    decide_application(
        db, application, supervisor(registry.jilin), False, "No need.", None, decided
    )
    db.commit()
    assert application.decided_late is late
    assert not application.overdue(DUE + 10 * DAY)
    assert application_counts(db, DUE + 10 * DAY)["overdue"] == 0


@pytest.mark.parametrize(
    ("ends", "refused"),
    [(SUBMITTED - DAY, True), (SUBMITTED, True), (SUBMITTED + DAY, False)],
    ids=["yesterday", "today", "tomorrow"],
)
def test_a_special_mission_must_end_after_the_day_of_its_application(
    db, registry, apply, ends, refused
):
    """A special-mission office closes "when the job is completed": a mission ending on the day
    it applies has nothing left to do, so its end must be a later day."""
    changes = {"kind": OfficeKind.SPECIAL_MISSION, "mission_ends_on": ends}
    if not refused:
        assert apply(registry.baoding, registry.jilin, today=SUBMITTED, **changes).id
        return
    with pytest.raises(OversightError) as raised:
        apply(registry.baoding, registry.jilin, today=SUBMITTED, **changes)
    assert raised.value.field == "mission_ends_on"


@pytest.mark.parametrize(
    ("fen", "refused"),
    [
        pytest.param(-1, True, id="below zero"),
        pytest.param(0, False, id="zero"),
        pytest.param(MAX_BUDGET_FEN, False, id="the maximum"),
        pytest.param(MAX_BUDGET_FEN + 1, True, id="above it"),
    ],
)
def test_the_planned_budget_is_from_zero_to_the_maximum(db, registry, apply, fen, refused):
    if not refused:
        assert (
            apply(registry.baoding, registry.jilin, planned_budget_fen=fen).planned_budget_fen
            == fen
        )
        return
    with pytest.raises(OversightError) as raised:
        apply(registry.baoding, registry.jilin, planned_budget_fen=fen)
    assert raised.value.field == "planned_budget"
