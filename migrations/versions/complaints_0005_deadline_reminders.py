"""complaints: deadline reminders sent, and the accounts' daily digest choice

Revision ID: complaints_0005
Revises: complaints_0004
Create Date: 2026-11-30 17:40:00

complaint_reminder records every reminder queued (issue 16 item 9), so a second run the same day
sends nothing again; complaint_reminder_preference holds an account's "one daily digest" choice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "complaints_0005"
down_revision = "complaints_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_reminder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("complaint_id", sa.Integer(), sa.ForeignKey("complaint.id"), nullable=False),
        sa.Column("deadline", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("complaint_id", "deadline", "stage", "due_on"),
    )
    op.create_index("ix_complaint_reminder_complaint_id", "complaint_reminder", ["complaint_id"])
    op.create_table(
        "complaint_reminder_preference",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), primary_key=True),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("complaint_reminder_preference")
    op.drop_index("ix_complaint_reminder_complaint_id", table_name="complaint_reminder")
    op.drop_table("complaint_reminder")
