"""Which documents a change refreshes: the `related` queries and watchers of the document
kinds (search/kinds.py) beyond a row's own document.

A `related` query takes the keys of a changed entity and selects the ids of one kind's rows to
re-index; a watcher turns a changed row into (entity, key) outbox entries. Entities that are no
kind only refresh others: `office_findings` (an office's findings may have changed: its own
document only, not its disclosures) and `province_standard` (a province's reception standard).
"""

from __future__ import annotations

from sqlalchemy import select, union

from disclosures.models import Contract, ReceptionRecord
from portal.models import Office

FINDINGS_TABLE = "findings_table"
"""The outbox entity the findings sync writes (`outbox.findings_changed`): an office's rows of the
`finding` table changed, so the office, its receptions and its contracts are read again."""


def by_office(model):
    return lambda db, keys: select(model.id).where(model.office_id.in_(keys))


def by_provider(model):
    return lambda db, keys: select(model.id).where(model.provider_id.in_(keys))


def in_province(model):
    """The rows of offices hosted in some provinces (a province's standard changed)."""
    return lambda db, keys: (select(model.id).join(Office, Office.id == model.office_id)).where(
        Office.host_province_id.in_(keys)
    )


def findings_of(office_id_of):
    """A watcher: the office's findings may have changed (only its own document refreshes)."""
    return lambda row: [("office_findings", office_id_of(row))]


def office_siblings(db, keys):
    """Offices of the same governments (R3 counts the offices a government keeps in a capital)."""
    governments = select(Office.establishing_government_id).where(Office.id.in_(keys))
    return select(Office.id).where(Office.establishing_government_id.in_(governments))


def offices_buying_from(db, keys):
    """Offices with a contract or a reception bought from some providers (R10)."""
    return union(
        select(Contract.office_id).where(Contract.provider_id.in_(keys)),
        select(ReceptionRecord.office_id).where(ReceptionRecord.provider_id.in_(keys)),
    )
