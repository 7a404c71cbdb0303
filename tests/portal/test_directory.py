"""The office directory: filters, sorting, pagination, and clear messages for bad parameters."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.clock import today_in_china
from portal.compliance import offices_with_findings
from portal.models import Government, OfficeKind, OfficeStatus
from tests.factories import make_government, make_office

PAGE_SIZE = 3


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PAGE_SIZE": PAGE_SIZE}


@pytest.fixture
def offices(db, registry):
    """The test registry plus offices of a province government and a pending one."""
    hebei, jilin, guangdong = registry.hebei, registry.jilin, registry.guangdong
    make_office(
        db,
        "guangdong-in-changchun",
        guangdong,
        jilin,
        name_zh="广东省人民政府驻长春办事处",
        name_en="Guangdong Provincial Government Office in Changchun",
        established_on=date(1995, 3, 1),
    )
    make_office(
        db,
        "jilin-in-guangzhou",
        jilin,
        guangdong,
        name_zh="吉林省人民政府驻广州办事处",
        name_en="Jilin Provincial Government Office in Guangzhou",
        status=OfficeStatus.PENDING_APPROVAL,
        established_on=None,
    )
    hunchun = make_government(
        db, "222404", "珲春市", "Hunchun", "county", registry.yanbian, autonomous=True
    )
    make_office(
        db,
        "hunchun-in-shijiazhuang",
        hunchun,
        hebei,
        status=OfficeStatus.CLOSING,
        established_on=date(2012, 7, 1),
    )
    db.commit()
    return registry


def slugs_on(response) -> list[str]:
    """The offices listed on a directory page, in order."""
    return re.findall(
        r'<th scope="row"><a href="/offices/([^"?#]+)', response.get_data(as_text=True)
    )


def all_slugs(client, query: str = "") -> list[str]:
    found: list[str] = []
    for page in range(1, 10):
        response = client.get(f"/offices/?{query}&page={page}")
        if response.status_code != 200:
            break
        found += slugs_on(response)
    return found


def test_directory_lists_offices_with_a_count_and_pages(client, offices):
    response = client.get("/offices/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "符合条件的办事机构：8 个" in page
    assert len(slugs_on(response)) == PAGE_SIZE
    assert 'href="/offices/?page=2"' in page and 'href="/offices/?page=3"' in page
    assert sorted(all_slugs(client)) == sorted(
        [
            "laishui-in-shijiazhuang",
            "baoding-in-guangzhou",
            "yanji-in-changchun",
            "shenzhen-in-changchun",
            "shenzhen-in-shijiazhuang",
            "guangdong-in-changchun",
            "jilin-in-guangzhou",
            "hunchun-in-shijiazhuang",
        ]
    )
    english = client.get("/offices/?lang=en").get_data(as_text=True)
    assert "Matching offices: 8" in english
    assert "page 1 of 3" in english


def test_the_filter_form_is_labelled(client, offices):
    page = client.get("/offices/?lang=en").get_data(as_text=True)
    for field in ("q", "host", "origin", "level", "status", "kind", "findings", "sort", "order"):
        assert f'<label for="{field}">' in page
        assert f'id="{field}" name="{field}"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "host=130000",
            {"laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang", "hunchun-in-shijiazhuang"},
        ),
        # Establishing province: county → prefecture → province, and the province itself.
        ("origin=220000", {"yanji-in-changchun", "jilin-in-guangzhou", "hunchun-in-shijiazhuang"}),
        ("origin=130000", {"laishui-in-shijiazhuang", "baoding-in-guangzhou"}),
        ("level=provincial", {"guangdong-in-changchun", "jilin-in-guangzhou"}),
        (
            "level=county",
            {"laishui-in-shijiazhuang", "yanji-in-changchun", "hunchun-in-shijiazhuang"},
        ),
        ("status=closed", {"shenzhen-in-shijiazhuang"}),
        ("status=pending_approval", {"jilin-in-guangzhou"}),
        ("kind=special_mission", {"shenzhen-in-changchun"}),
        ("q=%E5%B9%BF%E5%B7%9E", {"baoding-in-guangzhou", "jilin-in-guangzhou"}),  # 广州
        ("q=provincial+government", {"guangdong-in-changchun", "jilin-in-guangzhou"}),
        ("q=%25", set()),  # a literal %, not a wildcard that matches everything
        ("host=220000&origin=440000", {"shenzhen-in-changchun", "guangdong-in-changchun"}),
        (
            "host=220000&status=operating&kind=standing",
            {"yanji-in-changchun", "guangdong-in-changchun"},
        ),
    ],
)
def test_filters(client, offices, query, expected):
    assert set(all_slugs(client, query)) == expected


def test_findings_filter_lists_the_offices_the_rules_flag(client, db, offices):
    flagged = offices_with_findings(db, today_in_china())
    # The office rules flag these three (R1, R2, R5); other packages' rules may flag more.
    assert {"laishui-in-shijiazhuang", "yanji-in-changchun", "shenzhen-in-changchun"} <= flagged
    assert set(all_slugs(client, "findings=yes")) == flagged


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rule=R1", {"laishui-in-shijiazhuang"}),
        ("rule=r5", {"shenzhen-in-changchun"}),
        ("rule=R2", {"yanji-in-changchun"}),
        ("rule=R9&findings=yes", {"laishui-in-shijiazhuang", "shenzhen-in-changchun"}),
        ("rule=R3", set()),
    ],
)
def test_the_rule_filter_lists_the_offices_with_that_rules_findings(
    client, offices, query, expected
):
    assert set(all_slugs(client, query)) == expected


def test_the_rule_filter_with_without_findings_is_its_complement(client, offices):
    everything = set(all_slugs(client))
    assert set(all_slugs(client, "rule=R1&findings=no")) == everything - {"laishui-in-shijiazhuang"}


def test_the_rule_filter_follows_a_committed_change_and_is_offered_in_the_form(client, db, offices):
    baoding = db.scalar(select(Government).where(Government.code == "130600"))
    guangdong = db.scalar(select(Government).where(Government.code == "440000"))
    make_office(db, "baoding-second-in-guangzhou", baoding, guangdong)
    db.commit()
    assert set(all_slugs(client, "rule=R3")) == {
        "baoding-in-guangzhou",
        "baoding-second-in-guangzhou",
    }
    page = client.get("/offices/?rule=R3&lang=en").get_data(as_text=True)
    assert '<option value="R3" selected>R3 · ' in page
    records = client.get("/offices/export.json?rule=R3").get_json()
    assert {record["slug"] for record in records} == {
        "baoding-in-guangzhou",
        "baoding-second-in-guangzhou",
    }
    assert all("R3" in record["finding_rules"] for record in records)


def test_findings_no_is_the_complement_of_findings_yes(client, offices):
    everything = set(all_slugs(client))
    with_findings = set(all_slugs(client, "findings=yes"))
    without = set(all_slugs(client, "findings=no"))
    assert with_findings and without
    assert with_findings | without == everything and not with_findings & without


def test_findings_are_shown_beside_each_office(client, offices):
    page = client.get("/offices/?q=laishui").get_data(as_text=True)
    badge = page.split('href="/offices/laishui-in-shijiazhuang#findings"')[1].split("</a>")[0]
    assert "R1" in badge and "R9" in badge


def test_an_empty_result_says_so(client, offices):
    page = client.get("/offices/?q=nothing-like-this&lang=en").get_data(as_text=True)
    assert "No office matches these filters." in page


def test_sort_by_name_both_ways(client, offices):
    ascending = all_slugs(client, "sort=name&lang=en")
    descending = all_slugs(client, "sort=name&order=desc&lang=en")
    assert ascending == list(reversed(descending))
    assert ascending[0] == "baoding-in-guangzhou"  # "Baoding Office in Guangzhou"


def test_sort_by_established_date_puts_unknown_dates_last(client, offices):
    newest_first = all_slugs(client, "sort=established&order=desc")
    assert newest_first[0] == "hunchun-in-shijiazhuang"  # 2012
    assert newest_first[-2] == "guangdong-in-changchun"  # 1995
    assert newest_first[-1] == "jilin-in-guangzhou"  # no date
    oldest_first = all_slugs(client, "sort=established")
    assert oldest_first[0] == "guangdong-in-changchun"
    assert oldest_first[-1] == "jilin-in-guangzhou"


def test_sort_by_status_and_by_host_province(client, offices):
    by_status = all_slugs(client, "sort=status")
    assert by_status.index("jilin-in-guangzhou") < by_status.index("hunchun-in-shijiazhuang")
    assert by_status[-1] == "shenzhen-in-shijiazhuang"  # closed comes last
    by_host = all_slugs(client, "sort=host")
    hebei = {"laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang", "hunchun-in-shijiazhuang"}
    assert set(by_host[:3]) == hebei  # 130000 before 220000 and 440000


def test_pages_keep_the_filters(client, offices):
    page = client.get("/offices/?host=130000&sort=established&lang=en").get_data(as_text=True)
    assert "Matching offices: 3" in page
    assert 'value="130000" selected' in page
    assert "?host=130000&amp;sort=established" in page  # export and page links keep filters
    assert 'href="/offices/export.csv?host=130000"' in page


@pytest.mark.parametrize(
    ("query", "chinese", "english"),
    [
        (
            "page=-1",
            "页码必须是 1 到 10000 之间的数字",
            "The page must be a number from 1 to 10000.",
        ),
        (
            "page=abc",
            "页码必须是 1 到 10000 之间的数字",
            "The page must be a number from 1 to 10000.",
        ),
        (
            "page=0",
            "页码必须是 1 到 10000 之间的数字",
            "The page must be a number from 1 to 10000.",
        ),
        (
            "page=" + "9" * 5000,
            "页码必须是 1 到 10000 之间的数字",
            "The page must be a number from 1 to 10000.",
        ),
        ("host=999999", "没有代码为“999999”的省份", "There is no province with the code “999999”."),
        (
            "origin=130600",
            "没有代码为“130600”的省份",
            "There is no province with the code “130600”.",
        ),
        ("status=secret", "未知的办事机构状态", "Unknown office status."),
        ("kind=x", "未知的办事机构类型", "Unknown kind of office."),
        ("level=emperor", "未知的政府层级", "Unknown government level."),
        ("findings=maybe", "只能选择", "must be “with findings” or “without findings”"),
        ("rule=R99", "没有规则“R99”", "There is no rule “R99”."),
        ("sort=salary", "未知的排序方式", "Unknown sort order."),
        ("order=sideways", "顺序只能是升序或降序", "The order must be ascending or descending."),
        ("q=" + "x" * 101, "最多 100 个字符", "at most 100 characters"),
        ("page=99", "结果只有 3 页", "The results end at page 3."),
    ],
)
def test_bad_parameters_get_a_clear_message_and_400(client, offices, query, chinese, english):
    response = client.get(f"/offices/?{query}")
    assert response.status_code == 400
    assert chinese in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    response = client.get(f"/offices/?{query}&lang=en")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert english in page
    assert "Please correct the following" in page


def test_several_bad_parameters_are_all_named(client, offices):
    response = client.get("/offices/?page=-1&host=999999&status=x&lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#host"' in page and 'href="#status"' in page
    assert "The page must be a number from 1 to 10000." in page
    assert 'aria-invalid="true"' in page


def test_kinds_and_statuses_are_shown_in_the_page_language(client, offices):
    page = client.get("/offices/?kind=special_mission").get_data(as_text=True)
    assert "专项任务办事机构" in page and "深圳市驻长春市办事处" in page
    page = client.get("/offices/?kind=special_mission&lang=en").get_data(as_text=True)
    assert "Special-mission office" in page and "Shenzhen Office in Changchun" in page
    assert OfficeKind.SPECIAL_MISSION.value in page


def test_a_directory_page_runs_a_bounded_number_of_queries(client, db, offices):
    from portal.database import database
    from tests.portal.test_pages import counting_queries

    def queries(path: str, rows: int) -> int:
        client.get(path)
        database.session.remove()  # a fresh session, as in a real request
        with counting_queries() as statements:
            response = client.get(path)
        assert len(slugs_on(response)) == rows
        return len(statements)

    # One office on the page, then a full page of offices with different governments.
    single = queries("/offices/?q=yanji", 1)
    full = queries("/offices/?sort=established", PAGE_SIZE)
    assert full == single
    baoding = db.scalar(select(Government).where(Government.code == "130600"))
    jilin = db.scalar(select(Government).where(Government.code == "220000"))
    for number in range(30):
        make_office(db, f"extra-{number}", baoding, jilin, name_zh=f"额外{number}")
    db.commit()
    assert queries("/offices/?findings=no", PAGE_SIZE) == queries(
        "/offices/?findings=yes", PAGE_SIZE
    )
