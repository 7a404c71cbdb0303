"""The engine: SQLite in WAL with a busy timeout, foreign keys and BEGIN IMMEDIATE for writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from portal.database import database
from portal.models import Account, Role
from tests.conftest import USE_POSTGRES

sqlite_only = pytest.mark.skipif(USE_POSTGRES, reason="SQLite engine settings")


def sqlite_path(app) -> str:
    return database.engine.url.database


@sqlite_only
def test_sqlite_runs_in_wal_with_a_busy_timeout_and_foreign_keys(app, db):
    assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1


def other_writer_can_start(path: str) -> bool:
    """Whether a second connection can take the write lock right now (no waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


@sqlite_only
def test_a_write_request_holds_the_write_lock_from_begin(app, db):
    with app.test_request_context("/login", method="POST"):
        db.execute(select(Account.id)).all()  # only a read, but the transaction began IMMEDIATE
        assert not other_writer_can_start(sqlite_path(app))
        db.rollback()
    assert other_writer_can_start(sqlite_path(app))


@sqlite_only
def test_a_read_request_does_not_block_writers(app, db):
    with app.test_request_context("/offices/", method="GET"):
        db.execute(select(Account.id)).all()
        assert other_writer_can_start(sqlite_path(app))
        db.rollback()


@sqlite_only
def test_commands_outside_a_request_write_immediately(app, db):
    db.execute(select(Account.id)).all()
    assert not other_writer_can_start(sqlite_path(app))
    db.rollback()


def test_foreign_keys_are_enforced(app, db):
    db.add(
        Account(
            email="orphan@example.cn",
            password_hash="x",
            role=Role.SUPERVISOR,
            government_id=987654,
            active=True,
            session_epoch=0,
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_instants_are_stored_as_utc_and_read_back_aware(app, db):
    beijing = timezone(timedelta(hours=8))
    account = Account(
        email="time@example.cn",
        password_hash="x",
        role=Role.ADMIN,
        active=True,
        session_epoch=0,
        last_login_at=datetime(2015, 3, 16, 9, 30, tzinfo=beijing),
    )
    db.add(account)
    db.commit()
    db.expire_all()
    stored = db.get(Account, account.id).last_login_at
    assert stored == datetime(2015, 3, 16, 1, 30, tzinfo=UTC)
    assert stored.tzinfo is not None


def test_naive_instants_are_refused(app, db):
    db.add(
        Account(
            email="naive@example.cn",
            password_hash="x",
            role=Role.ADMIN,
            active=True,
            session_epoch=0,
            last_login_at=datetime(2015, 3, 16, 9, 30),
        )
    )
    with pytest.raises(StatementError, match="naive datetime"):
        db.flush()
    db.rollback()


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL run only")
def test_postgresql_runs_on_psycopg_3(app, db):
    assert database.engine.dialect.name == "postgresql"
    assert database.engine.dialect.driver == "psycopg"
    assert db.execute(text("SELECT 1")).scalar() == 1
