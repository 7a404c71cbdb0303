"""An application's planned budget is money in fen: BIGINT, like every other amount.

INTEGER held at most 2,147,483,647 fen (about 21 million yuan) on PostgreSQL, below the largest
budget the service accepts (10**12 fen), so such an application failed to save.

Revision ID: oversight_0002
Revises: oversight_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "oversight_0002"
down_revision = "oversight_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("approval_application") as batch:
        batch.alter_column(
            "planned_budget_fen", existing_type=sa.Integer(), type_=sa.BigInteger()
        )


def downgrade():
    with op.batch_alter_table("approval_application") as batch:
        batch.alter_column(
            "planned_budget_fen", existing_type=sa.BigInteger(), type_=sa.Integer()
        )
