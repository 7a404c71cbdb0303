"""Journeys of the complaints loop (issue 16): the receipt after filing, shown once; the transfer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import sign_in_as_supervisor
from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

# Set up by Baoding in Hebei's capital: a complaint about it goes to Hebei (demo supervisor hebei@).
OFFICE_ZH = "保定市人民政府驻石家庄办事处"
COMPLAINT_TEXT = "The office hosted twelve guests at a five-star hotel for three nights."


def file_a_complaint(page, text: str = COMPLAINT_TEXT) -> None:
    page.goto(f"/complaints/new?lang=en&q={OFFICE_ZH}")
    page.locator('input[name="office"]').first.check()
    page.get_by_role("radio", name="Reception over the standard").check()
    page.get_by_label("What happened").fill(text)
    page.get_by_role("button", name="Send the complaint").click()


def test_the_receipt_shows_the_secret_once_and_survives_a_reload(browser, live_server):
    page = new_page(browser, live_server, locale="en-US")
    file_a_complaint(page)

    # The receipt is a page of its own (POST/redirect/GET): its address holds no secret.
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint received")
    assert page.url.endswith("/complaints/receipt")
    reference = page.locator("#reference").inner_text().strip()
    secret = page.locator("#secret").inner_text().strip()
    assert re.fullmatch(r"TS-\d{4}-[A-Z0-9]{6}", reference), reference
    assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", secret), secret
    assert secret not in page.url
    assert serious_violations(page) == []

    # The print button appears with JavaScript; the text file holds reference and secret.
    expect(page.get_by_role("button", name="Print this receipt")).to_be_visible()
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Save as a text file").click()
    download = waiting.value
    assert download.suggested_filename == f"{reference}.txt"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert reference in text and secret in text

    # A reload does not ask to send the form again, and no longer shows the secret.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint received")
    expect(page.locator("#reference")).to_have_text(reference)
    expect(page.locator("#secret")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("The secret was shown once")

    # The tracking link carries the reference: only the secret is left to type.
    page.get_by_role("link", name="Follow your complaint").click()
    assert secret.replace("-", "") not in page.url.replace("-", "")
    expect(page.get_by_label("Complaint reference")).to_have_value(reference)
    page.get_by_label("Secret").fill(secret)
    page.get_by_role("button", name="Show the complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")
    expect(page.get_by_role("main")).to_contain_text(COMPLAINT_TEXT)
    assert page.foreign_requests.foreign == []
    page.context.close()


def test_a_transfer_by_name_lands_on_the_queue_with_a_trace(browser, live_server):
    citizen = new_page(browser, live_server, locale="en-US")
    file_a_complaint(citizen, "Dinners at the provincial guest house, billed as meetings.")
    reference = citizen.locator("#reference").inner_text().strip()
    citizen.context.close()

    page = new_page(browser, live_server, locale="en-US")
    sign_in_as_supervisor(page)
    page.goto("/supervise/?lang=en")
    page.get_by_label("Office (its name, or the short name in its address)").fill("保定市")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")

    transfer = page.get_by_role("region", name="Transfer to another government")
    # "Jilin" alone is both the province and a city: the list offers names with their codes.
    transfer.get_by_label("Government to transfer to").fill("Jilin")
    transfer.get_by_label("Reason (the complainant sees it)").fill("The hosts were from Jilin.")
    transfer.get_by_role("button", name="Transfer to another government").click()
    expect(page.get_by_role("main")).to_contain_text("Several governments have this name")
    transfer.get_by_label("Government to transfer to").fill("Jilin (220000)")
    transfer.get_by_label("Reason (the complainant sees it)").fill("The hosts were from Jilin.")
    transfer.get_by_role("button", name="Transfer to another government").click()

    # The queue, not a 404: with what happened and the trace Hebei keeps.
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints to supervise")
    expect(page.get_by_role("status").filter(has_text="Transferred to Jilin")).to_be_visible()
    trace = page.get_by_role("table", name="Transferred to other governments")
    row = trace.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Jilin")
    expect(row).to_contain_text("The hosts were from Jilin.")
    assert serious_violations(page) == []
    assert page.foreign_requests.foreign == []
    page.context.close()
