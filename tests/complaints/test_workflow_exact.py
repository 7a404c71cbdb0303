"""The whole workflow table, move by move: the status after each allowed action and, for each
refused one, the exact sentence the supervisor reads (in English), always on the action form;
and the routing refusals (an unlisted office's province, a government on the office's own side)."""

from __future__ import annotations

import pytest

from complaints.models import ComplaintStatus
from complaints.routing import (
    GovernmentFacts,
    RoutingError,
    check_receiver,
    forbidden_establishers,
    may_receive,
    route_unlisted_office,
)
from complaints.workflow import TransitionError, allowed_actions, check_transition

S = ComplaintStatus
ACKNOWLEDGE_FIRST = "Acknowledge the complaint first."
CLOSED = "This complaint is closed; it can no longer be changed."
ALREADY = "This complaint has already been acknowledged."
NOT_WAITING = "The complaint is not waiting for information."


def not_while(label: str) -> str:
    return f"This cannot be done while the complaint is “{label}”."


# status -> action -> the status after it, or the refusal
TABLE = {
    S.SUBMITTED: {
        "acknowledge": S.ACKNOWLEDGED,
        "assign": ACKNOWLEDGE_FIRST,
        "request_information": ACKNOWLEDGE_FIRST,
        "resume": NOT_WAITING,
        "close": ACKNOWLEDGE_FIRST,
        "message": S.SUBMITTED,
        "extend": S.SUBMITTED,
        "transfer": S.SUBMITTED,
        "escalate": S.SUBMITTED,
        "tag": S.SUBMITTED,
        "note": S.SUBMITTED,
    },
    S.ACKNOWLEDGED: {
        "acknowledge": ALREADY,
        "assign": S.IN_PROGRESS,
        "request_information": S.AWAITING_INFORMATION,
        "resume": NOT_WAITING,
        "close": S.CLOSED,
        "message": S.ACKNOWLEDGED,
        "note": S.ACKNOWLEDGED,
    },
    S.IN_PROGRESS: {
        "acknowledge": ALREADY,
        "assign": S.IN_PROGRESS,
        "request_information": S.AWAITING_INFORMATION,
        "resume": NOT_WAITING,
        "close": S.CLOSED,
        "escalate": S.IN_PROGRESS,
    },
    S.AWAITING_INFORMATION: {
        "acknowledge": ALREADY,
        "assign": S.IN_PROGRESS,
        "request_information": not_while("Awaiting information from the complainant"),
        "resume": S.IN_PROGRESS,
        "close": S.CLOSED,
        "transfer": S.AWAITING_INFORMATION,
    },
    S.CLOSED: {
        "acknowledge": CLOSED,
        "assign": CLOSED,
        "request_information": CLOSED,
        "resume": NOT_WAITING,
        "close": CLOSED,
        "message": CLOSED,
        "extend": CLOSED,
        "transfer": CLOSED,
        "escalate": CLOSED,
        "tag": S.CLOSED,
        "note": S.CLOSED,
    },
}
MOVES = [(status, action, after) for status, row in TABLE.items() for action, after in row.items()]


@pytest.mark.parametrize(
    ("status", "action", "after"), MOVES, ids=[f"{s}-{a}" for s, a, _ in MOVES]
)
def test_each_move_gives_its_status_or_says_why_not(app, status, action, after):
    if isinstance(after, ComplaintStatus):
        assert check_transition(action, status) is after
        assert action in allowed_actions(status)
        return
    with app.test_request_context("/?lang=en"):  # the refusal is worded in the page's language
        with pytest.raises(TransitionError) as refused:
            check_transition(action, status)
        assert str(refused.value.message) == after
    assert refused.value.field == "action"
    assert action not in allowed_actions(status)


def test_the_actions_allowed_from_each_status():
    assert allowed_actions(S.SUBMITTED) == {
        "acknowledge", "message", "extend", "transfer", "escalate", "tag", "note",
    }  # fmt: skip
    assert allowed_actions(S.IN_PROGRESS) == {
        "assign", "request_information", "close", "message", "extend", "transfer", "escalate",
        "tag", "note",
    }  # fmt: skip


def test_an_unlisted_office_needs_its_province(app):
    """A complaint about an office not in the registry goes to the host province, so the form
    must name it; the refusal is shown on the province field."""
    with app.test_request_context("/?lang=en"), pytest.raises(RoutingError) as refused:
        route_unlisted_office(None)
    assert refused.value.field == "unlisted_province"
    assert str(refused.value.message) == "Choose the province where the office is."
    (route,) = route_unlisted_office(440000).routes
    assert (route.government_id, route.primary, route.rule) == (
        440000,
        True,
        "unlisted_host_province",
    )


# Who may never be handed a complaint (complaints/routing.py: forbidden_establishers)

COUNTY = GovernmentFacts(4, 3, 2, above=(3, 2, 1))  # a county, its prefecture, province, nation


def test_a_government_may_not_handle_its_own_or_its_superiors_offices():
    """The government that set up the office and every government above it up to (not
    including) the top are on the office's own side; everyone else may receive."""
    assert forbidden_establishers(COUNTY) == {4, 3, 2}
    assert [may_receive(establisher, COUNTY) for establisher in (4, 3, 2, 1, 9, None)] == [
        False, False, False, True, True, True,
    ]  # fmt: skip
    assert forbidden_establishers(GovernmentFacts(2, 1, 2, above=(1,))) == {2}


def test_a_complaint_about_its_own_side_is_refused_on_the_field_given():
    with pytest.raises(RoutingError) as refused:
        check_receiver(3, COUNTY, "government")
    assert refused.value.field == "government"
    assert refused.value.message == (
        "This complaint is about an office of that government or of a government above it, so "
        "it cannot handle the complaint. Choose a government outside the office's own side."
    )
    assert check_receiver(1, COUNTY, "government") is None
