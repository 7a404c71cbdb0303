"""Search fixtures: every test runs against both engines, with the indexer driven by hand."""

from __future__ import annotations

import pytest

from portal.database import database
from search.indexer import rebuild, sync
from search.runtime import get_engine

ENGINES = ("whoosh", "tantivy")


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def app_config(app_config, engine_name) -> dict:
    """Both engines; the outbox is applied by the tests themselves unless a test asks."""
    return {**app_config, "SEARCH_ENGINE": engine_name, "SEARCH_SYNC": "external"}


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def indexed(app, db, registry, engine):
    """The small registry, committed and indexed (a full rebuild, then an empty sync)."""
    rebuild(db, engine)
    sync(db, engine)
    return registry


@pytest.fixture
def apply_outbox(db, engine):
    """apply_outbox() -> SyncReport: what `flask search sync` does, once."""

    def run():
        database.session.commit()
        return sync(db, engine)

    return run
