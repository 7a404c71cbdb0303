"""provider.name_sort: the pinyin sort key of a provider's Chinese name (issue 15 item 9)

The provider list is paged in SQL and ordered by it; new rows get it from the model's column
default, existing ones from the backfill in portal.names.add_name_sort.

Revision ID: disclosures_0002
Revises: disclosures_0001
"""

from alembic import op

from portal.names import add_name_sort, drop_name_sort

revision = "disclosures_0002"
down_revision = "disclosures_0001"
branch_labels = None
depends_on = None


def upgrade():
    add_name_sort(op, "provider")


def downgrade():
    drop_name_sort(op, "provider")
