"""The words an administrator reads for each run result."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from operations.models import RunResult

RESULT_LABELS = {
    RunResult.RUNNING: _l("Running"),
    RunResult.SUCCEEDED: _l("Succeeded"),
    RunResult.FAILED: _l("Failed"),
}

JOB_LABELS = {
    "deliver": _l("Deliver complaint notifications"),
    "escalate": _l("Escalate overdue complaints"),
    "reminders": _l("Send deadline reminders"),
    "findings": _l("Refresh oversight findings"),
    "retention": _l("Erase expired personal data"),
    "bundles": _l("Write the open-data bundles"),
    "search-outbox": _l("Prune the applied search outbox"),
}
