"""The audit log for supervisors of their own government, readable (issue 16 item 10)."""

from __future__ import annotations

import csv
import io

from complaints import supervision
from portal.models import Role
from tests.complaints.test_supervise import file_complaint


def test_a_supervisor_reads_their_own_governments_log_with_names(app, client, db, login, registry):
    laishui, _ = file_complaint(app, db)  # Baoding's
    yanji, _ = file_complaint(app, db, office="yanji-in-changchun")  # Yanbian's
    baoding = login(Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, laishui, baoding, notify=False)
    supervision.transfer(db, laishui, baoding, registry.hebei.id, "Hebei knows it.")
    yanbian = login(Role.SUPERVISOR, government=registry.yanbian)
    supervision.acknowledge(db, yanji, yanbian, notify=False)
    db.commit()

    login(Role.SUPERVISOR, government=registry.baoding)
    page = client.get("/supervise/audit?lang=en")
    assert page.status_code == 200
    text = page.text
    assert laishui.reference in text and yanji.reference not in text  # its own government's only
    assert "Transferred" in text and "from: Baoding; to: Hebei" in text
    assert "from_government" not in text and f"={registry.hebei.id}" not in text
    assert "Acknowledged" in text and "from: Submitted, awaiting acknowledgement" in text
    zh = client.get("/supervise/audit?lang=zh").text
    assert "已转办" in zh and "河北省" in zh

    rows = list(
        csv.DictReader(io.StringIO(client.get("/supervise/audit.csv").data.decode("utf-8-sig")))
    )
    assert {row["complaint"] for row in rows} == {laishui.reference}

    # Hebei, which now handles the complaint, sees what was done on it.
    login(Role.SUPERVISOR, government=registry.hebei)
    assert laishui.reference in client.get("/supervise/audit?lang=en").text
