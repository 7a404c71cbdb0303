"""The supervisors' CSV downloads: their queue and the audit log, both through portal.csv.

portal.csv quotes any cell a spreadsheet would run as a formula: an unlisted office's name is
typed by a citizen, so `=HYPERLINK(…)` there must reach a supervisor's spreadsheet as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Response
from sqlalchemy import Select
from sqlalchemy.orm import Session, joinedload

from complaints.models import AuditEntry, Complaint
from portal.clock import china_day
from portal.csv import csv_response

QUEUE_COLUMNS = (
    "reference", "status", "category", "office", "primary_government", "submitted_on",
    "acknowledge_due_on", "resolve_due_on", "assignee", "outcome",
)  # fmt: skip
AUDIT_COLUMNS = ("id", "created_at_utc", "actor", "action", "complaint", "detail")


def queue_rows(complaints: Iterable[Complaint]) -> Iterator[list]:
    """One row per complaint in QUEUE_COLUMNS order: a listed office by slug, an unlisted one
    by the name the citizen gave; dates are China days."""
    for complaint in complaints:
        office = complaint.office
        yield [
            complaint.reference,
            complaint.status,
            complaint.category,
            office.slug if office else complaint.unlisted_office_name,
            complaint.primary_government.code,
            china_day(complaint.submitted_at),
            complaint.acknowledge_due_on,
            complaint.resolve_due_on,
            complaint.assignee.email if complaint.assignee else "",
            complaint.outcome,
        ]


def queue_csv(db: Session, queue: Select) -> Response:
    """The account's filtered queue (a select of complaints, scope.filtered_queue) as a CSV
    download, streamed; the related rows are loaded with the complaints, not one by one."""
    complaints = db.scalars(
        queue.options(
            joinedload(Complaint.office),
            joinedload(Complaint.primary_government),
            joinedload(Complaint.assignee),
        )
    )
    return csv_response(QUEUE_COLUMNS, queue_rows(complaints), "complaints-queue.csv")


def audit_rows(entries: Iterable[AuditEntry]) -> Iterator[list]:
    """One row per audit entry in AUDIT_COLUMNS order; the detail as `key=value; …`."""
    for entry in entries:
        yield [
            entry.id,
            entry.created_at,
            entry.actor.email if entry.actor else "system",
            entry.action,
            entry.complaint.reference if entry.complaint else "",
            "; ".join(f"{key}={value}" for key, value in sorted((entry.detail or {}).items())),
        ]


def audit_csv(entries: Iterable[AuditEntry]) -> Response:
    """The audit log as a CSV download, oldest entry first, streamed."""
    return csv_response(AUDIT_COLUMNS, audit_rows(entries), "complaints-audit.csv")
