"""A rebuild's rows read with plain Core selects instead of ORM objects (issue 17, item 10).

Most of a rebuild's documents (receptions, service listings, contracts) come from kinds whose
function reads only the row's own columns, its hybrid properties and a few many-to-one
relationships (its office, its provider): such a kind names those relationships (`plain=` in
`search.documents.document_kind`), and a rebuild reads its rows as `RowView`s, objects with the
same attributes, for a fraction of the ORM's cost. Offices and providers are read once per
process and shared. Syncs still read ORM objects: `flask search check` compares what the two
ways build, document by document (tests/search/test_building.py rebuilds, then checks).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.hybrid import hybrid_property

from portal.names import BilingualName


class RowView:
    """A row's values as attributes, as the model's instance has them."""

    def __init__(self, values) -> None:
        self.__dict__.update(values)


@cache
def _view_class(model: type) -> type:
    """The view class of a model: its hybrid properties computed in Python as on the model, and
    `name(language)` when the model has two names."""
    mapper = inspect(model)
    hybrids = {
        key: property(descriptor.fget)
        for key, descriptor in mapper.all_orm_descriptors.items()
        if isinstance(descriptor, hybrid_property)
    }
    bases = (RowView, BilingualName) if issubclass(model, BilingualName) else (RowView,)
    return type(f"{model.__name__}Row", bases, hybrids)


@cache
def _columns(model: type) -> tuple:
    return tuple(prop.columns[0].label(prop.key) for prop in inspect(model).column_attrs)


def _views(db, model: type, condition) -> list[RowView]:
    view = _view_class(model)
    statement = select(*_columns(model)).where(condition).order_by(model.id)
    return [view(row._mapping) for row in db.execute(statement)]


def _related(db, cache: dict, model: type, ids: set) -> dict[Any, RowView]:
    """The views of some rows of a related model, read once per process (`cache`)."""
    known = cache.setdefault(model, {})
    missing = sorted(key for key in ids - known.keys() if key is not None)
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        known.update((view.id, view) for view in _views(db, model, model.id.in_(chunk)))
    return known


def read_plain(db, model: type, relations: tuple[str, ...], first: int, last: int, cache: dict):
    """The rows first..last of `model` as views, with the many-to-one `relations` attached."""
    rows = _views(db, model, (model.id >= first) & (model.id <= last))
    mapper = inspect(model)
    for key in relations:
        relationship = mapper.relationships[key]
        (local,) = relationship.local_columns
        column = mapper.get_property_by_column(local).key
        target = relationship.mapper.class_
        known = _related(db, cache, target, {getattr(row, column) for row in rows})
        for row in rows:
            setattr(row, key, known.get(getattr(row, column)))
    return rows
