"""Response statistics per supervising government and per office, per year (issue 16 item 14):
a known set of complaints on a frozen clock, and every figure checked, on the page, in CSV and
JSON; Taiwan, Hong Kong and Macao never file a complaint as host provinces (issue 15 item 1)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from complaints import supervision
from complaints.intake import Intake, IntakeError, submit_complaint
from complaints.performance import BY_GOVERNMENT, BY_OFFICE, history, table
from complaints.receipts import new_nonce
from complaints.stats import complaint_stats, complaints_by_province
from portal.clock import frozen
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account, make_government

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # China 2 March: acknowledge by 17 March,
# resolve by 1 May
TODAY = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)

BAODING_2026 = {
    "received": 4,
    "acknowledged_in_time": 2,
    "acknowledgement_counted": 3,  # D's deadline neither passed nor met
    "acknowledged_share": 66.7,
    "resolved_in_time": 1,
    "resolution_counted": 3,
    "resolved_share": 33.3,
    "median_days_to_acknowledge": 8.0,  # 3, 8, 18
    "median_days_to_resolve": 45.0,  # 20, 70
    "closed": 2,
    "upheld": 1,
    "upheld_share": 50.0,
    "overdue_now": 1,  # C: open past 1 May
}


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def known(app, db, registry):
    """Four complaints about Laishui's office (Baoding leads) in 2026, one about Yanji's office
    (Yanbian leads) in 2025, worked through the supervisors' services."""
    boss = make_account(db, Role.SUPERVISOR, registry.baoding)
    yanbian = make_account(db, Role.SUPERVISOR, registry.yanbian)

    def work(complaint, actor, acknowledged_after, closed_after=None, outcome=None, at=FILED):
        supervision.acknowledge(
            db, complaint, actor, notify=False, now=at + timedelta(days=acknowledged_after)
        )
        if closed_after is not None:
            supervision.close(
                db, complaint, actor, outcome, "Checked the invoices.", notify=False,
                now=at + timedelta(days=closed_after),
            )  # fmt: skip

    a, _ = file_complaint(app, db, when=FILED)
    work(a, boss, 3, 20, "upheld")  # both deadlines met
    b, _ = file_complaint(app, db, when=FILED)
    work(b, boss, 18, 70, "not_upheld")  # both late
    c, _ = file_complaint(app, db, when=FILED)
    work(c, boss, 8)  # acknowledged in time, open past its resolution day: overdue now
    file_complaint(app, db, when=datetime(2026, 6, 10, 2, tzinfo=UTC))  # D: nothing due yet
    last_year = datetime(2025, 12, 1, 2, tzinfo=UTC)
    e, _ = file_complaint(app, db, office="yanji-in-changchun", when=last_year)
    work(e, yanbian, 1, 10, "partly_upheld", at=last_year)
    db.commit()
    return {"a": a, "b": b, "c": c, "e": e}


def test_every_figure_per_government_and_per_office(db, registry, known):
    today = TODAY.date()
    rows = {row.subject.id: row.figures.as_dict() for row in table(db, BY_GOVERNMENT, 2026, today)}
    assert rows == {registry.baoding.id: BAODING_2026}
    offices = {row.subject.slug: row.figures.as_dict() for row in table(db, BY_OFFICE, 2026, today)}
    assert offices == {"laishui-in-shijiazhuang": BAODING_2026}
    last = {row.subject.id: row.figures.as_dict() for row in table(db, BY_GOVERNMENT, 2025, today)}
    assert last[registry.yanbian.id] | {} == {
        "received": 1,
        "acknowledged_in_time": 1,
        "acknowledgement_counted": 1,
        "acknowledged_share": 100.0,
        "resolved_in_time": 1,
        "resolution_counted": 1,
        "resolved_share": 100.0,
        "median_days_to_acknowledge": 1.0,
        "median_days_to_resolve": 10.0,
        "closed": 1,
        "upheld": 0,  # partly upheld is not upheld
        "upheld_share": 0.0,
        "overdue_now": 0,
    }
    years = [(row.year, row.figures.received) for row in history(db, registry.yanbian, today)]
    assert years == [(2025, 1)]


def test_overdue_now_is_the_queues_count(client, db, login, registry, known):
    with frozen(TODAY):
        login(Role.SUPERVISOR, government=registry.baoding)
        queue = client.get("/supervise/?overdue=1").get_data(as_text=True)
    assert known["c"].reference in queue
    assert known["a"].reference not in queue and known["b"].reference not in queue


def test_page_sorts_by_query_parameter_and_links_each_subject(client, db, registry, known):
    make_account(db, Role.SUPERVISOR, registry.hebei)
    file_complaint(client.application, db, office="baoding-in-guangzhou", when=FILED)  # Hebei
    with frozen(TODAY):
        by_received = client.get("/complaints/performance?year=2026&sort=received&order=desc")
        by_name = client.get("/complaints/performance?year=2026&sort=name&order=asc")
    page = by_received.get_data(as_text=True)
    assert by_received.status_code == 200
    assert page.index("Baoding") < page.index("Hebei")  # 4 received before 1
    assert 'aria-sort="descending"' in page
    assert "/complaints/performance/government/130600" in page
    assert 'role="img"' in page  # the chart, beside its table
    name_page = by_name.get_data(as_text=True)
    assert name_page.index(">Baoding<") < name_page.index(">Hebei<")
    flipped = client.get("/complaints/performance?year=2026&sort=received&order=asc")
    text = flipped.get_data(as_text=True)
    assert text.index(">Hebei<") < text.index(">Baoding<")
    assert client.get("/complaints/performance?sort=secret").status_code == 400
    assert client.get("/complaints/performance?year=99999999999").status_code == 400


def test_csv_and_json_give_the_same_figures(client, registry, known):
    with frozen(TODAY):
        data = client.get("/complaints/performance.json?year=2026").get_json()
        subject = client.get("/complaints/performance/government/130600.json").get_json()
        csv = client.get("/complaints/performance.csv?year=2026&by=office")
        text = csv.get_data(as_text=True)  # streamed: read before the next request
        office_csv = client.get("/complaints/performance/office/laishui-in-shijiazhuang.csv")
        office_text = office_csv.get_data(as_text=True)
    assert data["rows"] == [{"year": 2026, "code": "130600", "name": "Baoding", **BAODING_2026}]
    assert subject["rows"] == [{"year": 2026, **BAODING_2026}]
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeff") and "Median days to resolve" in text
    assert "laishui-in-shijiazhuang" in text and ",66.7," in text and ",45.0," in text
    assert office_text.splitlines()[1].startswith("2026,4,2,66.7,1,33.3")
    assert json.dumps(data).count(known["a"].reference) == 0  # never a reference


def test_government_and_office_pages_link_to_their_statistics(client, registry, known):
    government = client.get("/governments/130600").get_data(as_text=True)
    office = client.get("/offices/laishui-in-shijiazhuang").get_data(as_text=True)
    assert "/complaints/performance/government/130600" in government
    assert "/complaints/performance/office/laishui-in-shijiazhuang" in office
    zh = client.get("/complaints/performance/government/130600?lang=zh").get_data(as_text=True)
    assert "回应统计" in zh


def test_hong_kong_is_never_a_host_province(app, db, registry):
    hong_kong = make_government(db, "810000", "香港特别行政区", "Hong Kong", "provincial")
    db.commit()
    with pytest.raises(IntakeError) as refused:
        submit_complaint(
            db,
            Intake(
                nonce=new_nonce(), category="other", body="A dinner.",
                unlisted_name="Some office", unlisted_city="Hong Kong",
                unlisted_province_code=hong_kong.code,
            ),
            data_key=app.config["DATA_KEY"], upload_dir=app.config["UPLOAD_DIR"],
        )  # fmt: skip
    assert refused.value.field == "unlisted_province"
    form = app.test_client().get("/complaints/new?lang=en").get_data(as_text=True)
    assert 'value="810000"' not in form and 'value="130000"' in form
    # A complaint already filed under it (older data) is counted in no province's figures.
    complaint, _ = file_complaint(app, db)
    complaint.host_province_id = hong_kong.id
    db.commit()
    assert "810000" not in complaints_by_province(db, TODAY.date())
    provinces = [g.code for g, _n in complaint_stats(db, TODAY.date()).by_province]
    assert "810000" not in provinces
