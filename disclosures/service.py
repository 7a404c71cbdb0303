"""The disclosures' services in one place, for views, the CLI, other packages and the tests.

The work is done in the split modules: `publication` (drafts, publishing, corrections),
`revisions` (history and differences), `materialise` (current rows), `items` (reading values),
`importing` (files). Services flush and never commit.
"""

from __future__ import annotations

from disclosures.items import COLUMNS, ITEM_KEY, RowError, item_key, read_row
from disclosures.publication import (
    ItemsRejected,
    PublicationError,
    RowProblem,
    discard_draft,
    get_draft,
    last_published,
    open_draft,
    publish_draft,
    publish_items,
    put_draft_item,
    remove_draft_item,
    replace_draft_items,
)
from disclosures.revisions import (
    FieldChange,
    ItemChange,
    RevisionDiff,
    diff_items,
    history_with_diffs,
    latest_publications,
    publication_history,
    revision_diff,
)

__all__ = [
    "COLUMNS",
    "ITEM_KEY",
    "FieldChange",
    "ItemChange",
    "ItemsRejected",
    "PublicationError",
    "RevisionDiff",
    "RowError",
    "RowProblem",
    "diff_items",
    "discard_draft",
    "get_draft",
    "history_with_diffs",
    "item_key",
    "last_published",
    "latest_publications",
    "open_draft",
    "publication_history",
    "publish_draft",
    "publish_items",
    "put_draft_item",
    "read_row",
    "remove_draft_item",
    "replace_draft_items",
    "revision_diff",
]
