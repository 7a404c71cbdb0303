"""The database out of reach, or the disk full: a clear page in the page's language, never a
traceback.

PostgreSQL restarting, a connection cut (`pg_terminate_backend`, a failover) or SQLite busy
beyond its timeout all reach a view as SQLAlchemy's OperationalError. The answer is the
portal's error page (portal/errors.py, JSON for the API) with status 503 and Retry-After; the
session is given back, so the next request starts clean: the pool checks a connection before
lending it (`pool_pre_ping`, portal/config.py), so the service recovers on its own as soon as
the database answers again. Nothing acknowledged is lost: a failed request's transaction was
never committed, and its page says to try again.
"""

from __future__ import annotations

import contextlib
import errno

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from portal.database import database
from portal.errors import render_error

RETRY_AFTER_SECONDS = 10


def database_unavailable(error: OperationalError):
    current_app.logger.warning(
        "database unavailable: %s", str(error.orig or error).splitlines()[0][:200]
    )
    with contextlib.suppress(Exception):  # the connection is gone: nothing to roll back
        database.session.rollback()
    database.session.remove()
    body, status = render_error(
        503, _("The database cannot be reached just now. Please try again in a minute.")
    )
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def disk_full(error: OSError):
    """No room left where the portal writes (uploads, bundles): 507, nothing committed.

    Other OSErrors are not ours to explain: they stay a 500 (logged with their traceback).
    """
    if error.errno not in (errno.ENOSPC, errno.EDQUOT):
        raise error
    current_app.logger.error("disk full: %s", error)
    database.session.rollback()
    body, status = render_error(
        507,
        _(
            "The server has no room to store your files just now. Nothing was saved; please try again later."
        ),
    )
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS * 30)}


def init_faults(app: Flask) -> None:
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(OSError, disk_full)
