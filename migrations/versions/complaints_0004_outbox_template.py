"""complaints: outbox messages name their template (what the mail log records)

Revision ID: complaints_0004
Revises: complaints_0003
Create Date: 2026-12-01 10:00:00

The mail log (instance/mail.log, written when no SMTP server is set) no longer holds the
address beside the complaint reference: it records the message id, the template and a
redacted recipient. Messages queued before this revision are "notice".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "complaints_0004"
down_revision = "complaints_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification_outbox") as batch:
        batch.add_column(
            sa.Column("template", sa.String(length=40), server_default="notice", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("notification_outbox") as batch:
        batch.drop_column("template")
