"""reception standards: drafts and published revisions

Revision ID: admin_0004
Revises: admin_0003
Create Date: 2026-11-30 17:50:00

"""

import sqlalchemy as sa
from alembic import op


revision = "admin_0004"
down_revision = "admin_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "standard_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("night_cap_fen", sa.Integer(), nullable=False),
        sa.Column("meal_cap_fen", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "night_cap_fen >= 0 AND meal_cap_fen >= 0",
            name=op.f("ck_standard_draft_caps_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["province_id"],
            ["government.id"],
            name=op.f("fk_standard_draft_province_id_government"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["account.id"], name=op.f("fk_standard_draft_saved_by_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_draft")),
        sa.UniqueConstraint("province_id", "year", name=op.f("uq_standard_draft_province_id")),
    )
    op.create_table(
        "standard_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["province_id"],
            ["government.id"],
            name=op.f("fk_standard_revision_province_id_government"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["account.id"],
            name=op.f("fk_standard_revision_published_by_id_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_revision")),
        sa.UniqueConstraint(
            "province_id", "year", "number", name=op.f("uq_standard_revision_province_id")
        ),
    )


def downgrade():
    op.drop_table("standard_revision")
    op.drop_table("standard_draft")
