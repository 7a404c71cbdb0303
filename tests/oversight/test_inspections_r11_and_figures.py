"""Issue 15, item 11: each inspection's R11 status on the list; the progress-report form
refuses figures that do not add up, naming the figure."""

from __future__ import annotations

from datetime import date

import pytest

from portal.clock import frozen
from portal.models import Role
from portal.oversight.reports import ReportFigures, check_figures_add_up, registry_figures
from portal.oversight.rules import RectificationStatus, rectification_status
from portal.oversight.supervision import OversightError
from tests.oversight.test_reports import FORM

DUE = date(2016, 5, 1)


@pytest.mark.parametrize(
    ("followed", "today", "status"),
    [
        (None, DUE, RectificationStatus.PENDING),
        (None, date(2016, 5, 2), RectificationStatus.OVERDUE),
        (DUE, date(2020, 1, 1), RectificationStatus.CONFIRMED),
        (date(2016, 5, 2), date(2020, 1, 1), RectificationStatus.CONFIRMED_LATE),
    ],
)
def test_rectification_status_boundaries(followed, today, status):
    assert rectification_status(DUE, followed, today) == status


def _row(page: str, marker: str) -> str:
    start = page.rindex("<tr", 0, page.index(marker))
    return page[start : page.index("</tr>", start)]


def test_the_inspections_list_shows_each_r11_status(client, registry, publish):
    yanji = publish(registry.yanji_office, "rectification_required", date(2016, 4, 1), due=DUE)
    laishui = publish(registry.laishui_office, "rectification_required", date(2016, 4, 2), due=DUE)
    follow_up = publish(registry.laishui_office, "compliant", date(2016, 4, 20))
    with frozen(date(2016, 6, 1)):
        page = client.get("/inspections/?lang=en").get_data(as_text=True)
    # an English page's links keep its language (issue 15 item 8)
    assert "Rectification overdue" in _row(page, f'/inspections/{yanji.id}?lang=en"')
    assert "Rectification confirmed" in _row(page, f'/inspections/{laishui.id}?lang=en"')
    assert "No rectification ordered" in _row(page, f'/inspections/{follow_up.id}?lang=en"')
    with frozen(date(2016, 4, 30)):
        chinese = client.get("/inspections/?lang=zh").get_data(as_text=True)
    assert "整改期限未到，待复查" in _row(chinese, f'/inspections/{yanji.id}"')


def test_figures_that_do_not_add_up_are_refused_naming_the_figure():
    with pytest.raises(OversightError) as kept:
        check_figures_add_up(ReportFigures(5, 1, 0, 4, 3))
    assert kept.value.field == "kept_with_approval"
    with pytest.raises(OversightError) as remaining:
        check_figures_add_up(ReportFigures(5, 1, 1, 0, 2))
    assert remaining.value.field == "remaining"
    check_figures_add_up(ReportFigures(5, 1, 1, 3, 3))  # new offices may add to what remains


def test_the_registrys_own_figures_always_add_up(db, registry, first_round):
    for province in (registry.hebei, registry.jilin, registry.guangdong):
        check_figures_add_up(registry_figures(db, first_round, province))


def test_the_form_names_the_figure_that_does_not_add_up(client, registry, first_round, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    response = client.post(
        "/reports/2015/130000/submit?lang=en", data={**FORM, "kept_with_approval": "2"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Offices kept with approval (2) cannot be more than the offices remaining (1)." in page
    response = client.post("/reports/2015/130000/submit?lang=zh", data={**FORM, "merged": "0"})
    assert response.status_code == 400
    assert "现存办事处（1 个）不能少于清理前的办事处减去已撤销和已合并的办事处（2 个）。" in (
        response.get_data(as_text=True)
    )
