"""Markdown written by people, rendered with python-markdown and then sanitised with nh3.

No raw HTML from a user reaches a page: scripts, styles, event handlers and `javascript:` links
are removed, and an image is kept only when it is served by the portal itself (a relative path),
so a page never loads anything from another host.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "h5",
    "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "img", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"scope", "align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_LENGTH = 50_000
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\bsrc=)[^>]*>")


def _is_local(url: str) -> bool:
    """A path on this site: no scheme, no host (not "//host/…"), no backslash tricks."""
    url = url.strip()
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and ":" not in url.split("/", 3)[1]
    )


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_local(value) else None
    return value


def render_markdown(text: str | None) -> Markup:
    """Markdown to safe HTML for a page. Headings start at level 3, under the page's own."""
    if not text:
        return Markup("")
    source = text[:MAX_LENGTH].replace("\r\n", "\n")
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    for level in ("1", "2"):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_filter_attribute,
    )
    return Markup(_IMAGE_WITHOUT_SOURCE.sub("", clean))  # noqa: S704  # nosec B704  # sanitised by nh3 just above
