"""The small demo loaded once into an app, for the test modules that only read it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from app import create_app
from portal.database import database
from tests.conftest import USE_POSTGRES, _empty_postgres, base_config


@contextmanager
def small_demo_app(tmp_path: Path, migrated_database: str) -> Iterator[tuple[Flask, str]]:
    """An app with `flask demo load --scale small` run once, inside its app context, and the
    command's output.

    On SQLite the demo goes into a copy of the migrated database in `tmp_path`; on PostgreSQL
    into the shared test database, emptied again afterwards like every test app's. The search
    index is not built (a minute of CPU).
    """
    config = base_config(tmp_path)
    if USE_POSTGRES:
        config["DATABASE_URL"] = migrated_database
    else:
        target = tmp_path / "demo.sqlite3"
        shutil.copyfile(migrated_database, target)
        config["DATABASE_URL"] = f"sqlite:///{target}"
    app = create_app(config)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "load", "--scale", "small"])
        assert result.exit_code == 0, result.output
        yield app, result.output
        database.session.remove()
    if USE_POSTGRES:
        _empty_postgres(app)
    else:
        with app.app_context():
            database.engine.dispose()
