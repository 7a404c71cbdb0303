"""The words a person reads for each audited administration action."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account_invited": _l("Invited"),
    "invitation_accepted": _l("Invitation accepted"),
    "account_changed": _l("Role or scope changed"),
    "account_deactivated": _l("Deactivated"),
    "second_factor_reset": _l("Two-step sign-in reset"),
    "password_reset": _l("Password reset by e-mail link"),
    "password_set": _l("Password set by an operator"),
    "recovery_codes_created": _l("Recovery codes made"),
    "recovery_code_used": _l("Signed in with a recovery code"),
    "channels_changed": _l("Complaint channels changed"),
    "office_recorded": _l("New office recorded, pending approval"),
    "office_approved": _l("Approval recorded"),
    "office_closing": _l("Closing recorded"),
    "office_closed": _l("Closure recorded"),
    "standard_drafted": _l("Reception standard drafted"),
    "standard_set": _l("Reception standard published"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
