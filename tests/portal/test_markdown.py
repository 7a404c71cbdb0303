"""Markdown from people is rendered, and nothing dangerous or foreign survives."""

import pytest

from portal.markdown import render_markdown


def test_markdown_is_rendered():
    html = render_markdown(
        "# Help\n\n**Open** on *weekdays*:\n\n- one\n- two\n\n[Map](https://example.cn/map)"
    )
    assert "<h3>Help</h3>" in html
    assert "<strong>Open</strong>" in html and "<li>two</li>" in html
    assert '<a href="https://example.cn/map" rel="nofollow noopener noreferrer">Map</a>' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>hello", "alert"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ('<a href="#" onclick="steal()">x</a>', "onclick"),
        ("[click](javascript:alert(1))", "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ("![tracker](https://evil.example/pixel.png)", "evil.example"),
        ("![tracker](//evil.example/pixel.png)", "evil.example"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ("<style>body{display:none}</style>", "display"),
        ('<p style="position:fixed">x</p>', "position"),
    ],
)
def test_dangerous_markup_is_removed(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_local_images_are_kept():
    html = render_markdown("![Office map](/static/img/map.png)")
    assert '<img alt="Office map" src="/static/img/map.png">' in html


def test_a_foreign_image_leaves_no_empty_tag():
    assert "<img" not in render_markdown("![x](https://evil.example/a.png)")


def test_empty_text_renders_nothing():
    assert render_markdown(None) == "" and render_markdown("") == ""
