"""The SQLAlchemy extension, the declarative base with its naming convention, and engine tuning."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import click
from flask import has_request_context, request
from flask.cli import with_appcontext
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from portal.clock import utcnow  # noqa: F401 - models use it as a column default

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    """Declarative base for every model of every package."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


database = SQLAlchemy(model_class=Base)


class UTCDateTime(TypeDecorator):
    """An instant stored as UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: instants must be timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _is_write_context() -> bool:
    """Requests that may write take SQLite's write lock up front; reads stay deferred."""
    if has_request_context():
        return request.method not in SAFE_METHODS
    return True


def configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for transactions that write.

    pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves;
    this is SQLAlchemy's documented recipe for SQLite.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _is_write_context() else "BEGIN")


def init_database(app) -> None:
    """Bind the extension to the app and tune the SQLite engine when SQLite is used."""
    database.init_app(app)
    app.teardown_appcontext(_end_session_quietly)  # runs before Flask-SQLAlchemy's own
    with app.app_context():
        engine = database.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)


def _end_session_quietly(_error) -> None:
    """End the request's session before Flask-SQLAlchemy's teardown does. When the database
    went away during the request (a restart), the rollback that ends the session fails too;
    the answer (a 503 saying so) is already made, and an exception here would replace it with
    gunicorn's bare 500 and a traceback in the log. So the failure is logged and the broken
    session dropped (SQLAlchemy has already invalidated its connection)."""
    try:
        database.session.remove()
    except DBAPIError as error:
        log.warning("ending the database session failed: %s", type(error).__name__)
        database.session.registry.clear()


@click.command("upgrade")
@click.option("-d", "--directory", default=None, help="Migration script directory.")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it.")
@click.option("--tag", default=None, help="A tag for custom env.py scripts.")
@click.option("-x", "--x-arg", multiple=True, help="Arguments for custom env.py scripts.")
@click.argument("revision", default="heads")
@with_appcontext
def upgrade_every_branch(directory, sql, tag, x_arg, revision) -> None:
    """Upgrade to a later version (by default every package's branch: `heads`)."""
    from flask_migrate import upgrade

    upgrade(directory, revision, sql, tag, x_arg)


def init_migrations(app, migrate) -> None:
    """Flask-Migrate with one Alembic branch per package, where plain `flask db upgrade` works.

    Each package keeps its own branch (so packages add revisions without touching each other),
    which leaves several heads; Flask-Migrate's `upgrade` defaults to `head` and refuses
    several. Our `upgrade` defaults to `heads` instead; `flask db upgrade heads` (and any named
    revision) works as before.
    """
    from flask_migrate.cli import db as db_group

    # `migrate` is passed in: portal.extensions imports this module, so importing it back here
    # would be an import cycle.
    migrate.init_app(app, database, compare_type=True, render_as_batch=True)
    db_group.add_command(upgrade_every_branch)
