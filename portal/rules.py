"""The circular's office rules (R1–R5, R9) as pure functions, and the one Finding type of all rules.

Every rule of every package returns `Finding`s. Office rules take plain facts about an office
(`OfficeFacts`) so they can be tested without a database; `check_offices` gathers those facts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"


@dataclass(frozen=True)
class Finding:
    """A rule broken (or at risk) by one office, with the facts that triggered it."""

    rule: str
    severity: Severity
    office_slug: str | None
    message_zh: str
    message_en: str
    facts: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_zh

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "office": self.office_slug,
            "severity": str(self.severity),
            "message": self.message_en,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "facts": {key: _plain(value) for key, value in self.facts.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def check_offices(db, today: date, office_ids=None):
    """Every office rule (R1–R5, R9) over every office in the registry.

    Registered with the portal registry; `flask compliance check` runs it with every other
    package's checks. Implemented by the rules work of the foundation issue.
    """
    return []
