"""Issue 15, item 11: the national summary's written summary (paragraphs generated from the
figures, in both languages) and its print button."""

from __future__ import annotations

from datetime import date

from portal.clock import frozen
from tests.oversight.test_summary_scope import fixed_register  # noqa: F401 - fixture


def _brief(page: str) -> str:
    start = page.index('aria-labelledby="in-brief-title"')
    return page[start : page.index("</section>", start)]


def test_the_summary_says_in_words_what_its_figures_say(client, fixed_register):  # noqa: F811
    with frozen(date(2020, 6, 30)):
        english = _brief(client.get("/reports/summary?lang=en").get_data(as_text=True))
        chinese = _brief(client.get("/reports/summary?lang=zh").get_data(as_text=True))
    assert (
        "As of 2020-06-30, the governments of the 3 provincial-level divisions of the mainland"
        " had 6 liaison offices. On 2015-03-16 they had 5; 2 have closed since and 3 have been"
        " set up (1 with approval, 2 without), a net change of +1." in english
    )
    # Guangdong's Shenzhen kept two offices before the circular and closed one in 2015.
    assert "The largest reductions: Guangdong (−1)." in english
    assert (
        "3 missing" in english and "Reports are missing from Hebei, Jilin and Guangdong." in english
    )
    assert "截至 2020-06-30，中国大陆 3 个省级行政区的各级政府共有驻外办事处 6 个。" in chinese
    assert "未提交 3 份" in chinese and "未提交报告的有河北省、吉林省、广东省。" in chinese
    assert "Taiwan" not in english


def test_the_summary_has_a_print_button_that_works_with_javascript(client, registry):
    page = client.get("/reports/summary?lang=en").get_data(as_text=True)
    assert '<button type="button" data-print hidden>Print the summary</button>' in page
    assert 'src="/oversight/static/print.js"' in page
    with client.get("/oversight/static/print.js") as script:
        assert script.status_code == 200 and b"window.print()" in script.data
    assert "打印本汇总" in client.get("/reports/summary?lang=zh").get_data(as_text=True)
