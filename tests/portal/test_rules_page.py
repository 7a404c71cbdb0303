"""/rules/ (issue 15, item 6): every rule in plain words in both languages, the circular's
sentence, how it is checked, the offices that break it; linked from the home page, every
finding and the national summary; the directory filters by rule."""

from __future__ import annotations

import html
import re

from portal.rule_texts import RULES


def _section(page: str, code: str) -> str:
    start = page.index(f'<section id="{code}"')
    return html.unescape(page[start : page.index("</section>", start)])


def test_every_rule_is_explained_in_both_languages(client, registry):
    english = client.get("/rules/?lang=en")
    chinese = client.get("/rules/?lang=zh")
    assert english.status_code == chinese.status_code == 200
    en, zh = english.get_data(as_text=True), chinese.get_data(as_text=True)
    for code, text in RULES.items():
        assert text.title_en in _section(en, code) and text.explanation_en in _section(en, code)
        assert text.title_zh in _section(zh, code) and text.quote_zh in _section(zh, code)
        assert text.quote_en in _section(en, code)
    assert "How the portal checks it:" in _section(en, "R3")
    assert "本门户如何检查：" in _section(zh, "R3")
    assert [f"R{n}" for n in range(1, 14)] == re.findall(r'<section id="(R\d+)"', en)


def test_a_rule_lists_the_offices_that_break_it_from_the_findings_table(client, registry):
    page = client.get("/rules/?lang=en").get_data(as_text=True)
    r1 = _section(page, "R1")
    # Laishui county keeps an office in its own province's capital, open since 2008.
    assert "/offices/laishui-in-shijiazhuang" in r1
    assert "/offices/baoding-in-guangzhou" not in r1
    assert "/offices/?rule=R1" in r1 and "1 offices break this rule today." in r1
    assert "No office breaks this rule today" in _section(page, "R10")


def test_the_home_page_an_office_finding_and_the_summary_link_to_the_rules(client, registry):
    assert 'href="/rules/?lang=en"' in client.get("/?lang=en").get_data(as_text=True)
    office = client.get("/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    findings = office[office.index('id="findings"') :]
    assert 'href="/rules/?lang=en#R1"' in findings
    summary = client.get("/reports/summary?lang=en").get_data(as_text=True)
    assert 'href="/rules/?lang=en#R1"' in summary


def test_the_directory_filters_by_rule(client, registry):
    page = client.get("/offices/?rule=R1&lang=en").get_data(as_text=True)
    assert "laishui-in-shijiazhuang" in page and "baoding-in-guangzhou" not in page
    page = client.get("/offices/?rule=R1&findings=no&lang=en").get_data(as_text=True)
    assert "laishui-in-shijiazhuang" not in page and "baoding-in-guangzhou" in page
    assert client.get("/offices/?rule=R99").status_code == 400
