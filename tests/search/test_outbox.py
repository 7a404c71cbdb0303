"""The outbox: written in the changing transaction, applied in order, checked against the DB."""

from __future__ import annotations

from sqlalchemy import delete, select, text, update

from portal.models import Government, Office
from search.indexer import check, sync
from search.models import SearchOutbox
from search.query_language import parse_query
from tests import factories


def titles(engine, query: str, **filters) -> set[str]:
    from search.engine import Filters

    page = engine.query(parse_query(query), Filters(**filters), per_page=50)
    return {hit.title_zh for hit in page.hits}


def test_a_change_writes_the_outbox_in_the_same_transaction(db, indexed):
    before = db.scalar(select(SearchOutbox.id).order_by(SearchOutbox.id.desc()).limit(1))
    factories.make_office(db, "rolled-back", indexed.jilin, indexed.hebei, name_zh="回滚办事处")
    db.rollback()
    assert db.scalars(select(SearchOutbox).where(SearchOutbox.id > before)).all() == []
    office = factories.make_office(db, "kept", indexed.jilin, indexed.hebei, name_zh="保留办事处")
    db.commit()
    rows = db.scalars(select(SearchOutbox).where(SearchOutbox.id > before)).all()
    assert ("office", str(office.id)) in {(row.entity, row.key) for row in rows}


def test_sync_applies_in_order_and_records_the_last_row(db, indexed, engine):
    office = factories.make_office(
        db, "new-one", indexed.jilin, indexed.hebei, name_zh="新设办事处"
    )
    db.commit()
    assert titles(engine, "新设办事处") == set()  # the index is fed only by the indexer
    report = sync(db, engine)
    head = db.scalar(select(SearchOutbox.id).order_by(SearchOutbox.id.desc()).limit(1))
    assert report.last_applied == head == engine.state().last_applied
    assert titles(engine, "新设办事处") == {"新设办事处"}
    office.name_zh = "改名办事处"
    db.commit()
    db.delete(office)
    db.commit()
    sync(db, engine)
    assert titles(engine, "新设办事处") == set() and titles(engine, "改名办事处") == set()
    assert sync(db, engine).applied_rows == 0  # nothing twice


def test_a_renamed_government_refreshes_its_offices(db, indexed, engine):
    indexed.laishui.name_zh = "涞源县"
    db.commit()
    sync(db, engine)
    assert "涞水县驻石家庄市办事处" in titles(engine, "涞源县")


def test_bulk_statements_are_caught(db, indexed, engine):
    db.execute(
        update(Office).where(Office.slug == "yanji-in-changchun").values(name_zh="批量改名办事处")
    )
    db.commit()
    sync(db, engine)
    assert titles(engine, "批量改名办事处") == {"批量改名办事处"}
    db.execute(delete(Office).where(Office.slug == "yanji-in-changchun"))
    db.commit()
    sync(db, engine)
    assert titles(engine, "批量改名办事处") == set()


def test_check_finds_missing_extra_and_stale_documents(db, indexed, engine, runner):
    assert check(db, engine).clean
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    baoding, baoding_office = indexed.baoding.id, indexed.baoding_office.id
    # changes behind the ORM's back (raw SQL): the outbox never hears of them
    db.execute(text("UPDATE government SET name_zh = '改' WHERE code = '130600'"))
    db.execute(text("DELETE FROM office_function"))
    db.execute(text("DELETE FROM office WHERE slug = 'baoding-in-guangzhou'"))
    db.commit()
    report = check(db, engine)
    assert f"government:{baoding}" in report.stale
    assert f"office:{baoding_office}" in report.extra
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and "stale" in result.output and "extra" in result.output
    runner.invoke(args=["search", "rebuild"])
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_disclosures_are_searchable_and_a_provider_by_name_or_code(disclosed, engine):
    assert titles(engine, disclosed.hotel_code, kind="provider") == {"石家庄燕赵国际大酒店有限公司"}
    assert titles(engine, disclosed.hotel_code.lower(), kind="provider")
    assert titles(engine, "燕赵国际大酒店", kind="provider") == {"石家庄燕赵国际大酒店有限公司"}
    assert titles(engine, "Yanzhao Grand Hotel", kind="provider")
    assert titles(engine, "农民工法律援助", kind="service") == {"农民工法律援助"}
    assert len(titles(engine, "LS-2023-01", kind="contract")) == 1
    assert titles(engine, "接待预算", kind="budget", year="2023")


def test_complaints_are_never_indexed(db, indexed, engine):
    from search.documents import KINDS, WATCH

    assert not any("complaint" in name for name in KINDS)
    assert not any("complaint" in model.__tablename__ for model in WATCH)
    assert db.scalar(select(Government).limit(1)) is not None


def test_published_inspections_are_searchable_drafts_are_not(db, indexed, engine, client):
    from datetime import UTC, date, datetime

    from portal.oversight.models import Inspection, InspectionResult, InspectionStatus

    inspection = Inspection(
        office=indexed.laishui_office,
        inspecting_government=indexed.baoding,
        inspected_on=date(2016, 3, 1),
        findings_markdown="**超标接待**：住宿费超过标准。",
        result=InspectionResult.RECTIFICATION_REQUIRED,
        rectification_due_on=date(2016, 6, 1),
    )
    db.add(inspection)
    db.commit()
    sync(db, engine)
    assert titles(engine, "超标接待") == set()
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_at = datetime(2016, 3, 2, tzinfo=UTC)
    db.commit()
    sync(db, engine)
    data = client.get("/search.json?q=超标接待&kind=inspection").get_json()
    assert data["total"] == 1
    assert data["results"][0]["url"] == f"/inspections/{inspection.id}"
    assert "<mark>超标接待</mark>" in data["results"][0]["snippet"]


def test_findings_changed_by_the_findings_sync_alone_reach_the_index(db, newsroom, engine):
    """The daily refresh changes findings without any watched row changing (a deadline passes):
    the sync tells search which offices' rows changed, and their documents follow."""
    from portal.clock import today_in_china
    from portal.findings_models import FindingRecord
    from portal.findings_sync import refresh_everything
    from search.indexer import rebuild

    office = "涞水县驻石家庄市办事处"
    assert office in titles(engine, "涞水", rule="R6")
    laishui = newsroom.laishui_office.id
    db.execute(delete(FindingRecord).where(FindingRecord.office_id == laishui))
    db.commit()  # as if the table had not found them yet: no watched row changed
    rebuild(db, engine)
    assert office not in titles(engine, "涞水", rule="R6")
    assert refresh_everything(db, today_in_china()).changed_offices == {laishui}
    db.commit()
    pending = db.scalars(select(SearchOutbox.key).where(SearchOutbox.entity == "findings_table"))
    assert str(laishui) in set(pending)
    sync(db, engine)
    assert office in titles(engine, "涞水", rule="R6")
    assert check(db, engine).clean
