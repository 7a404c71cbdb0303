"""Delivering the outbox once a response is out (the command for the rest is in cli.py)."""

from __future__ import annotations

from flask import Flask, current_app

from complaints.outbox import deliver_outbox
from portal.database import database


def deliver_after_response(response) -> None:
    """Try to send what the request queued once the response is out (never delays the page).

    Whatever fails stays in the outbox for the next request or `flask complaints deliver`.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("COMPLAINT_DELIVER_AFTER_REQUEST", True):
        return
    # The page is rendered and the work committed: end the request's read transaction now, so
    # that (on SQLite) its write lock does not outlive the response the delivery waits for.
    database.session.rollback()

    def run() -> None:
        with app.app_context():
            try:
                deliver_outbox(database.session, app.config, app.instance_path, limit=20)
            except Exception as error:  # noqa: BLE001 - the outbox keeps the messages
                database.session.rollback()
                app.logger.warning("outbox delivery deferred: %s", type(error).__name__)
            finally:
                database.session.remove()

    response.call_on_close(run)
