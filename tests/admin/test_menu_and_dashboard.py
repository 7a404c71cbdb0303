"""Issue 16 item 11 and issue 19 items 5 and 7: the signed-in menu on every page, the
administration dashboard per role, and a province's progress reports reached from the menu."""

from __future__ import annotations

from datetime import date

import pytest

from portal.clock import frozen
from portal.models import OfficeFunction, OfficeKind, Role
from portal.oversight.approvals import ApplicationDraft, submit_application
from portal.oversight.models import ApplicationPurpose
from tests import factories

TODAY = date(2026, 6, 1)


def menu_of(page: str) -> str:
    start = page.find('<nav class="main-nav account-nav"')
    return page[start : page.find("</nav>", start)] if start >= 0 else ""


@pytest.fixture
def open_round(db):
    round_ = factories.make_round(db, 2026)
    db.commit()
    return round_


def sign_in_as(login, registry, role):
    if role == "supervisor":
        return login(Role.SUPERVISOR, government=registry.hebei)
    if role == "prefecture":
        return login(Role.SUPERVISOR, government=registry.baoding)
    if role == "national":
        return login(Role.NATIONAL, government=registry.national)
    if role == "office_editor":
        return login(Role.OFFICE_EDITOR, office=registry.laishui_office)
    return login(Role.ADMIN)


MENUS = {
    "admin": ["/admin/", "/admin/accounts/", "/supervise/", "/oversight/", "/account/"],
    "national": ["/admin/", "/admin/accounts/", "/supervise/", "/oversight/", "/account/"],
    "supervisor": [
        "/admin/",
        "/admin/accounts/",
        "/supervise/",
        "/oversight/",
        "/admin/progress-reports",
        "/account/",
    ],
    "prefecture": ["/admin/", "/admin/accounts/", "/supervise/", "/oversight/", "/account/"],
    "office_editor": ["/admin/", "/editor/disclosures/", "/account/"],
}


@pytest.mark.parametrize("role", sorted(MENUS))
@pytest.mark.parametrize("page", ["/", "/offices/", "/account/"])
def test_every_page_shows_the_menu_of_the_role(client, registry, login, role, page):
    sign_in_as(login, registry, role)
    menu = menu_of(client.get(page + "?lang=en").get_data(as_text=True))
    links = [href for href in MENUS[role]]
    for href in links:
        assert f'href="{href}"' in menu, (role, href)
    for href in set().union(*MENUS.values()) - set(links):
        assert f'href="{href}"' not in menu, (role, href)


def test_a_visitor_sees_no_menu_and_is_sent_to_sign_in(client, registry):
    assert menu_of(client.get("/?lang=en").get_data(as_text=True)) == ""
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_shown_is_marked_current(client, registry, login):
    sign_in_as(login, registry, "supervisor")
    menu = menu_of(client.get("/account/?lang=en").get_data(as_text=True))
    assert '<a href="/account/" aria-current="page">' in menu
    assert '<a href="/admin/" aria-current="page">' not in menu


def test_the_menu_speaks_chinese_on_a_chinese_page(client, registry, login):
    sign_in_as(login, registry, "office_editor")
    menu = menu_of(client.get("/?lang=zh").get_data(as_text=True))
    assert "管理" in menu and "我的账户" in menu


def dashboard_on_today(client) -> str:
    """The administration's start page, in English, as it is on TODAY."""
    with frozen(TODAY):
        return client.get("/admin/?lang=en").get_data(as_text=True)


def apply_for_an_office(db, registry):
    applicant = factories.make_account(db, Role.SUPERVISOR, government=registry.baoding)
    draft = ApplicationDraft(
        purpose=ApplicationPurpose.NEW_OFFICE,
        host_province_id=registry.guangdong.id,
        office_name_zh="保定市驻广州办事处二",
        kind=OfficeKind.STANDING,
        functions=[OfficeFunction.PROMOTION],
        planned_budget_fen=100_000,
        reason="Trade.",
    )
    submit_application(db, draft, applicant, today=date(2026, 4, 1))
    db.commit()


class TestDashboard:
    def test_the_host_province_sees_the_application_it_must_decide(
        self, client, db, registry, login
    ):
        apply_for_an_office(db, registry)
        login(Role.SUPERVISOR, government=registry.guangdong)
        page = dashboard_on_today(client)
        assert "Applications awaiting a decision" in page
        assert "<strong>1</strong>" in page.split("Applications awaiting a decision")[1][:200]
        assert "1 past their decision date" in page

    def test_another_province_sees_none_of_it(self, client, db, registry, login):
        apply_for_an_office(db, registry)
        login(Role.SUPERVISOR, government=registry.jilin)
        page = dashboard_on_today(client)
        assert "<strong>0</strong>" in page.split("Applications awaiting a decision")[1][:200]

    def test_a_province_is_told_to_submit_its_report_with_the_link(
        self, client, registry, login, open_round
    ):
        login(Role.SUPERVISOR, government=registry.hebei)
        page = dashboard_on_today(client)
        assert "2026 progress reports: submit your report" in page
        assert 'href="/reports/2026/130000/submit"' in page

    def test_the_national_office_sees_how_many_provinces_have_not_reported(
        self, client, registry, login, open_round
    ):
        login(Role.NATIONAL, government=registry.national)
        page = dashboard_on_today(client)
        assert "2026 progress reports: 3 provinces have not reported" in page

    def test_standards_for_the_coming_year_that_are_missing(self, client, registry, login):
        login(Role.SUPERVISOR, government=registry.hebei)
        page = dashboard_on_today(client)
        assert "Reception standards for 2027 not set" in page
        assert 'href="/admin/standards/130000"' in page

    def test_an_editor_whose_office_closed_is_listed_for_the_administrator(
        self, client, db, registry, login
    ):
        factories.make_account(
            db, Role.OFFICE_EDITOR, office=registry.closed_office, email="left@example.test"
        )
        db.commit()
        login(Role.ADMIN)
        page = client.get("/admin/?lang=en").get_data(as_text=True)
        assert "Editors whose office has closed" in page and "left@example.test" in page

    def test_an_editor_sees_their_office_and_nothing_to_decide(self, client, registry, login):
        login(Role.OFFICE_EDITOR, office=registry.laishui_office)
        page = client.get("/admin/?lang=en").get_data(as_text=True)
        assert "Applications awaiting a decision" not in page
        assert 'href="/offices/laishui-in-shijiazhuang"' in page


class TestProgressReports:
    @pytest.mark.parametrize("role", ["admin", "national", "prefecture", "office_editor"])
    def test_only_a_province_that_must_report_may_open_it(self, client, registry, login, role):
        sign_in_as(login, registry, role)
        assert client.get("/admin/progress-reports").status_code == 404

    def test_a_province_sees_each_round_and_where_to_submit(
        self, client, registry, login, open_round
    ):
        sign_in_as(login, registry, "supervisor")
        with frozen(TODAY):
            page = client.get("/admin/progress-reports?lang=en").get_data(as_text=True)
        assert "2026 progress reports" in page and "Not yet due" in page
        assert 'href="/reports/2026/130000/submit">Submit the report' in page
