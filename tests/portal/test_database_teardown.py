"""The database going away during a request (PostgreSQL restarted under load, issue 20 item 4).

bench/faults_under_load.py restart-postgres found one request whose session could not be
ended: the rollback after the view failed too, and the exception left Flask's teardown, so
gunicorn logged a traceback and answered its own bare 500 instead of the page's answer.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app import create_app
from portal.database import database
from tests.conftest import USE_POSTGRES

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="a PostgreSQL backend ended mid-request")


def test_a_connection_ended_during_the_request_does_not_replace_the_answer(app, app_config, caplog):
    app = create_app(app_config)  # no application context held around the requests (as served)

    @app.get("/_test/connection-ends")
    def connection_ends():
        database.session.execute(text("SELECT 1"))  # the request holds a connection
        with database.engine.connect() as other:  # another session ends it, as a restart would
            other.execute(
                text("SELECT pg_terminate_backend(:pid)"),
                {"pid": database.session.execute(text("SELECT pg_backend_pid()")).scalar()},
            )
        return "answered", 200

    response = app.test_client().get("/_test/connection-ends")
    assert response.status_code == 200 and response.text == "answered"
    assert "ending the database session failed" in caplog.text
    assert app.test_client().get("/offices/").status_code == 200  # the pool recovered
    with app.app_context():
        database.engine.dispose()
