"""The findings table is derived data: after every kind of change it matches a fresh evaluation
(`flask compliance check` is clean) without anyone running a refresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from disclosures.items import read_row
from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from disclosures.standards import set_reception_standard
from disclosures.uscc import make_uscc
from portal.clock import frozen, today_in_china
from portal.findings_models import FindingOutbox, FindingRecord, FindingState
from portal.models import Government, Office, OfficeFunction, OfficeKind, OfficeStatus, Role
from portal.oversight.approvals import ApplicationDraft, decide_application, submit_application
from portal.oversight.inspections import InspectionDraft, publish_inspection, save_draft
from portal.oversight.models import ApplicationPurpose, InspectionResult
from portal.oversight.reports import ReportFigures, submit_report
from tests import factories

HOTEL = make_uscc("91", "130100", "MA0H7TEL1")
GUESTHOUSE = make_uscc("12", "130600", "40000001X")
COMPLETE = {
    "letter_reference": "冀涞函〔2023〕1号",
    "approval_reference": "审批2023-1",
    "standard_applied": "河北省2023年标准",
    "reception_list_reference": "清单2023-1",
}


def stored(db, slug: str | None = None) -> set[str]:
    """The rules the table holds about one office (or about no office)."""
    query = select(FindingRecord.rule)
    if slug is None:
        query = query.where(FindingRecord.office_id.is_(None))
    else:
        query = query.join(Office, Office.id == FindingRecord.office_id).where(Office.slug == slug)
    db.rollback()  # read what is committed, as a new request would
    rules = set(db.scalars(query))
    db.rollback()  # and hold no lock while the command runs
    return rules


def assert_table_matches(runner) -> None:
    result = runner.invoke(args=["compliance", "check"])
    assert result.exit_code == 0, result.output
    assert "The table matches a fresh evaluation" in result.output
    assert "0 offices waiting in the outbox" in result.output


def reception(reference: str, **changes) -> dict:
    row = {
        "reference": reference,
        "date": "2023-05-10",
        "visiting_party": "保定市考察组",
        "purpose": "考察",
        "guests": 4,
        "hosts": 2,
        "nights": 1,
        "work_meals": 1,
        "accommodation": "1520",
        "dining": "360",
        "vehicles": "0",
        "venues": "0",
        "other": "0",
        "provider_uscc": HOTEL,
        "payment_method": "bank_transfer",
        **COMPLETE,
    }
    row.update(changes)
    return row


def numbered(rows: list[dict]) -> list[tuple[int, dict]]:
    return list(enumerate(rows, start=2))


def receptions(rows: list[dict]) -> list[tuple[int, dict]]:
    """Reception rows as the import reads them (the items a publication stores)."""
    return [(n, read_row(DisclosureKind.RECEPTIONS, row, 2023)[1]) for n, row in numbered(rows)]


def provider(code: str, name: str, owner: str | None = None) -> dict:
    return {
        "uscc": code,
        "name_zh": name,
        "name_en": None,
        "kind": "hotel",
        "city": "石家庄市",
        "services": None,
        "owner_code": owner,
    }


def test_the_registry_committed_is_in_the_table_at_once(db, registry, runner):
    assert {"R1", "R7"} <= stored(db, "laishui-in-shijiazhuang")
    assert {"R5", "R9"} <= stored(db, "shenzhen-in-changchun")
    assert stored(db, "shenzhen-in-shijiazhuang") == set()  # closed
    assert db.scalar(select(FindingState.evaluated_on)) == today_in_china()
    assert db.scalar(select(FindingOutbox.id)) is None
    assert_table_matches(runner)


def test_an_office_created_changed_closed_and_deleted(db, registry, runner):
    second = factories.make_office(
        db, "baoding-commerce-in-guangzhou", registry.baoding, registry.guangdong
    )
    db.commit()
    # R3 reads the other offices of the same government in the same capital: both are flagged.
    assert "R3" in stored(db, "baoding-in-guangzhou")
    assert "R3" in stored(db, "baoding-commerce-in-guangzhou")
    assert_table_matches(runner)

    second = db.get(Office, second.id)
    second.host_province = registry.jilin  # moved: Guangzhou's office is alone again
    db.commit()
    assert "R3" not in stored(db, "baoding-in-guangzhou")
    assert_table_matches(runner)

    laishui = db.get(Office, registry.laishui_office.id)
    laishui.status = OfficeStatus.CLOSED
    laishui.closed_on = date(2015, 11, 30)
    db.commit()
    assert stored(db, "laishui-in-shijiazhuang") == set()
    assert_table_matches(runner)

    db.delete(db.get(Office, second.id))
    db.commit()
    assert_table_matches(runner)


def test_a_bulk_update_of_offices_is_caught_too(db, registry, runner):
    db.execute(
        update(Office)
        .where(Office.slug == "yanji-in-changchun")
        .values(status=OfficeStatus.CLOSED, closed_on=date(2015, 10, 1))
    )
    db.commit()
    assert stored(db, "yanji-in-changchun") == set()
    assert_table_matches(runner)


def test_a_government_renamed_rewords_its_offices_findings(db, registry, runner):
    before = db.scalar(
        select(FindingRecord.message_en).where(
            FindingRecord.office_id == registry.laishui_office.id, FindingRecord.rule == "R1"
        )
    )
    assert "Laishui County" in before
    db.get(Government, registry.laishui.id).name_en = "Laishui"
    db.commit()
    after = db.scalar(
        select(FindingRecord.message_en).where(
            FindingRecord.office_id == registry.laishui_office.id, FindingRecord.rule == "R1"
        )
    )
    assert "Laishui County" not in after and "Laishui" in after
    assert_table_matches(runner)


def test_disclosures_published_corrected_and_a_standard_changed(db, registry, runner):
    office = registry.laishui_office
    publish_items(
        db, office, DisclosureKind.PROVIDERS, 2023, numbered([provider(HOTEL, "石家庄宾馆")]), None
    )
    db.commit()
    assert_table_matches(runner)
    rows = [reception("2023-001"), reception("2023-002", payment_method="cash")]
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None)
    db.commit()
    assert "R6" in stored(db, office.slug)  # cash
    assert_table_matches(runner)

    rows[1]["payment_method"] = "bank_transfer"
    publish_items(
        db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None, reason="Paid by bank."
    )
    db.commit()
    assert "R6" not in stored(db, office.slug)
    assert_table_matches(runner)

    # A province's standard judges every reception in its capital: 100 yuan a night is
    # below the 380 yuan each guest paid.
    set_reception_standard(db, "130000", 2023, night_cap_fen=10000, meal_cap_fen=6000)
    db.commit()
    limits = set(db.scalars(select(FindingRecord.subject).where(FindingRecord.rule == "R6")))
    assert any("night_cap" in limit for limit in limits)
    assert_table_matches(runner)


def test_a_provider_owned_by_the_offices_own_government(db, registry, runner):
    office = registry.baoding_office
    publish_items(
        db,
        office,
        DisclosureKind.PROVIDERS,
        2023,
        numbered([provider(GUESTHOUSE, "保定市政府招待所", owner="130600")]),
        None,
    )
    db.commit()
    rows = [reception("2023-009", provider_uscc=GUESTHOUSE)]
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None)
    db.commit()
    assert "R10" in stored(db, office.slug)
    assert_table_matches(runner)

    from disclosures.models import Provider

    guesthouse = db.scalar(select(Provider).where(Provider.uscc == GUESTHOUSE))
    guesthouse.owner_government_id = None  # sold: no longer the government's own
    db.commit()
    assert "R10" not in stored(db, office.slug)
    assert_table_matches(runner)


def test_an_inspection_published_orders_a_rectification(db, registry, runner):
    office = registry.baoding_office
    account = factories.make_account(db, Role.SUPERVISOR, government=registry.guangdong)
    inspection = save_draft(
        db,
        InspectionDraft(
            office.id,
            date(2016, 3, 1),
            "Receptions without approval.",
            InspectionResult.RECTIFICATION_REQUIRED,
            date(2016, 6, 1),
        ),
        account,
        today=date(2030, 1, 1),
    )
    db.commit()
    assert "R11" not in stored(db, office.slug)  # a draft orders nothing
    publish_inspection(db, inspection, account)
    db.commit()
    assert "R11" in stored(db, office.slug)
    assert_table_matches(runner)


def test_an_approval_decided_creates_an_office_with_its_findings(db, registry, runner):
    applicant = factories.make_account(db, Role.SUPERVISOR, government=registry.baoding)
    decider = factories.make_account(db, Role.SUPERVISOR, government=registry.jilin)
    draft = ApplicationDraft(
        purpose=ApplicationPurpose.NEW_OFFICE,
        host_province_id=registry.jilin.id,
        office_name_zh="保定市驻长春办事处",
        office_name_en="Baoding Office in Changchun",
        kind=OfficeKind.STANDING,
        functions=[OfficeFunction.PROMOTION],
        planned_budget_fen=125_000_000,
        reason="Baoding has 40,000 migrant workers in Changchun.",
    )
    application = submit_application(db, draft, applicant, date(2016, 3, 1))
    db.commit()
    decide_application(
        db, application, decider, True, "Migrant workers.", "吉政函〔2016〕8号", date(2016, 3, 20)
    )
    db.commit()
    created = application.office
    assert created is not None
    findings = stored(db, created.slug)
    assert "R7" in findings and "R4" not in findings  # approved; nothing published yet
    assert_table_matches(runner)


def test_a_report_submitted_changes_the_findings_that_name_no_office(db, registry, runner):
    round_ = factories.make_round(db, 2015)
    db.commit()
    assert "R8" in stored(db)  # every province is late
    missing = db.scalar(
        select(FindingRecord.severity).where(
            FindingRecord.rule == "R8", FindingRecord.subject.contains("130000")
        )
    )
    assert missing == "violation"
    account = factories.make_account(db, Role.SUPERVISOR, government=registry.hebei)
    submit_report(db, round_, registry.hebei, ReportFigures(5, 2, 0, 1, 3), "Done.", account)
    db.commit()
    late = db.scalar(
        select(FindingRecord.severity).where(
            FindingRecord.rule == "R8", FindingRecord.subject.contains("130000")
        )
    )
    assert late == "warning"  # submitted, after the deadline
    assert_table_matches(runner)


def test_the_check_finds_what_raw_sql_changed_and_rebuild_repairs_it(db, registry, runner):
    db.execute(delete(FindingRecord).where(FindingRecord.rule == "R5"))
    db.execute(
        update(FindingRecord).where(FindingRecord.rule == "R1").values(message_en="Tampered.")
    )
    db.commit()  # ORM bulk statements on the table itself: no outbox row, no refresh
    result = runner.invoke(args=["compliance", "check"])
    assert result.exit_code == 1, result.output
    assert "1 missing from the table" in result.output
    assert "R5   shenzhen-in-changchun" in result.output
    assert "1 stale in the table" in result.output
    result = runner.invoke(args=["compliance", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Findings rebuilt" in result.output
    assert_table_matches(runner)


def test_a_rebuild_keeps_the_day_each_finding_was_first_found(db, registry, runner):
    db.execute(update(FindingRecord).values(since=date(2020, 1, 1)))
    db.commit()
    assert runner.invoke(args=["compliance", "rebuild"]).exit_code == 0
    db.rollback()
    assert set(db.scalars(select(FindingRecord.since))) == {date(2020, 1, 1)}


def severity_of(db, slug: str, rule: str):
    db.rollback()
    row = db.execute(
        select(FindingRecord.severity, FindingRecord.since)
        .join(Office, Office.id == FindingRecord.office_id)
        .where(Office.slug == slug, FindingRecord.rule == rule)
    ).one_or_none()
    db.rollback()
    return tuple(row) if row else None


def test_a_deadline_passing_overnight_changes_the_table_after_the_daily_refresh(
    db, registry, runner
):
    slug = "baoding-expo-in-changchun"
    with frozen(date(2029, 12, 31)):
        factories.make_office(
            db,
            slug,
            registry.baoding,
            registry.jilin,
            kind=OfficeKind.SPECIAL_MISSION,
            mission_ends_on=date(2030, 1, 1),
        )
        db.commit()
        assert "R5" not in stored(db, slug)  # the mission has not ended
        assert_table_matches(runner)
    with frozen(date(2030, 1, 2)):
        result = runner.invoke(args=["compliance", "check"])
        assert result.exit_code == 1, result.output
        assert "evaluated for 2029-12-31" in result.output and "missing" in result.output
        result = runner.invoke(args=["compliance", "refresh"])
        assert result.exit_code == 0 and "every office re-evaluated" in result.output
        assert severity_of(db, slug, "R5") == ("warning", date(2030, 1, 2))
        assert_table_matches(runner)
        again = runner.invoke(args=["compliance", "refresh"])
        assert "0 outbox rows applied (0 offices): 0 findings added, 0 removed, 0 changed" in (
            again.output
        )
    with frozen(date(2030, 4, 2)):  # 90 days of grace are over: it must have closed
        assert runner.invoke(args=["compliance", "refresh"]).exit_code == 0
        assert severity_of(db, slug, "R5") == ("violation", date(2030, 1, 2))
        assert "R9" in stored(db, slug)
        assert_table_matches(runner)
