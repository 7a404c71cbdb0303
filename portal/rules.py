"""The circular's office rules (R1–R5, R9) as pure functions, and the one Finding type of all rules.

Every rule of every package returns `Finding`s. Office rules take plain facts about an office
(`OfficeFacts`) so they can be tested without a database; `portal.compliance.check_offices`
gathers those facts and runs them (this module imports no session, no Flask).
The plain-words texts of every rule (R1–R13) are `RULES` (from `portal/rule_texts.py`).

Dates chosen where the circular is silent (reasons in portal/README.md, "Rules and demo data"):
new offices are those set up after the circular (2015-03-16); R1 offices (and R2's approvals) were
due by 2015-12-31; a special mission has 90 days to close, an inspection's closure order 60 days.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal.models import GovernmentLevel, OfficeKind, OfficeStatus
from portal.rule_texts import RULES, RuleText

CIRCULAR_ISSUED = date(2015, 3, 16)
CLOSURE_DEADLINE = date(2015, 12, 31)
MISSION_GRACE = timedelta(days=90)
CLOSURE_ORDER_GRACE = timedelta(days=60)


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


@dataclass(frozen=True)
class OfficeFacts:
    """What the office rules need to know about one office, as plain values.

    `government_province_code` is the code of the province the establishing government lies in
    (None for the national government); `department_level` is the level of the establishing
    department (that of its government) or None when the government itself set up the office.
    `same_capital_count` counts the offices, not closed, that the same government and its
    departments keep in this office's host capital (this one included).
    """

    slug: str
    government_code: str
    government_level: GovernmentLevel
    government_autonomous: bool
    government_province_code: str | None
    host_province_code: str
    kind: OfficeKind
    status: OfficeStatus
    is_department: bool = False
    department_level: GovernmentLevel | None = None
    mission_ends_on: date | None = None
    approving_government_code: str | None = None
    approving_government_level: GovernmentLevel | None = None
    approved_on: date | None = None
    established_on: date | None = None
    closed_on: date | None = None
    closure_ordered_on: date | None = None
    same_capital_count: int = 1
    government_name_zh: str = ""
    government_name_en: str = ""
    department_zh: str = ""
    department_en: str = ""
    capital_zh: str = ""
    capital_en: str = ""

    @property
    def is_closed(self) -> bool:
        return self.status is OfficeStatus.CLOSED

    @property
    def in_own_province(self) -> bool:
        return self.government_province_code == self.host_province_code

    @property
    def who_zh(self) -> str:
        name = self.government_name_zh or self.government_code
        if not self.is_department:
            return name
        return f"{name}{self.department_zh}" if self.department_zh else f"{name}的职能部门"

    @property
    def who_en(self) -> str:
        name = self.government_name_en or self.government_name_zh or self.government_code
        if not self.is_department:
            return name
        return (
            f"the {self.department_en} of {name}"
            if self.department_en
            else f"a department of {name}"
        )

    @property
    def where_zh(self) -> str:
        return self.capital_zh or self.host_province_code

    @property
    def where_en(self) -> str:
        return self.capital_en or self.capital_zh or self.host_province_code


LEVEL_ZH = dict(zip(GovernmentLevel, ["国家级", "省级", "地市级", "县级"], strict=True))
LEVEL_EN = dict(
    zip(
        GovernmentLevel, ["national", "provincial", "prefecture (municipal)", "county"], strict=True
    )
)
STATUS_ZH = dict(zip(OfficeStatus, ["运行中", "待审批", "撤销中", "已撤销"], strict=True))
STATUS_EN = dict(
    zip(OfficeStatus, ["operating", "pending approval", "closing", "closed"], strict=True)
)


def _finding(
    rule: str, severity: Severity, office: OfficeFacts, zh: str, en: str, **facts: Any
) -> Finding:
    base = {"status": office.status, "government_code": office.government_code}
    return Finding(rule, severity, office.slug, zh, en, {**base, **facts})


def r1_applies(office: OfficeFacts) -> bool:
    """R1's scope: an office in its own province's capital set up by a county-level government,
    or by a county- or prefecture (municipal)-level department, outside an autonomous area
    (offices of autonomous areas fall under R2 instead)."""
    if office.government_autonomous or not office.in_own_province:
        return False
    if office.is_department:
        level = office.department_level or office.government_level
        return level in (GovernmentLevel.COUNTY, GovernmentLevel.PREFECTURAL)
    return office.government_level is GovernmentLevel.COUNTY


def rule_r1(office: OfficeFacts, today: date) -> list[Finding]:
    """R1: an office that the circular shuts down is still open.

    A warning until `CLOSURE_DEADLINE`, a violation afterwards (whatever the office's status,
    as long as it is not closed)."""
    if office.is_closed or not r1_applies(office):
        return []
    level = office.department_level or office.government_level
    late = today > CLOSURE_DEADLINE
    deadline = CLOSURE_DEADLINE.isoformat()
    zh = (
        f"{office.who_zh}（{LEVEL_ZH[level]}）在本省省会{office.where_zh}设立的办事机构应予撤销"
        f"（期限{deadline}），目前状态为“{STATUS_ZH[office.status]}”。"
    )
    en = (
        f"Set up by {office.who_en} ({LEVEL_EN[level]} level) in its own province's capital, "
        f"{office.where_en}: it had to close by {deadline}, and its status is "
        f"'{STATUS_EN[office.status]}'."
    )
    severity = Severity.VIOLATION if late else Severity.WARNING
    return [_finding("R1", severity, office, zh, en, level=level, deadline=CLOSURE_DEADLINE)]


def _has_provincial_approval(office: OfficeFacts, accepted: Iterable[str | None]) -> bool:
    return (
        office.approving_government_level is GovernmentLevel.PROVINCIAL
        and office.approving_government_code in set(accepted)
        and office.approved_on is not None
    )


def rule_r2(office: OfficeFacts, today: date) -> list[Finding]:
    """R2: an office of an autonomous-area municipality or county (or of one of its departments)
    in its own province's capital without that provincial government's approval.

    A warning until `CLOSURE_DEADLINE`, a violation afterwards."""
    if office.is_closed or not office.government_autonomous or not office.in_own_province:
        return []
    if office.government_level not in (GovernmentLevel.PREFECTURAL, GovernmentLevel.COUNTY):
        return []
    if _has_provincial_approval(office, [office.host_province_code]):
        return []
    zh = (
        f"{office.who_zh}属民族自治地方，在本省省会{office.where_zh}保留办事机构须经省级人民政府批准，"
        f"但没有省级人民政府（{office.host_province_code}）的批准记录。"
    )
    en = (
        f"Set up by {office.who_en}, in a national autonomous area, in its own province's capital, "
        f"{office.where_en}: it may stay only with the approval of the provincial government "
        f"({office.host_province_code}), and no such approval is recorded."
    )
    severity = Severity.VIOLATION if today > CLOSURE_DEADLINE else Severity.WARNING
    return [_finding("R2", severity, office, zh, en, approving_government_code=None)]


def rule_r3(office: OfficeFacts, today: date) -> list[Finding]:
    """R3: a local government and its departments keep more than one open office in one
    provincial capital outside their own province (each of those offices gets a finding)."""
    if office.is_closed or office.in_own_province or office.government_province_code is None:
        return []
    if office.same_capital_count <= 1:
        return []
    count = office.same_capital_count
    name_zh = office.government_name_zh or office.government_code
    name_en = office.government_name_en or office.government_name_zh or office.government_code
    zh = (
        f"{name_zh}及其职能部门在外省省会{office.where_zh}共有{count}个未撤销的办事机构，"
        f"最多只能保留一个。"
    )
    en = (
        f"{name_en} and its departments keep {count} offices that are not closed in "
        f"{office.where_en}, a provincial capital outside their province; at most one is allowed."
    )
    return [_finding("R3", Severity.VIOLATION, office, zh, en, same_capital_count=count)]


def rule_r4(office: OfficeFacts, today: date) -> list[Finding]:
    """R4: a new office (established after the circular, or pending approval yet already
    established) without the approval of a provincial government.

    The approval must come from a provincial-level government: the host province (which
    receives the office) or the establishing government's own province. An approval dated
    after a new office was established is a warning: the office worked before it was allowed."""
    if office.is_closed:
        return []
    new = office.established_on is not None and office.established_on > CIRCULAR_ISSUED
    working_unapproved = (
        office.status is OfficeStatus.PENDING_APPROVAL
        and office.established_on is not None
        and office.established_on <= today
    )
    if not (new or working_unapproved):
        return []
    accepted = [office.host_province_code, office.government_province_code]
    if office.status is not OfficeStatus.PENDING_APPROVAL and _has_provincial_approval(
        office, accepted
    ):
        if not (new and office.approved_on > office.established_on):
            return []
        established, approved = office.established_on.isoformat(), office.approved_on.isoformat()
        zh = f"该办事机构于{established}设立，而省级人民政府的批准日期是{approved}：先设立后批准。"
        en = f"Established on {established}, before its approval by a provincial government on {approved}."
        facts = {"established_on": office.established_on, "approved_on": office.approved_on}
        return [_finding("R4", Severity.WARNING, office, zh, en, **facts)]
    established = office.established_on.isoformat() if office.established_on else "?"
    status_zh, status_en = STATUS_ZH[office.status], STATUS_EN[office.status]
    zh = f"该办事机构于{established}设立（状态“{status_zh}”），但没有省级人民政府的批准记录。"
    en = (
        f"Established on {established} (status '{status_en}') without a recorded approval "
        f"by a provincial government."
    )
    facts = {"established_on": office.established_on, "approved_on": office.approved_on}
    return [_finding("R4", Severity.VIOLATION, office, zh, en, **facts)]


def rule_r5(office: OfficeFacts, today: date) -> list[Finding]:
    """R5: a special-mission office still open after its mission ended.

    A warning during `MISSION_GRACE` after the end of the mission, a violation afterwards."""
    if office.is_closed or office.kind is not OfficeKind.SPECIAL_MISSION:
        return []
    if office.mission_ends_on is None or office.mission_ends_on >= today:
        return []
    ended = office.mission_ends_on.isoformat()
    late = today > office.mission_ends_on + MISSION_GRACE
    zh = (
        f"专项任务办事机构的任务已于{ended}结束，应予撤销，"
        f"目前状态仍为“{STATUS_ZH[office.status]}”。"
    )
    en = (
        f"A special-mission office whose mission ended on {ended} must close; its status is "
        f"still '{STATUS_EN[office.status]}'."
    )
    severity = Severity.VIOLATION if late else Severity.WARNING
    return [_finding("R5", severity, office, zh, en, mission_ends_on=office.mission_ends_on)]


def closure_orders(office: OfficeFacts, today: date) -> list[tuple[str, date]]:
    """The orders to close that have fallen due: (source, date by which to close)."""
    due: list[tuple[str, date]] = []
    if r1_applies(office) and today > CLOSURE_DEADLINE:
        due.append(("R1", CLOSURE_DEADLINE))
    if office.kind is OfficeKind.SPECIAL_MISSION and office.mission_ends_on is not None:
        by = office.mission_ends_on + MISSION_GRACE
        if today > by:
            due.append(("R5", by))
    if office.closure_ordered_on is not None:
        by = office.closure_ordered_on + CLOSURE_ORDER_GRACE
        if today > by:
            due.append(("inspection", by))
    return due


def rule_r9(office: OfficeFacts, today: date) -> list[Finding]:
    """R9: an office ordered to close (by R1 after its deadline, by R5 after the grace period,
    or by an inspection after `CLOSURE_ORDER_GRACE`) is still operating."""
    status = office.status
    if status is not OfficeStatus.OPERATING and status is not OfficeStatus.PENDING_APPROVAL:
        return []
    orders = closure_orders(office, today)
    if not orders:
        return []
    sources = ", ".join(source for source, _by in orders)
    by = min(when for _source, when in orders).isoformat()
    zh = (
        f"该办事机构已被要求撤销（依据：{sources}，最迟{by}），"
        f"但仍在“{STATUS_ZH[office.status]}”，属拒不撤销。"
    )
    en = (
        f"Ordered to close ({sources}; by {by} at the latest) but still "
        f"'{STATUS_EN[office.status]}': it is refusing to close."
    )
    facts = {"ordered_by": sources, "close_by": by, "closure_ordered_on": office.closure_ordered_on}
    return [_finding("R9", Severity.VIOLATION, office, zh, en, **facts)]


OFFICE_RULES: dict[str, Callable[[OfficeFacts, date], list[Finding]]] = {
    "R1": rule_r1,
    "R2": rule_r2,
    "R3": rule_r3,
    "R4": rule_r4,
    "R5": rule_r5,
    "R9": rule_r9,
}


def evaluate_office(office: OfficeFacts, today: date) -> list[Finding]:
    """Every office rule over one office's facts, in rule order."""
    if office.status is OfficeStatus.CLOSED:  # a closed office breaks none (and most are)
        return []
    return [finding for rule in OFFICE_RULES.values() for finding in rule(office, today)]


__all__ = ["RULES", "Finding", "OfficeFacts", "RuleText", "Severity", "evaluate_office"]
