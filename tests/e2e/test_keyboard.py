"""A complaint filed with the keyboard alone: Tab, Shift+Tab, Space, Enter and typing; no clicks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import new_page

pytestmark = pytest.mark.browser

OFFICE = "130600-gov-in-shijiazhuang"
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""


def focused(page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page, name: str | re.Pattern, *, backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focused element's name is `name`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        current = focused(page)
        if name.search(current) if isinstance(name, re.Pattern) else current == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with {key}")


def test_a_complaint_can_be_filed_with_the_keyboard_only(browser, live_server):
    page = new_page(browser, live_server, locale="en-US")
    page.goto(f"/offices/{OFFICE}?lang=en")

    # The skip link comes first and takes the keyboard past the navigation.
    tab_to(page, "Skip to main content", limit=1)
    tab_to(page, "File a complaint about this office")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("File a complaint")
    office = page.get_by_role("radio", name=re.compile("Baoding"))
    expect(office).to_be_checked()

    # The first category: Tab into the group, Space chooses the focused option.
    tab_to(page, "Unauthorised office")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Unauthorised office")).to_be_checked()
    tab_to(page, "What happened")
    page.keyboard.type("The office was set up last year without any provincial approval.")
    # Too far on purpose, then back with Shift+Tab.
    tab_to(page, "Your name")
    tab_to(page, "Where", backwards=True)
    page.keyboard.type("Shijiazhuang")
    tab_to(page, "Send the complaint")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint received")
    expect(page.get_by_role("main")).to_contain_text("TS-")
    assert page.foreign_requests.foreign == []
    page.context.close()
