"""/api/v1/findings reads the findings table (the rows the pages show), never runs the rules."""

from __future__ import annotations

from sqlalchemy import select, update

from portal.findings_models import FindingRecord
from portal.models import Office
from tests.api.test_resources import follow, get


def _table(db) -> set[tuple[str, str | None, str]]:
    rows = db.execute(
        select(FindingRecord.rule, Office.slug, FindingRecord.message_en).outerjoin(
            Office, Office.id == FindingRecord.office_id
        )
    )
    return {(rule, slug, message) for rule, slug, message in rows}


def test_the_list_is_the_findings_table_page_by_page(client, db, registry):
    items, pages = follow(client, "/api/v1/findings?limit=2")
    assert pages > 1
    listed = [(f["rule"], f["office"], f["message_en"]) for f in items]
    assert len(listed) == len(set(listed)), "a finding listed twice across pages"
    assert set(listed) == _table(db)
    codes = [f["rule"] for f in items]
    assert codes == sorted(codes, key=lambda code: (len(code), code)), "R2 before R10"


def test_a_row_of_the_table_is_what_the_api_says(client, db, registry):
    """Change a stored row behind the rules' back: the API shows the table's words."""
    record = db.scalars(
        select(FindingRecord).join(Office).where(Office.slug == "laishui-in-shijiazhuang")
    ).first()
    db.execute(
        update(FindingRecord)
        .where(FindingRecord.id == record.id)
        .values(message_en="As stored in the table")
    )
    db.commit()
    found = get(client, f"/api/v1/findings?office=laishui-in-shijiazhuang&rule={record.rule}")
    assert "As stored in the table" in {f["message_en"] for f in found["data"]}


def test_filters_are_applied_together(client, db, registry):
    wanted = get(client, "/api/v1/findings?rule=R1&severity=violation&limit=100")["data"]
    assert wanted, "the small registry has R1 violations"
    assert {(f["rule"], f["severity"]) for f in wanted} == {("R1", "violation")}
    assert get(client, "/api/v1/findings?office=no-such-office")["data"] == []
