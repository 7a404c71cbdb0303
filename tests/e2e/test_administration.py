"""Issue 19's journeys in a real browser, one per role: an administrator invites an editor who
accepts, signs in and publishes a disclosure; a province edits its complaint channels and publishes a reception
standard (a draft, then published with a reason); a supervisor who lost the phone signs in with
a recovery code. Every new page passes axe in Chinese and English."""

from __future__ import annotations

import re
import sqlite3

import pyotp
import pytest
from playwright.sync_api import expect

from portal.clock import today_in_china
from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

ADMIN = ("admin@demo.example.cn", "Admin-demo-liaison-2015-circular")
GUANGDONG = ("guangdong@demo.example.cn", "Supervisor-demo-liaison-2015-inbox")
JILIN = ("jilin@demo.example.cn", "Supervisor-demo-liaison-2015-inbox")
EDITOR_PASSWORD = "an invited editor's own passphrase"


def password_step(page, email: str, password: str) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def enrol(page, email: str, password: str) -> tuple[pyotp.TOTP, list[str]]:
    """First sign-in of a demo account: enrol the app, then make the ten recovery codes."""
    password_step(page, email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    key = page.get_by_role("main").locator("code").inner_text()
    totp = pyotp.TOTP("".join(key.split()))
    page.get_by_label("Six-digit code").fill(totp.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    page.get_by_role("button", name="Show my ten recovery codes").click()
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    return totp, codes


def menu(page):
    return page.get_by_role("navigation", name="Your work")


def outbox_link(tmp_path_factory, path: str) -> str:
    """The newest link to `path` in the live server's outbox (the mail a person would get)."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("live*/portal.sqlite3"))
    if not databases:
        pytest.skip("the outbox of a server started elsewhere cannot be read")
    with sqlite3.connect(databases[-1]) as connection:
        bodies = [
            row[0]
            for row in connection.execute("SELECT body FROM notification_outbox ORDER BY id DESC")
        ]
    for body in bodies:
        found = re.search(rf"https?://\S+({path}\S+)", body)
        if found:
            return found.group(1)
    raise AssertionError(f"no mail with {path}")


def test_an_administrator_invites_an_editor_who_accepts_and_publishes(
    live_server, browser, tmp_path_factory
):
    page = new_page(browser, live_server, locale="en-GB")
    enrol(page, *ADMIN)
    menu(page).get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert serious_violations(page) == []
    menu(page).get_by_role("link", name="Accounts").click()
    assert serious_violations(page) == []
    editor_row = page.locator("tr", has=page.get_by_text("editor1@demo.example.cn"))
    editor_row.get_by_role("link").click()
    office_slug = page.get_by_label("Office (its address on this site)").input_value()
    assert office_slug
    assert serious_violations(page) == []
    page.goto("/admin/accounts/invite?lang=en")
    page.get_by_label("Email address").fill("new.editor@demo.example.cn")
    page.get_by_label("Role").select_option("office_editor")
    page.get_by_label("Office (its address on this site)").fill(office_slug)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The invitation is sent to new.editor@demo.example.cn")).to_be_visible()
    assert serious_violations(page) == []

    editor = new_page(browser, live_server, locale="en-GB")
    editor.goto(outbox_link(tmp_path_factory, "/invitation/") + "?lang=en")
    editor.get_by_label("New password", exact=True).fill(EDITOR_PASSWORD)
    editor.get_by_label("New password again").fill(EDITOR_PASSWORD)
    assert serious_violations(editor) == []
    editor.get_by_role("button", name="Set my password").click()
    password_step(editor, "new.editor@demo.example.cn", EDITOR_PASSWORD)
    menu(editor).get_by_role("link", name="Disclosures to edit").click()
    expect(editor.get_by_role("heading", level=1)).to_be_visible()
    assert "/editor/disclosures/" in editor.url
    # The new editor publishes next year's reception budget of the office.
    year = today_in_china().year + 1
    editor.goto(f"/editor/disclosures/{office_slug}/budgets/{year}?lang=en")
    editor.get_by_label("Category").select_option("accommodation")
    editor.get_by_label("Planned").fill("120000")
    editor.get_by_role("button", name="Save in the draft").click()
    editor.get_by_role("button", name="Publish", exact=True).click()
    expect(editor.get_by_text("Revision 1 is published.")).to_be_visible()


def test_a_province_edits_its_channels_and_publishes_a_standard(live_server, browser):
    page = new_page(browser, live_server, locale="en-GB")
    enrol(page, *GUANGDONG)
    menu(page).get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Complaint channels").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint channels")
    assert serious_violations(page) == []
    page.get_by_label("Phone").fill("020-83133333")
    page.get_by_label("Reception hours (English)").fill("Working days 9:00-12:00")
    page.get_by_label("What changed and why (optional)").fill("New reception number")
    page.get_by_role("button", name="Save the channels").click()
    expect(page.get_by_text("020-83133333")).to_be_visible()
    assert "/governments/440000" in page.url
    page.goto("/admin/governments/440000/channels?lang=zh")
    assert serious_violations(page) == []
    # The dashboard says next year's standard is missing and leads to where it is published.
    page.goto("/admin/?lang=en")
    page.get_by_role("link", name="Guangdong").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reception standards")
    assert serious_violations(page) == []
    page.get_by_label("Accommodation cap per guest per night (yuan)").fill("480")
    page.get_by_label("Dining cap per person per meal (yuan)").fill("90")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("publish it when it is ready")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Why").fill("The province's rules for next year")
    page.get_by_role("button", name=re.compile(r"^Publish the draft for \d{4}$")).click()
    expect(page.get_by_text("is published.")).to_be_visible()
    expect(page.get_by_role("cell", name="¥480.00").first).to_be_visible()
    expect(page.get_by_role("cell", name="The province's rules for next year")).to_be_visible()
    page.goto(page.url.split("?")[0] + "?lang=zh")
    assert serious_violations(page) == []
    # The public page shows the published figure.
    page.get_by_role("link", name="本省接待标准的公开页面").click()
    expect(page.get_by_text("480").first).to_be_visible()


def test_a_supervisor_without_the_phone_signs_in_with_a_recovery_code(live_server, browser):
    page = new_page(browser, live_server, locale="en-GB")
    _totp, codes = enrol(page, *JILIN)
    page.get_by_role("button", name="Sign out").click()
    password_step(page, *JILIN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_role("link", name="Lost your phone? Use a recovery code.").click()
    assert serious_violations(page) == []
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You are signed in with a recovery code; 9 remain.")).to_be_visible()
    assert serious_violations(page) == []
    page.goto("/account/recovery-codes?lang=zh")
    assert serious_violations(page) == []
    page.goto("/password/forgotten?lang=zh")
    assert serious_violations(page) == []
    page.goto("/admin/?lang=zh")
    assert serious_violations(page) == []
