"""Both languages: Chinese by default, ?lang= switches and is remembered, names follow the page."""

from __future__ import annotations

import pytest


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_chinese_is_the_default(client, registry):
    html = page(client, "/offices/")
    assert '<html lang="zh-CN">' in html
    assert "办事机构名录" in html
    assert "涞水县驻石家庄市办事处" in html


def test_lang_en_sets_a_cookie_that_later_pages_honour(client, registry):
    response = client.get("/offices/?lang=en")
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in response.headers["Set-Cookie"]
    later = page(client, "/offices/yanji-in-changchun")
    assert '<html lang="en">' in later
    assert "Yanji Office in Changchun" in later
    assert "Supervising government" in later
    # And back to Chinese.
    assert "监督政府" in page(client, "/offices/yanji-in-changchun?lang=zh")
    assert "投诉联系方式" in page(client, "/governments/220000")


@pytest.mark.parametrize(
    ("path", "chinese", "english"),
    [
        ("/", "名录数据概览", "The registry in numbers"),
        ("/offices/", "筛选办事机构", "Filter offices"),
        ("/offices/", "设立方所在省份", "Establishing province"),
        ("/offices/shenzhen-in-changchun", "专项任务办事机构", "Special-mission office"),
        ("/offices/shenzhen-in-changchun", "无（由政府直接设立）", "None: the government itself"),
        ("/offices/shenzhen-in-changchun", "深圳市驻长春市办事处", "Shenzhen Office in Changchun"),
        ("/governments/222400", "延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
        ("/governments/222400", "下级政府", "Governments below"),
        ("/governments/130000", "投诉联系方式", "Contact channels for complaints"),
    ],
)
def test_pages_in_both_languages(client, registry, path, chinese, english):
    zh = page(client, f"{path}?lang=zh")
    en = page(client, f"{path}?lang=en")
    assert chinese in zh and chinese not in en.replace('lang="zh-CN">' + chinese, "")
    assert english in en


def test_the_language_switch_keeps_the_filters(client, registry):
    html = page(client, "/offices/?host=220000&sort=status")
    assert "/offices/?host=220000&amp;sort=status&amp;lang=en" in html


def test_a_name_known_only_in_chinese_is_marked_as_chinese_on_english_pages(client, db, registry):
    registry.yanji_office.name_en = None
    db.commit()
    html = page(client, "/offices/?q=yanji&lang=en")
    assert (
        'href="/offices/yanji-in-changchun?lang=en" lang="zh-CN">延吉市驻长春市办事处</a>' in html
    )
    assert 'href="/governments/222401?lang=en">Yanji</a>' in html


def test_money_is_shown_in_the_two_languages_and_no_other():
    from portal.i18n import format_fen

    assert format_fen(123456, "zh") == "1,234.56 元"
    assert format_fen(-5, "en") == "-¥0.05"
    assert format_fen(None, "en") == "—"
    for typo in ("ZH", "zh_CN", "fr"):
        with pytest.raises(ValueError, match="no money format"):
            format_fen(100, typo)
