"""The schema is built only by migrations, and the migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.database import database


def test_migrations_at_heads_match_the_models(app):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, database.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_every_table_of_the_models_exists_after_upgrade(app):
    from sqlalchemy import inspect

    existing = set(inspect(database.engine).get_table_names())
    assert set(database.metadata.tables) <= existing


def test_a_populated_sqlite_database_upgrades_through_a_table_rebuild(tmp_path):
    """portal_0004 rebuilds the office table on SQLite (NOT NULL after a backfill); with rows
    pointing at offices, that once failed with "FOREIGN KEY constraint failed" and a real
    deployment could not be upgraded (migrations/env.py turns enforcement off while migrating,
    then checks every reference and turns it on again)."""
    from flask_migrate import upgrade
    from sqlalchemy import inspect, text

    from app import create_app
    from portal.models import Office
    from tests.conftest import base_config

    url = f"sqlite:///{tmp_path / 'deployed.sqlite3'}"
    app = create_app({**base_config(tmp_path), "DATABASE_URL": url})
    with app.app_context():
        upgrade(revision="portal_0003")  # the register before the pinyin sort key
        # Rows written as that schema had them (plain SQL: today's models have more columns),
        # an office with an account pointing at it.
        with database.engine.begin() as connection:
            for statement in (
                "INSERT INTO government (id, code, name_zh, level, autonomous)"
                " VALUES (1, '100000', '国务院', 'national', 0),"
                " (2, '130000', '河北省', 'provincial', 0)",
                "INSERT INTO office (id, slug, name_zh, establishing_government_id,"
                " host_province_id, kind, status) VALUES (7, 'hebei-in-beijing',"
                " '河北省人民政府驻北京办事处', 2, 1, 'standing', 'operating')",
                "INSERT INTO account (id, email, password_hash, role, active, session_epoch,"
                " created_at, office_id) VALUES (3, 'editor@example.cn', 'x', 'office_editor', 1,"
                " 0, '2026-01-01 00:00:00', 7)",
            ):
                connection.execute(text(statement))
        database.session.remove()
        upgrade(revision="heads")
        assert "name_sort" in {c["name"] for c in inspect(database.engine).get_columns("office")}
        db = database.session
        assert db.scalar(text("PRAGMA foreign_keys")) == 1  # enforced again afterwards
        assert db.get(Office, 7).name_sort.startswith("he")  # 河北 backfilled
        database.session.remove()
        database.engine.dispose()
