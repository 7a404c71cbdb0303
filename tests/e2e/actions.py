"""What the journeys and the screenshots do alike: make a PDF, sign in as a demo supervisor."""

from __future__ import annotations

import io
import time

import pyotp
from playwright.sync_api import expect
from pypdf import PdfWriter

SUPERVISOR = "hebei@demo.example.cn"
SUPERVISOR_PASSWORD = "Supervisor-demo-liaison-2015-inbox"


def small_pdf() -> bytes:
    """A valid one-page PDF, as a phone's scanner app would make."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Reception receipt"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_SUPERVISOR_KEYS: dict[str, pyotp.TOTP] = {}
"""The key each account enrolled in this run's live server (shared by every journey)."""
_USED_STEPS: set[int] = set()


def _unused_code(totp: pyotp.TOTP) -> str:
    """A code of a 30-second step not used yet (the portal refuses a code used once); the
    current step or the next, which the portal also accepts; waits for a new step if need be."""
    while True:
        now = time.time()
        for moment in (now, now + 30):
            step = int(moment // 30)
            if step not in _USED_STEPS:
                _USED_STEPS.add(step)
                return totp.at(moment)
        time.sleep(1)


def sign_in_as_supervisor(page) -> None:
    """Password, then a one-time code; on the first sign-in the account enrols its app first.

    The demo supervisor has no authenticator app at first: the portal shows a new key, we
    "enrol" by computing codes from it with pyotp, sign out, and sign in the everyday way. A
    later journey of the same run finds the account enrolled and uses the key kept here.
    """
    page.goto("/login?lang=en")
    page.get_by_label("Email address").fill(SUPERVISOR)
    page.get_by_label("Password").fill(SUPERVISOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if SUPERVISOR not in _SUPERVISOR_KEYS:
        # The demo supervisor has no authenticator yet: the portal shows a new key to enrol.
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
        key = page.get_by_role("main").locator("code").inner_text()
        totp = pyotp.TOTP("".join(key.split()))
        _SUPERVISOR_KEYS[SUPERVISOR] = totp
        page.get_by_label("Six-digit code").fill(_unused_code(totp))
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        # Sign out, and sign in the everyday way: password, then the app's code.
        page.get_by_role("button", name="Sign out").click()
        page.goto("/login?lang=en")
        page.get_by_label("Email address").fill(SUPERVISOR)
        page.get_by_label("Password").fill(SUPERVISOR_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Six-digit code").fill(_unused_code(_SUPERVISOR_KEYS[SUPERVISOR]))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
