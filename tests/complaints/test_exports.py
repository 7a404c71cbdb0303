"""The supervisors' CSV downloads go through portal.csv: a formula a citizen typed stays text.

`=HYPERLINK("http://x","y")` typed as an unlisted office's name would otherwise run in the
spreadsheet of every supervisor who opens the queue export.
"""

from __future__ import annotations

import csv
import io

import pytest

from complaints.forms import UNLISTED
from portal.csv import FORMULA_STARTS
from portal.models import Role
from tests.complaints.test_supervise import file_complaint

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
    assert response.data.startswith("\ufeff".encode())  # Excel reads the Chinese correctly
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def assert_no_live_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (cell, row)


def test_queue_export_quotes_an_unlisted_office_name_typed_as_a_formula(
    registry, post_complaint, client, db, login
):
    response = post_complaint(
        office=UNLISTED,
        unlisted_name=PAYLOAD,
        unlisted_city="Shijiazhuang",
        unlisted_province="130000",
    )
    assert response.status_code == 200  # the receipt: the citizen's text was accepted as it is
    login(Role.SUPERVISOR, government=registry.hebei)  # the host province handles it
    rows = read_csv(client.get("/supervise/export.csv"))
    header, *complaints = rows
    assert len(complaints) == 1
    office = complaints[0][header.index("office")]
    assert office == "'" + PAYLOAD
    assert_no_live_formula(rows)


def test_queue_export_leaves_ordinary_cells_alone(app, db, client, login, registry):
    complaint, _ = file_complaint(app, db)
    login(Role.NATIONAL, government=registry.national)
    header, row = read_csv(client.get("/supervise/export.csv"))
    record = dict(zip(header, row, strict=True))
    assert record["reference"] == complaint.reference
    assert record["office"] == "laishui-in-shijiazhuang"
    assert record["status"] == "submitted" and record["outcome"] == ""
    assert record["acknowledge_due_on"] == complaint.acknowledge_due_on.isoformat()


def test_audit_export_keeps_the_citizens_formula_inert(app, db, client, login, registry):
    """A supervisor copies the citizen's text into a tag and filters the queue by it: both land
    in the audit log's detail; no cell of the audit CSV begins with a formula."""
    complaint, _ = file_complaint(app, db, body=f"They wrote {PAYLOAD} on the invoice.")
    login(Role.SUPERVISOR, government=registry.baoding)
    base = f"/supervise/complaints/{complaint.reference}"
    assert client.post(f"{base}/acknowledge").status_code == 303
    assert client.post(f"{base}/tag", data={"tag": PAYLOAD}).status_code == 303
    assert client.get("/supervise/export.csv", query_string={"tag": PAYLOAD}).status_code == 200
    login(Role.NATIONAL, government=registry.national)
    rows = read_csv(client.get("/supervise/audit.csv"))
    text = "\n".join(",".join(row) for row in rows)
    assert PAYLOAD.lower() in text  # the tag is there, as text
    assert_no_live_formula(rows)


def test_audit_export_quotes_any_cell_that_begins_like_a_formula(app, db, client, login, registry):
    """Every audit cell goes through the guard, even one nobody expects to hold a formula: here
    an account whose e-mail address begins with one."""
    complaint, _ = file_complaint(app, db)
    odd = login(Role.SUPERVISOR, government=registry.baoding, email=f"{PAYLOAD}@example.test")
    client.get(f"/supervise/complaints/{complaint.reference}/contact")
    login(Role.ADMIN)
    header, *entries = read_csv(client.get("/supervise/audit.csv"))
    actors = [entry[header.index("actor")] for entry in entries]
    assert actors == ["'" + odd.email]
