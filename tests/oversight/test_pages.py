"""Supervisor pages render their forms in both languages; the office page offers what fits."""

from __future__ import annotations

import pytest

from portal.models import Role


@pytest.mark.parametrize(("lang", "text"), [("en", "Record an inspection"), ("zh", "记录一次检查")])
def test_inspection_form_lists_only_offices_in_scope(client, registry, login, lang, text):
    login(Role.SUPERVISOR, government=registry.jilin)
    page = client.get(f"/inspections/new?lang={lang}&office=yanji-in-changchun").get_data(
        as_text=True
    )
    assert text in page
    assert "yanji-in-changchun" in page and "shenzhen-in-changchun" in page
    assert "laishui-in-shijiazhuang" not in page
    assert f'<option selected value="{registry.yanji_office.id}">' in page


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Apply for an approval"), ("zh", "提出审批申请")]
)
def test_application_form_renders(client, registry, login, lang, text):
    login(Role.SUPERVISOR, government=registry.baoding)
    page = client.get(f"/approvals/new?lang={lang}").get_data(as_text=True)
    assert text in page and 'name="planned_budget"' in page
    assert (
        f'value="{registry.baoding.id}"' not in page.split('name="host"')[1].split("</select>")[0]
    )


@pytest.mark.parametrize(("lang", "text"), [("en", "Submit the report"), ("zh", "提交报告")])
def test_report_form_renders_for_the_province(client, registry, first_round, login, lang, text):
    login(Role.SUPERVISOR, government=registry.hebei)
    page = client.get(f"/reports/2015/130000/submit?lang={lang}").get_data(as_text=True)
    assert text in page and 'name="narrative"' in page
    assert "correction_reason" not in page


def test_workspace_lists_what_waits_for_the_supervisor(client, registry, first_round, login, apply):
    apply(registry.baoding, registry.jilin, urgent=True)
    login(Role.SUPERVISOR, government=registry.jilin)
    page = client.get("/oversight/?lang=en").get_data(as_text=True)
    assert "Waiting for your province" in page and "Urgent" in page
    assert "/reports/2015/220000/submit" in page


def test_office_page_offers_an_inspection_only_to_supervisors_in_scope(client, registry, login):
    url = "/offices/yanji-in-changchun?lang=en"
    assert "Record an inspection of this office" not in client.get(url).get_data(as_text=True)
    login(Role.SUPERVISOR, government=registry.hebei)
    assert "Record an inspection of this office" not in client.get(url).get_data(as_text=True)
    login(Role.SUPERVISOR, government=registry.jilin)
    assert "Record an inspection of this office" in client.get(url).get_data(as_text=True)
