"""The one shape of a form's change in the administration views: run the service, commit once,
or roll back and put the refusal on the form (nothing half-written)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from admin.accounts import AdminError
from portal.database import database
from portal.errors import show_on_form


def commit_or_show(
    form, change: Callable[[], Any], errors: tuple[type[Exception], ...] = (AdminError,)
) -> tuple[bool, Any]:
    """(True, what `change` returned) after the commit, or (False, None) after a refusal (one of
    `errors`), rolled back and shown on the form."""
    db = database.session
    try:
        result = change()
    except errors as error:
        db.rollback()
        show_on_form(form, error)
        return False, None
    db.commit()
    return True, result
