"""Shared fixtures: a fresh database (SQLite, or PostgreSQL when asked) and index per test."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from portal.database import database
from portal.models import Account, Role
from tests import factories

POSTGRES_URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
USE_POSTGRES = os.environ.get("PORTAL_TEST_BACKEND") == "postgresql"
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")


def base_config(tmp_path: Path) -> dict:
    """Configuration every test app starts from; a test may override any key."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATA_KEY": "0" * 64,
        "WTF_CSRF_ENABLED": False,
        "REQUIRE_2FA": False,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        # No background indexer thread (its queries would run inside other tests);
        # tests/search turns it on where it is what is tested.
        "SEARCH_SYNC": "external",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        # Cheap Argon2 in tests only (the factories hash the same way): sign-in stays fast.
        "PASSWORD_HASH_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 4},
    }


# The daemon threads a serving app starts (portal/findings_runtime.py, search/runtime.py).
BACKGROUND_THREADS = ("findings-refresher", "search-indexer")


def stop_background_work(app) -> None:
    """Stop the threads an app started, so that none outlives its test: a thread left polling
    a database that is gone logs tracebacks into later tests, and on Python 3.11 formatting a
    traceback in one thread while another parses Python (pytest's assertion rewriting, another
    traceback) can fail with "AST constructor recursion depth mismatch" (CPython gh-106905)."""
    for name in ("search_indexer", "findings_refresher"):
        worker = app.extensions.get(name)
        if worker is not None:
            worker.stop()


@pytest.fixture(autouse=True)
def no_background_thread_outlives_its_test() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    left = [
        thread.name
        for thread in threading.enumerate()
        if thread not in before and thread.name in BACKGROUND_THREADS and thread.is_alive()
    ]
    assert not left, f"still running after the test: {left} (stop_background_work(app))"


def upgrade_to_heads(url: str, tmp_path: Path) -> None:
    """Build the schema the only way it is ever built: by running every migration."""
    from flask_migrate import upgrade

    app = create_app({**base_config(tmp_path), "DATABASE_URL": url})
    with app.app_context():
        upgrade(revision="heads")
        database.engine.dispose()


def postgres_answers() -> bool:
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    """A migrated template: a SQLite file to copy, or the PostgreSQL URL (emptied per test)."""
    workdir = tmp_path_factory.mktemp("template")
    if USE_POSTGRES:
        if not POSTGRES_URL or not postgres_answers():
            pytest.skip(f"PostgreSQL does not answer at {POSTGRES_URL!r}: PostgreSQL run skipped")
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade_to_heads(POSTGRES_URL, workdir)
        return POSTGRES_URL
    template = workdir / "template.sqlite3"
    upgrade_to_heads(f"sqlite:///{template}", workdir)
    return str(template)


def _empty_postgres(app) -> None:
    with app.app_context():
        database.session.remove()
        tables = [t.name for t in reversed(database.metadata.sorted_tables)]
        with database.engine.begin() as connection:
            existing = {
                row[0]
                for row in connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            }
            names = ", ".join(f'"{t}"' for t in tables if t in existing)
            if names:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        database.engine.dispose()


def config_on_migrated(tmp_path: Path, migrated_database: str, name: str = "portal") -> dict:
    """base_config on the migrated database: the shared PostgreSQL one, or a SQLite copy of the
    template named `name` in `tmp_path`."""
    config = base_config(tmp_path)
    if USE_POSTGRES:
        config["DATABASE_URL"] = migrated_database
    else:
        target = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(migrated_database, target)
        config["DATABASE_URL"] = f"sqlite:///{target}"
    return config


def release_test_app(app) -> None:
    """After a test app's last use: its threads stopped, PostgreSQL emptied for the next test
    (or the SQLite engine's connections closed)."""
    stop_background_work(app)
    if USE_POSTGRES:
        _empty_postgres(app)
    else:
        with app.app_context():
            database.engine.dispose()


@pytest.fixture
def app_config(tmp_path, migrated_database) -> dict:
    """The test app's configuration; override keys in a test module's own fixture."""
    return config_on_migrated(tmp_path, migrated_database)


@pytest.fixture
def app(app_config) -> Iterator:
    app = create_app(app_config)
    with app.app_context():
        yield app
        database.session.remove()
    release_test_app(app)


@pytest.fixture
def db(app):
    """The SQLAlchemy session of the test app (called `db`, as in the views)."""
    return database.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def registry(db):
    """A small real tree (provinces, prefectures, counties) and a few offices, committed."""
    tree = factories.build_registry(db)
    db.commit()
    return tree


@pytest.fixture
def login(client, db):
    """login(role, government=None, office=None) -> Account: signs the test client in."""

    def sign_in(role: Role | str, government=None, office=None, email=None) -> Account:
        role = Role(role)
        account = factories.make_account(
            db, role, government=government, office=office, email=email
        )
        db.commit()
        with client.session_transaction() as cookie_session:
            cookie_session["account_id"] = account.id
            cookie_session["account_epoch"] = account.session_epoch
            cookie_session["second_factor_done"] = True
        return account

    return sign_in
