"""search replicas' progress, for the outbox pruning job

Revision ID: operations_0002
Revises: operations_0001
Create Date: 2026-11-30 17:45:00.000000

The table belongs to search/outbox.py (`SearchReplica`); it is in the operations branch
because the pruning job that needs it is an operations job (issue 20 item 1).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'operations_0002'
down_revision = 'operations_0001'
branch_labels = None
depends_on = 'search_0001'


def upgrade():
    op.create_table('search_replica',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('last_applied', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_search_replica'))
    )


def downgrade():
    op.drop_table('search_replica')
