"""Whole numbers in the supervisors' query strings (portal.params): a wrong one is a 400 that says
what to type, never a 500 (a superscript digit passes str.isdigit(); a huge number overflows)."""

from __future__ import annotations

import pytest

from portal.models import Role
from tests.complaints.test_supervise import file_complaint


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def national(client, login, registry):
    return login(Role.NATIONAL, government=registry.national)


@pytest.mark.parametrize("page", ["²", "٣", "99999999999999999999", "0", "-1", "2.5", "two"])
def test_a_page_that_is_not_a_page_number_is_a_400_with_a_message(client, national, page):
    response = client.get("/supervise/", query_string={"page": page})
    assert response.status_code == 400
    assert "The page must be a number from 1 to 10000." in response.get_data(as_text=True)


@pytest.mark.parametrize("assignee", ["²", "99999999999999999999", "0", "-3", "nobody"])
@pytest.mark.parametrize("url", ["/supervise/", "/supervise/export.csv"])
def test_an_assignee_that_is_not_an_account_id_is_a_400_with_a_message(
    client, national, url, assignee
):
    response = client.get(url, query_string={"assignee": assignee})
    assert response.status_code == 400
    assert "“assignee” must be a whole number from 1 to" in response.get_data(as_text=True)


def test_good_values_still_filter(app, db, client, national, registry):
    complaint, _ = file_complaint(app, db)
    assert client.get("/supervise/?page=1").status_code == 200
    assert complaint.reference in client.get("/supervise/?assignee=none").get_data(True)
    nobody = client.get(f"/supervise/?assignee={national.id}").get_data(True)
    assert complaint.reference not in nobody  # assigned to nobody yet
    second_page = client.get("/supervise/?page=2").get_data(True)
    assert complaint.reference not in second_page  # one complaint: page 2 is empty


def test_the_message_is_in_chinese_too(client, national):
    response = client.get("/supervise/?page=²&lang=zh")
    assert response.status_code == 400
    assert "页码必须是 1 到 10000 之间的数字。" in response.get_data(as_text=True)
