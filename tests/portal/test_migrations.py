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
