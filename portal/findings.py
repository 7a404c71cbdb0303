"""Findings as the pages read them: from the `finding` table, never by running the rules.

The table is derived data (kept by `portal/findings_sync.py` from the outbox that
`portal/findings_outbox.py` writes); this module owns how a `Finding` becomes a row (its
identity, its plain facts) and every read the pages, the exports and the summary make.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, distinct, exists, func, select
from sqlalchemy.orm import Session

from portal.findings_models import STATE_ID, FindingRecord, FindingState
from portal.models import Office
from portal.rules import Finding, Severity

IDENTITY_FACTS = ("inspection", "reference", "received_on", "limit", "kind", "provider_uscc")
IDENTITY_FACTS += ("round", "province", "year", "category")
"""The facts that name what a finding is about, beyond its rule and office (the reception and
limit of R6, the kind of R7, the provider of R10, the inspection of R11, the round and province
of R8, the year (and budget category) of R12 and R13). Facts that change from day to day (days overdue) are never part of the identity, so a
finding keeps its `since` while it lasts."""

SEVERITY_RANK = {"violation": 0, "warning": 1, "info": 2}


def rule_sort_key(code: str) -> tuple[str, int, str]:
    """R2 before R10: the letters, then the number."""
    prefix = code.rstrip("0123456789")
    digits = code[len(prefix) :]
    return prefix, int(digits) if digits else 0, code


def plain_facts(finding: Finding) -> dict[str, Any]:
    """The facts as JSON keeps them (dates as ISO strings, enums as values, tuples as lists)."""
    facts = finding.as_dict()["facts"]
    return json.loads(json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str))


def subject_of(finding: Finding) -> str:
    """What the finding is about within its rule and office (see IDENTITY_FACTS)."""
    facts = plain_facts(finding)
    parts = [f"{name}={facts[name]}" for name in IDENTITY_FACTS if name in facts]
    subject = "|".join(parts)
    if len(subject) > 200:
        subject = subject[:160] + "#" + hashlib.blake2b(subject.encode(), digest_size=8).hexdigest()
    return subject


Identity = tuple[str, int | None, str]


def keyed(findings: Iterable[Finding], office_ids: dict[str, int]) -> dict[Identity, Finding]:
    """Each finding under its identity (rule, office id, subject); findings about an office
    that `office_ids` (slug → id) does not know are left out.

    Two findings that would share an identity (a rule finding the same thing twice) are told
    apart by a counter, so none is lost.
    """
    result: dict[Identity, Finding] = {}
    for finding in findings:
        office_id = None
        if finding.office_slug is not None:
            office_id = office_ids.get(finding.office_slug)
            if office_id is None:
                continue
        base = subject_of(finding)
        identity, number = (finding.rule, office_id, base), 1
        while identity in result:
            number += 1
            identity = (finding.rule, office_id, f"{base}#{number}")
        result[identity] = finding
    return result


def stored_values(finding: Finding) -> tuple[str, str, str, str]:
    """What `check` compares: severity, both messages, and the facts as canonical JSON."""
    facts = json.dumps(plain_facts(finding), ensure_ascii=False, sort_keys=True)
    return str(finding.severity), finding.message_zh, finding.message_en, facts


def row_values(record: Any) -> tuple[str, str, str, str]:
    """The same four values of a stored row (a FindingRecord or a row with those columns)."""
    facts = json.dumps(record.facts or {}, ensure_ascii=False, sort_keys=True)
    return str(record.severity), record.message_zh, record.message_en, facts


@dataclass(frozen=True)
class StoredFinding(Finding):
    """A finding read from the table: a `Finding`, with the day it was first found."""

    since: date | None = None

    @classmethod
    def from_record(cls, record: FindingRecord, slug: str | None) -> StoredFinding:
        """The finding a row of the table holds; `slug` is its office's (None: no office)."""
        return cls(
            rule=record.rule,
            severity=Severity(record.severity),
            office_slug=slug,
            message_zh=record.message_zh,
            message_en=record.message_en,
            facts=dict(record.facts or {}),
            since=record.since,
        )


def _ordered(findings: Iterable[StoredFinding]) -> list[StoredFinding]:
    return sorted(
        findings,
        key=lambda f: (rule_sort_key(f.rule), SEVERITY_RANK.get(str(f.severity), 9)),
    )


def findings_of_office(db: Session, office: Office) -> list[StoredFinding]:
    """The findings about one office, by rule (one query)."""
    records = db.scalars(
        select(FindingRecord)
        .where(FindingRecord.office_id == office.id)
        .order_by(FindingRecord.rule, FindingRecord.subject)
    )
    return _ordered(StoredFinding.from_record(record, office.slug) for record in records)


def findings_of_offices(db: Session, offices: Sequence[Office]) -> list[StoredFinding]:
    """The findings about these offices, by office and rule (one query)."""
    slugs = {office.id: office.slug for office in offices}
    if not slugs:
        return []
    records = db.scalars(
        select(FindingRecord)
        .where(FindingRecord.office_id.in_(list(slugs)))
        .order_by(FindingRecord.office_id, FindingRecord.rule, FindingRecord.subject)
    )
    found = [StoredFinding.from_record(record, slugs[record.office_id]) for record in records]
    return sorted(found, key=lambda f: (f.office_slug or "", rule_sort_key(f.rule)))


def findings_by_office_id(db: Session, office_ids: Iterable[int]) -> dict[int, list[StoredFinding]]:
    """office id → its findings by rule, for many offices (one query per 1,000 offices)."""
    ids = sorted(set(office_ids))
    found: dict[int, list[StoredFinding]] = {office_id: [] for office_id in ids}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        rows = db.execute(
            select(FindingRecord, Office.slug)
            .join(Office, Office.id == FindingRecord.office_id)
            .where(FindingRecord.office_id.in_(chunk))
            .order_by(FindingRecord.office_id, FindingRecord.rule, FindingRecord.subject)
        )
        for record, slug in rows:
            found[record.office_id].append(StoredFinding.from_record(record, slug))
    return {office_id: _ordered(findings) for office_id, findings in found.items()}


def registry_findings(db: Session) -> list[StoredFinding]:
    """The findings that name no office (R8: a province's progress report), one query."""
    records = db.scalars(
        select(FindingRecord)
        .where(FindingRecord.office_id.is_(None))
        .order_by(FindingRecord.rule, FindingRecord.subject)
    )
    return _ordered(StoredFinding.from_record(record, None) for record in records)


def rules_of_offices(db: Session, office_ids: Sequence[int]) -> dict[int, list[str]]:
    """office id → the codes of the rules it breaks, in rule order (one query)."""
    if not office_ids:
        return {}
    result: dict[int, set[str]] = {}
    for office_id, rule in db.execute(
        select(FindingRecord.office_id, FindingRecord.rule)
        .where(FindingRecord.office_id.in_(list(office_ids)))
        .distinct()
    ):
        result.setdefault(office_id, set()).add(rule)
    return {key: sorted(rules, key=rule_sort_key) for key, rules in result.items()}


def rules_of_every_office(db: Session) -> dict[int, list[str]]:
    """office id → the rules it breaks, for every office with a finding (one query)."""
    result: dict[int, set[str]] = {}
    for office_id, rule in db.execute(
        select(FindingRecord.office_id, FindingRecord.rule)
        .where(FindingRecord.office_id.is_not(None))
        .distinct()
    ):
        result.setdefault(office_id, set()).add(rule)
    return {key: sorted(rules, key=rule_sort_key) for key, rules in result.items()}


def offices_with_findings_count(db: Session) -> int:
    """How many offices have at least one finding (one query)."""
    return db.scalar(select(func.count(distinct(FindingRecord.office_id)))) or 0


def office_slugs_with_findings(db: Session) -> set[str]:
    """The slugs of the offices with at least one finding (one query)."""
    return set(
        db.scalars(select(Office.slug).where(exists().where(FindingRecord.office_id == Office.id)))
    )


def has_finding(rule: str | None = None) -> ColumnElement[bool]:
    """A condition on `Office`: it has a finding (of `rule`, when given)."""
    condition = exists().where(FindingRecord.office_id == Office.id)
    if rule:
        condition = exists().where(FindingRecord.office_id == Office.id, FindingRecord.rule == rule)
    return condition


def rules_found(db: Session) -> list[str]:
    """The codes of every rule with at least one finding, in rule order (one query)."""
    return sorted(db.scalars(select(FindingRecord.rule).distinct()), key=rule_sort_key)


_VERSION = select(FindingState.data_version).where(FindingState.id == STATE_ID)


def data_version(db: Session) -> int:
    """The public data's version: one more after every commit that changed public data
    (`portal/findings_outbox.py`), the findings included. One query (a Core statement built
    once: every public request asks it); 0 before the first."""
    version = db.connection().execute(_VERSION).scalar()
    return int(version or 0)
