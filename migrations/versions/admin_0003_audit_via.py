"""audit entries say when an operator acted at the command line

Revision ID: admin_0003
Revises: admin_0002
Create Date: 2026-11-30 17:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "admin_0003"
down_revision = "admin_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("admin_audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("admin_audit_entry", schema=None) as batch_op:
        batch_op.drop_column("via")
