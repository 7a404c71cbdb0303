"""No sequence of actions takes a complaint to a status the workflow table forbids
(complaints/workflow.py): every move is one the table allows, refusals change nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from complaints.models import ComplaintStatus as S
from complaints.workflow import TRANSITIONS, TransitionError, allowed_actions, check_transition

actions = st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=40)


@given(actions)
def test_no_action_sequence_reaches_a_forbidden_status(sequence):
    status = S.SUBMITTED
    seen = [status]
    for action in sequence:
        allowed = action in allowed_actions(status)
        try:
            after = check_transition(action, status)
        except TransitionError:
            assert not allowed, (action, status)
            continue  # a refusal changes nothing
        assert allowed, (action, status)
        move = TRANSITIONS[action]
        assert status in move.allowed_from
        assert after == (move.to or status)
        if status == S.CLOSED:
            assert after == S.CLOSED and action in ("tag", "note")  # closed is final
        if after == S.CLOSED and status != S.CLOSED:
            assert status in (S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_INFORMATION)
        if after == S.AWAITING_INFORMATION and status != after:
            assert status in (S.ACKNOWLEDGED, S.IN_PROGRESS)
        status = after
        seen.append(status)
    # never back to "submitted" once acknowledged, never open again once closed
    left = next((i for i, s in enumerate(seen) if s != S.SUBMITTED), len(seen))
    assert S.SUBMITTED not in seen[left:]
    if S.CLOSED in seen:
        assert all(s == S.CLOSED for s in seen[seen.index(S.CLOSED) :])
