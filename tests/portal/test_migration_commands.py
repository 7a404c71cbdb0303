"""`flask db upgrade` (what Flask-Migrate users type) and `flask db upgrade heads` both build an
empty database, although each package keeps its own Alembic branch."""

import uuid

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from portal.database import database
from tests.conftest import POSTGRES_URL, USE_POSTGRES, base_config, postgres_answers


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the backend under test: a new SQLite file, or a new PostgreSQL
    database created for this test and dropped after it."""
    if not USE_POSTGRES:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    if not POSTGRES_URL or not postgres_answers():
        pytest.skip("PostgreSQL does not answer")
    name = f"portal_upgrade_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("arguments", [["db", "upgrade"], ["db", "upgrade", "heads"]])
def test_upgrade_builds_an_empty_database(empty_database_url, tmp_path, arguments):
    app = create_app({**base_config(tmp_path), "DATABASE_URL": empty_database_url})
    result = app.test_cli_runner().invoke(args=arguments)
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(database.engine).get_table_names())
        heads = set(database.session.scalars(text("SELECT version_num FROM alembic_version")).all())
        database.session.remove()
        database.engine.dispose()
    assert set(database.metadata.tables) <= tables
    assert {"complaint", "office", "publication", "search_outbox"} <= tables
    # One row per package branch: every branch was upgraded to its own head.
    assert len(heads) >= 4
