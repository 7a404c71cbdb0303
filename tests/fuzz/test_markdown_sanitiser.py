"""Whatever Markdown a person writes, no script, event handler or javascript: URL survives the
sanitiser (portal/markdown.py). The HTML is read back with the standard library's parser, the
way a browser would tokenise it, entities decoded."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from portal.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js>", "</script>", "<script",
    "<img src=x onerror=alert(1)>", "<img src=/ok.png onload=alert(1)>", "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x]( javascript:alert(1) )",
    "[x](java\tscript:alert(1))", "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))", "![x](//evil.example/x.png)", "![x](/static/ok.png)",
    "<javascript:alert(1)>", "<http://example.cn/>", "[ok](https://example.cn/)",
    "[x]: javascript:alert(1)\n", "[x][x]", "<iframe src=//evil.example>", "<object data=x>",
    "<style>body{}</style>", "<div style=\"background:url(javascript:alert(1))\">",
    "<p onclick=alert(1)>", " onmouseover=alert(1) ", "<a onfocus=alert(1) autofocus>",
    "<math><mtext><script>alert(1)</script>", "<!--", "-->", "<![CDATA[", "]]>", "&lt;script&gt;",
    "<details open ontoggle=alert(1)>", "<form action=javascript:alert(1)>", "<base href=//x>",
    "`<script>`", "```\n<script>\n```", "| a | b |\n|---|---|\n| <script> | x |", "> ", "* ",
    "1. ", "# ", "**", "_", "\n", "\n\n", "<", ">", "\"", "'", "&", "&#", ";", "=", "/", ":",
    "javascript", "script", "on", "(", ")", "[", "]", "!", "\t", "\x00", "\u2028",
]  # fmt: skip

markdown_texts = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=14
).map("".join)

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def as_browser_reads(url: str) -> str:
    """The URL as the WHATWG URL parser sees it: leading and trailing C0 controls and spaces
    stripped, every tab and newline removed anywhere, the scheme case-insensitive."""
    return _TAB_OR_NEWLINE.sub("", url.strip("".join(map(chr, range(0x21))))).lower()


class Collector(HTMLParser):
    """Every start tag with its attributes, entities decoded, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def start_tags(html: str):
    parser = Collector()
    parser.feed(html)
    parser.close()
    return parser.tags


@given(markdown_texts)
@example("[x](javascript:alert(1))<script>alert(1)</script><img src=x onerror=alert(1)>")
def test_no_script_no_event_handler_no_javascript_url_survives(text):
    html = str(render_markdown(text))
    for tag, attributes in start_tags(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attributes:
            assert not name.startswith("on"), (name, html)
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name, html)
            if name == "rel":  # nh3 adds it to every link, with this one value
                assert value == "nofollow noopener noreferrer", html
            if name in ("href", "src"):
                plain = as_browser_reads(value or "")
                assert not plain.startswith(BAD_SCHEMES), (value, html)
            if tag == "img" and name == "src":
                assert (value or "").startswith("/") and not value.startswith("//"), html
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered and "<iframe" not in lowered
