"""Delivering the outbox once a response is out (the command for the rest is in cli.py)."""

from __future__ import annotations

from typing import TypeVar

from flask import Flask, current_app
from werkzeug.wrappers import Response

from complaints.outbox import deliver_outbox
from portal.database import database

R = TypeVar("R", bound=Response)


def deliver_after_response(response: R) -> R:
    """Try to send what the request queued once the response is out (never delays the page);
    returns the response, so a view can `return deliver_after_response(redirect(...))`.

    Whatever fails stays in the outbox for the next request or `flask complaints deliver`.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("COMPLAINT_DELIVER_AFTER_REQUEST", True):
        return response
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
    return response
