"""The public pages: home, office page, government page and health, as a visitor sees them."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
from markupsafe import Markup
from sqlalchemy import event, select

from portal.clock import today_in_china
from portal.compliance import offices_with_findings
from portal.database import database
from portal.models import (
    Government,
    Office,
    OfficeFunction,
    OfficeFunctionAssignment,
    OfficeKind,
    OfficeStatus,
)
from tests.factories import make_government, make_office


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_explains_the_portal_and_counts_offices_in_chinese(client, db, registry):
    flagged = len(offices_with_findings(db, today_in_china()))
    assert flagged >= 3  # R1, R2 and R5 in the test registry; other packages may add more
    page = text_of(client.get("/"))
    assert "国务院要求精简这些机构" in page
    assert "名录中的办事机构" in page
    # Five offices, one of them closed.
    assert '<span class="stat-number">5</span>' in page
    assert 'href="/offices/?status=closed"><span class="stat-number">1</span>' in page
    assert f'href="/offices/?findings=yes"><span class="stat-number">{flagged}</span>' in page
    assert 'href="/governments/130000"' in page


def test_home_in_english(client, registry):
    page = text_of(client.get("/?lang=en"))
    assert "In March 2015 the State Council ordered them to be cut back" in page
    assert "offices with findings" in page
    assert ">Hebei</a>" in page


def test_home_links_to_the_packages_navigation(app, client, registry):
    app.extensions["portal_registry"].add_nav_item(99, "portal.healthz", "Health check")
    assert "Health check" in text_of(client.get("/?lang=en")).split("Find your way")[1]


def test_office_page_shows_every_fact_in_both_languages(client, db, registry):
    office = db.scalar(select(Office).where(Office.slug == "baoding-in-guangzhou"))
    office.department_zh = "保定市商务局"
    office.department_en = "Baoding Bureau of Commerce"
    office.approving_government = registry.guangdong
    office.approved_on = date(2016, 4, 12)
    office.approval_reference = "粤府函〔2016〕88号"
    office.address = "广州市越秀区东风中路 1 号"
    office.phone = "020-87654321"
    office.email = "banshichu@baoding.example.cn"
    office.functions[0].function = OfficeFunction.MIGRANT_WORKERS
    db.commit()

    zh = text_of(client.get("/offices/baoding-in-guangzhou"))
    assert "保定市驻广州市办事处" in zh
    assert "保定市商务局" in zh
    assert 'href="/governments/130600"' in zh  # the establishing government
    assert "广州市" in zh and "常设办事机构" in zh and "运行中" in zh
    assert "2016年4月12日" in zh and "粤府函〔2016〕88号" in zh
    assert "东风中路" in zh and "020-87654321" in zh and "banshichu@baoding.example.cn" in zh
    assert "协助服务本地外出务工人员" in zh
    # The supervising government is the parent of Baoding: Hebei, with its channels.
    supervisor = zh.split("监督政府")[1]
    assert "河北省" in supervisor and "0311-12345678" in supervisor
    assert "jiandu@hebei.example.cn" in supervisor

    en = text_of(client.get("/offices/baoding-in-guangzhou?lang=en"))
    assert "Baoding Office in Guangzhou" in en
    assert "Baoding Bureau of Commerce" in en
    assert "Guangzhou" in en and "Standing office" in en and "Operating" in en
    assert "April 12, 2016" in en
    assert "Assisting migrant workers from its home area" in en


def test_office_page_explains_its_findings_and_quotes_the_circular(client, registry):
    zh = text_of(client.get("/offices/laishui-in-shijiazhuang"))
    findings = zh.split('id="findings"')[1]
    assert "R1" in findings and "R9" in findings
    assert "县级政府及县、市级部门在本省省会的办事机构须撤销" in findings  # the rule's title
    assert "规定内容" in findings
    # The circular's own (English) sentence, with our Chinese rendering.
    assert "will be shut down." in findings
    assert "译文" in findings

    en = text_of(client.get("/offices/laishui-in-shijiazhuang?lang=en"))
    findings = en.split('id="findings"')[1]
    assert "County offices in their own province&#39;s capital must close" in findings
    assert "Violation" in findings
    assert "it had to close by 2015-12-31" in findings


def test_special_mission_office_shows_its_mission_end(client, registry):
    en = text_of(client.get("/offices/shenzhen-in-changchun?lang=en"))
    assert "Special-mission office" in en
    assert "Mission ends" in en and "June 30, 2014" in en
    assert "R5" in en


def test_office_sections_of_other_packages_appear_in_order(app, client, registry):
    sections = app.extensions["portal_registry"]

    def first(office):
        return Markup("<section><h2>First section for {}</h2></section>").format(office.slug)

    def nothing(office):
        return None

    def second(office):
        return Markup("<section><h2>Second test section</h2></section>")

    for section in (first, nothing, second):
        sections.add_office_section(section)
    page = text_of(client.get("/offices/yanji-in-changchun?lang=en"))
    assert "First section for yanji-in-changchun" in page
    assert page.index("First section for") < page.index("Second test section")


@contextmanager
def counting_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _queries_for(client, slug: str) -> int:
    client.get(f"/offices/{slug}")  # warm up: first-request work is not the page's
    # The tests' requests share one app context and so one session: start the counted request
    # with an empty identity map, as a real request does, so lazy loads would show.
    database.session.remove()
    with counting_queries() as statements:
        response = client.get(f"/offices/{slug}")
    assert response.status_code == 200
    return len(statements)


def test_office_page_runs_a_bounded_number_of_queries(client, db, registry):
    small = _queries_for(client, "baoding-in-guangzhou")
    # Grow the registry around the office: more governments, offices, functions, findings.
    # (The counted request ended the test's session: read the governments afresh.)
    registry = SimpleNamespace(
        **{
            name: db.scalar(select(Government).where(Government.code == code))
            for name, code in (
                ("baoding", "130600"),
                ("hebei", "130000"),
                ("guangdong", "440000"),
                ("jilin", "220000"),
            )
        }
    )
    for number in range(40):
        county = make_government(
            db,
            f"1306{number + 30:02d}",
            f"测试县{number}",
            f"Test County {number}",
            "county",
            registry.baoding,
        )
        for host in (registry.hebei, registry.guangdong, registry.jilin):
            make_office(
                db,
                f"test-{number}-in-{host.code}",
                county,
                host,
                functions=list(OfficeFunction),
                kind=OfficeKind.SPECIAL_MISSION,
                mission_ends_on=date(2014, 1, 1),
                status=OfficeStatus.OPERATING,
            )
    # The office itself gets more functions and, with a second office in Guangzhou, an R3 finding.
    office = db.scalar(select(Office).where(Office.slug == "baoding-in-guangzhou"))
    office.functions = [OfficeFunctionAssignment(function=f) for f in OfficeFunction]
    make_office(db, "baoding-second-in-guangzhou", registry.baoding, registry.guangdong)
    db.commit()
    large = _queries_for(client, "baoding-in-guangzhou")
    page = text_of(client.get("/offices/baoding-in-guangzhou?lang=en"))
    assert 'id="finding-R3"' in page and "Helping in emergencies" in page
    assert small <= 15
    assert large == small


def test_government_page_shows_offices_children_and_channels(client, registry):
    zh = text_of(client.get("/governments/130000"))
    assert "河北省" in zh and "石家庄市" in zh
    assert 'href="/governments/130600"' in zh  # a child: Baoding
    assert 'href="/governments/000000"' in zh  # the parent: the State Council
    hosted = zh.split('id="hosted-title"')[1]
    assert "涞水县驻石家庄市办事处" in hosted and "深圳市驻石家庄市办事处" in hosted
    assert "0311-12345678" in zh and "jiandu@hebei.example.cn" in zh

    en = text_of(client.get("/governments/130600?lang=en"))
    assert "Baoding" in en and "Prefectural (city)" in en
    established = en.split('id="established-title"')[1]
    assert "Baoding Office in Guangzhou" in established
    assert "has not published any contact channels" in en


def test_government_page_of_a_county(client, registry):
    en = text_of(client.get("/governments/222401?lang=en"))
    assert "Yanji" in en and "County" in en
    assert "National autonomous area" in en
    assert "Yanji Office in Changchun" in en


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json()["database"] == "ok"


@pytest.mark.parametrize(
    "path", ["/", "/offices/", "/offices/yanji-in-changchun", "/governments/220000"]
)
def test_pages_have_a_language_switch_and_a_skip_link(client, registry, path):
    page = text_of(client.get(path))
    assert 'href="#main"' in page
    assert "lang=en" in page


def test_several_findings_of_one_rule_explain_the_rule_once(app, client, registry, runner):
    from portal.rules import Finding, Severity

    def two_r3_findings(db, today, office_ids=None):
        for number in (1, 2):
            yield Finding(
                "R3",
                Severity.WARNING,
                "baoding-in-guangzhou",
                f"第{number}个测试问题",
                f"Test problem number {number}",
            )

    app.extensions["portal_registry"].add_rule_check(two_r3_findings)
    # A rule added to a running portal: its findings show once the table is rebuilt.
    assert "Test problem" not in text_of(client.get("/offices/baoding-in-guangzhou?lang=en"))
    assert runner.invoke(args=["compliance", "rebuild"]).exit_code == 0
    page = text_of(client.get("/offices/baoding-in-guangzhou?lang=en"))
    findings = page.split('id="findings"')[1]
    assert "Test problem number 1" in findings and "Test problem number 2" in findings
    assert findings.count('id="finding-R3"') == 1
    assert findings.count("At most one office in any outside provincial capital") == 1
    assert "Warning" in findings


def test_a_province_page_runs_a_bounded_number_of_queries(client, db, registry):
    def queries() -> int:
        client.get("/governments/440000")
        database.session.remove()
        with counting_queries() as statements:
            assert client.get("/governments/440000").status_code == 200
        return len(statements)

    small = queries()
    # Offices in Guangzhou set up by cities of another province (as they are in reality).
    guangdong = db.scalar(select(Government).where(Government.code == "440000"))
    hebei = db.scalar(select(Government).where(Government.code == "130000"))
    for number in range(12):
        city = make_government(
            db,
            f"1301{number:02d}",
            f"测试市{number}",
            f"Test City {number}",
            "prefectural",
            hebei,
        )
        make_office(db, f"city-{number}-in-guangzhou", city, guangdong)
    db.commit()
    assert queries() == small


PUBLIC_PAGES = [
    "/",
    "/offices/",
    "/offices/?rule=R1",
    "/offices/laishui-in-shijiazhuang",
    "/offices/laishui-in-shijiazhuang/disclosures",
    "/governments/130000",
    "/providers/",
    "/reports/summary",
    "/offices/export.csv",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_anonymous_public_page_may_be_cached_by_anyone_for_a_minute(client, registry, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["ETag"].startswith('W/"')
    assert "Cookie" in response.headers["Vary"]
    assert "Set-Cookie" not in response.headers
    assert "csrf_token" not in response.get_data(as_text=True)
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == response.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=60"


def test_a_revalidation_is_answered_before_the_page_is_drawn(client, registry):
    etag = client.get("/offices/laishui-in-shijiazhuang").headers["ETag"]
    database.session.remove()
    with counting_queries() as statements:
        response = client.get("/offices/laishui-in-shijiazhuang", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_correction_changes_the_etag_so_it_shows_at_the_next_revalidation(client, db, registry):
    first = client.get("/offices/laishui-in-shijiazhuang")
    office = db.scalar(select(Office).where(Office.slug == "laishui-in-shijiazhuang"))
    office.phone = "0312-7654321"
    db.commit()
    again = client.get(
        "/offices/laishui-in-shijiazhuang", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200 and "0312-7654321" in text_of(again)
    assert again.headers["ETag"] != first.headers["ETag"]


def test_each_language_has_its_own_etag_and_choosing_one_is_not_cached(client, registry):
    chinese = client.get("/offices/")
    switch = client.get("/offices/?lang=en")  # sets the language cookie
    assert "Set-Cookie" in switch.headers
    assert switch.headers["Cache-Control"] == "no-store" and "ETag" not in switch.headers
    english = client.get("/offices/")  # the cookie now says English
    assert "Offices matching the filters" in text_of(english)
    assert english.headers["Cache-Control"] == "public, max-age=60"
    assert english.headers["ETag"] != chinese.headers["ETag"]
    assert (
        client.get("/offices/", headers={"If-None-Match": chinese.headers["ETag"]}).status_code
        == 200
    )


def test_signed_in_pages_and_pages_with_forms_stay_private(app, client, login, registry):
    app.config["WTF_CSRF_ENABLED"] = True
    form = client.get("/complaints/new")
    assert form.status_code == 200 and "csrf_token" in text_of(form)
    assert form.headers["Cache-Control"] == "no-store" and "ETag" not in form.headers
    search = client.get("/search?q=laishui")
    assert "public" not in search.headers.get("Cache-Control", "")
    login("admin")
    for path in ("/", "/offices/laishui-in-shijiazhuang"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
        assert client.get(path, headers={"If-None-Match": "*"}).status_code == 200
