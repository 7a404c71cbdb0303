"""The one shape of a form's change in a view: run the service, commit once, or roll back and put
the refusal on the form (nothing half-written). Used by the administration, oversight,
complaint and account views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portal.database import database
from portal.errors import PortalError, show_on_form


def commit_or_show(
    form,
    change: Callable[[], Any],
    errors: tuple[type[PortalError], ...],
    *,
    whole_form: frozenset[str] = frozenset(),
) -> tuple[bool, Any]:
    """(True, what `change` returned) after the commit, or (False, None) after a refusal (one of
    `errors`), rolled back and shown on the form (`whole_form`: as `show_on_form`).

    Only the named errors are shown: any other exception is a defect and reaches the error page.
    """
    db = database.session
    try:
        result = change()
    except errors as error:
        db.rollback()
        show_on_form(form, error, whole_form=whole_form)
        return False, None
    db.commit()
    return True, result
