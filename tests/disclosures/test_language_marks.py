"""Issue 15, item 8 (in part): Chinese-only text is marked lang="zh-CN" on English pages,
an inspection's "English summary" shows only in English, Chinese lines use Chinese punctuation."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.disclosures.test_public_pages import publish, published  # noqa: F401 - fixture


def test_chinese_service_names_and_reasons_are_marked_on_english_pages(client, published, db):  # noqa: F811
    from disclosures.models import DisclosureKind

    page = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang=en")
    html = page.get_data(as_text=True)
    assert '<strong lang="zh-CN">农民工法律援助</strong>' in html
    assert '<span lang="zh-CN">涞水县商务局</span>' in html
    chinese = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang=zh")
    assert 'lang="zh-CN">农民工法律援助' not in chinese.get_data(as_text=True)
    publish(
        db,
        published.laishui_office,
        DisclosureKind.SERVICES,
        2023,
        [{"title": "农民工法律援助", "audience": "migrant_workers", "channel": "电话 0311-001"}],
        reason="电话号码有误。",
        when=datetime(2024, 3, 1, tzinfo=UTC),
    )
    db.commit()
    history = client.get(
        "/offices/laishui-in-shijiazhuang/disclosures/services/2023/history?lang=en"
    ).get_data(as_text=True)
    assert '<span class="correction-reason" lang="zh-CN">电话号码有误。</span>' in history
    # A reason written in English is not marked as Chinese.
    budgets = client.get(
        "/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history?lang=en"
    ).get_data(as_text=True)
    assert '<span class="correction-reason">The vehicles line was left out.</span>' in budgets


def test_chinese_lines_use_chinese_punctuation(client, published):  # noqa: F811
    office = client.get("/offices/laishui-in-shijiazhuang?lang=zh").get_data(as_text=True)
    assert "份合同，" in office
    assert "合同, " not in office
    english = client.get("/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    assert "contracts, ¥" in english
