"""Issue 15, item 8 (in part): an inspection's "English summary" shows only on the English
page, with the Chinese original marked lang="zh-CN" there."""

from __future__ import annotations

from datetime import date


def test_the_english_summary_of_findings_shows_only_in_english(client, registry, publish):
    text = "办事处未公开接待清单，责令整改。\n\n*English summary:* the reception list was not published."
    inspection = publish(registry.yanji_office, "compliant", date(2016, 4, 1), text=text)
    chinese = client.get(f"/inspections/{inspection.id}?lang=zh").get_data(as_text=True)
    assert "English summary" not in chinese and "办事处未公开接待清单" in chinese
    english = client.get(f"/inspections/{inspection.id}?lang=en").get_data(as_text=True)
    assert "the reception list was not published." in english
    assert "English summary" not in english
    assert '<div class="prose findings" lang="zh-CN"><p>办事处未公开接待清单' in english
