"""office.name_sort: the pinyin sort key of an office's Chinese name (issue 15 item 9)

Lists of offices paged in SQL order by it; new rows get it from the model's column default,
existing ones from this backfill (portal.names.add_name_sort).

Revision ID: portal_0004
Revises: portal_0003
"""

from alembic import op

from portal.names import add_name_sort, drop_name_sort

revision = "portal_0004"
down_revision = "portal_0003"
branch_labels = None
depends_on = None


def upgrade():
    add_name_sort(op, "office")


def downgrade():
    drop_name_sort(op, "office")
