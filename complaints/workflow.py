"""The allowed moves of a complaint, as one table: action → statuses it may start from → result."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from complaints.labels import STATUS_LABELS
from complaints.models import ComplaintStatus
from portal.errors import PortalError

S = ComplaintStatus
OPEN = frozenset({S.SUBMITTED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_INFORMATION})
HANDLED = frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_INFORMATION})
EVERY = frozenset(ComplaintStatus)


@dataclass(frozen=True)
class Transition:
    """An action may run from `allowed_from`; `to` is the status after it (None: unchanged)."""

    allowed_from: frozenset[ComplaintStatus]
    to: ComplaintStatus | None


TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition(frozenset({S.SUBMITTED}), S.ACKNOWLEDGED),
    "assign": Transition(HANDLED, S.IN_PROGRESS),
    "request_information": Transition(
        frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS}), S.AWAITING_INFORMATION
    ),
    "resume": Transition(frozenset({S.AWAITING_INFORMATION}), S.IN_PROGRESS),
    "close": Transition(HANDLED, S.CLOSED),
    "message": Transition(OPEN, None),
    "extend": Transition(OPEN, None),
    "transfer": Transition(OPEN, None),
    "escalate": Transition(OPEN, None),
    "tag": Transition(EVERY, None),
    "note": Transition(EVERY, None),
}
"""The one table of the workflow. Closed is final: only notes and tags follow it."""

REFUSALS = {
    S.SUBMITTED: _l("Acknowledge the complaint first."),
    S.CLOSED: _l("This complaint is closed; it can no longer be changed."),
}


class TransitionError(PortalError):
    """An action is not allowed from the complaint's status; `field` is always "action" (the
    refusal concerns the whole action form, so views show it at the form's top)."""


def allowed_actions(status: ComplaintStatus) -> set[str]:
    """Every action the table allows from a status."""
    return {action for action, move in TRANSITIONS.items() if status in move.allowed_from}


def check_transition(action: str, status: ComplaintStatus) -> ComplaintStatus:
    """The status after `action` from `status` (unchanged when the action keeps it).

    Raises TransitionError with a message saying why the action is refused.
    """
    move = TRANSITIONS[action]
    if status not in move.allowed_from:
        message = REFUSALS.get(status) or _l(
            "This cannot be done while the complaint is “%(status)s”.", status=STATUS_LABELS[status]
        )
        if action == "acknowledge" and status != S.CLOSED:
            message = _l("This complaint has already been acknowledged.")
        elif action == "resume":
            message = _l("The complaint is not waiting for information.")
        raise TransitionError(message, "action")
    return move.to or status
