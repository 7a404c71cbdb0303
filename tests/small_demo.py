"""The small demo loaded once into an app, for the test modules that only read it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from app import create_app
from portal.database import database
from tests.conftest import config_on_migrated, release_test_app


@contextmanager
def small_demo_app(tmp_path: Path, migrated_database: str) -> Iterator[tuple[Flask, str]]:
    """An app with `flask demo load --scale small` run once, inside its app context, and the
    command's output.

    On SQLite the demo goes into a copy of the migrated database in `tmp_path`; on PostgreSQL
    into the shared test database, emptied again afterwards like every test app's. The search
    index is not built (a minute of CPU).
    """
    app = create_app(config_on_migrated(tmp_path, migrated_database, "demo"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "load", "--scale", "small"])
        assert result.exit_code == 0, result.output
        yield app, result.output
        database.session.remove()
    release_test_app(app)
