"""findings as derived data: finding, finding_outbox, finding_state

Revision ID: portal_0003
Revises: portal_0002
Create Date: 2026-11-30 10:40:00.000000

After upgrading an existing database, `flask compliance rebuild` fills the table (or the first
`flask compliance refresh`, or the embedded mode's first commit, does).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'portal_0003'
down_revision = 'portal_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('severity', sa.Enum('info', 'warning', 'violation', name='finding_severity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('message_zh', sa.Text(), nullable=False),
    sa.Column('message_en', sa.Text(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_finding_office_id_office'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding')),
    sa.UniqueConstraint('rule', 'office_id', 'subject', name=op.f('uq_finding_rule'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index('ix_finding_office_rule', ['office_id', 'rule'], unique=False)

    op.create_table('finding_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_outbox'))
    )
    state = op.create_table('finding_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('data_version', sa.BigInteger(), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_finding_state_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_state'))
    )
    op.bulk_insert(state, [{'id': 1, 'data_version': 0}])


def downgrade():
    op.drop_table('finding_state')
    op.drop_table('finding_outbox')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_office_rule')

    op.drop_table('finding')
