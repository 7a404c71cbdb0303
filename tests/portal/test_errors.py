"""Unknown offices and governments give a 404 page in the page's language, never a traceback."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/offices/no-such-office",
        "/governments/999999",
        "/governments/abc",
        "/governments/1300000",
        "/offices/%E4%B8%8D%E5%AD%98%E5%9C%A8",
    ],
)
def test_unknown_pages_are_404_in_chinese_and_english(client, registry, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "页面不存在" in body
    assert "Traceback" not in body
    response = client.get(path + "?lang=en")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Page not found" in body
    assert '<html lang="en">' in body


def test_an_export_with_bad_filters_answers_json_with_400(client, registry):
    response = client.get("/offices/export.json?page=1&kind=ufo")
    assert response.status_code == 400
    assert response.get_json()["status"] == 400


def test_a_bad_language_is_ignored_not_an_error(client, registry):
    response = client.get("/offices/?lang=fr")
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.get_data(as_text=True)
