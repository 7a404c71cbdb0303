"""When the findings table is kept (portal/findings_runtime.py): every commit of public data moves
its version; in the external mode the outbox waits for `flask compliance refresh`; in the
embedded mode a background thread applies what another process left."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import select

from portal.clock import today_in_china
from portal.findings_models import FindingState
from portal.models import Office, OfficeStatus, Role
from tests import factories
from tests.portal.test_findings import assert_table_matches, stored


def data_version(db) -> int:
    db.rollback()
    version = db.scalar(select(FindingState.data_version))
    db.rollback()
    return version


def test_every_commit_that_changes_public_data_moves_the_version(db, registry):
    start = data_version(db)
    db.get(Office, registry.baoding_office.id).phone = "020-1234567"
    db.commit()
    changed = data_version(db)
    assert changed > start
    factories.make_account(db, Role.ADMIN)  # accounts are not public data
    db.commit()
    assert data_version(db) == changed
    db.commit()  # nothing at all
    assert data_version(db) == changed


def test_in_the_external_mode_the_outbox_waits_for_the_command(app, db, registry, runner):
    app.extensions.pop("findings_notify")  # as PORTAL_COMPLIANCE_SYNC=external leaves it
    laishui = db.get(Office, registry.laishui_office.id)
    laishui.status = OfficeStatus.CLOSED
    laishui.closed_on = date(2015, 11, 30)
    db.commit()
    assert "R1" in stored(db, "laishui-in-shijiazhuang")
    result = runner.invoke(args=["compliance", "check"])
    assert result.exit_code == 1 and "1 offices waiting in the outbox" in result.output
    result = runner.invoke(args=["compliance", "refresh"])
    assert "1 outbox rows applied (1 offices)" in result.output
    assert stored(db, "laishui-in-shijiazhuang") == set()
    assert_table_matches(runner)


def test_the_background_thread_applies_what_another_process_left(app, db, registry, client):
    from portal.findings_runtime import BackgroundRefresher

    assert client.get("/healthz").get_json()["findings"] == {
        "state": "ok",
        "evaluated_on": today_in_china().isoformat(),
        "pending": False,
    }
    app.extensions.pop("findings_notify")  # the commit below is another process's
    laishui = db.get(Office, registry.laishui_office.id)
    laishui.status = OfficeStatus.CLOSED
    laishui.closed_on = date(2015, 11, 30)
    db.commit()
    health = client.get("/healthz").get_json()["findings"]
    assert health["state"] == "degraded" and health["pending"] is True
    db.rollback()
    refresher = BackgroundRefresher(app, poll=0.05)
    refresher.ensure_started()
    try:
        for _attempt in range(100):
            if stored(db, "laishui-in-shijiazhuang") == set():
                break
            time.sleep(0.1)
    finally:
        refresher.stop()
    assert stored(db, "laishui-in-shijiazhuang") == set()
    assert client.get("/healthz").get_json()["findings"]["state"] == "ok"
