"""Journeys through the live portal: a citizen on a phone files a complaint, a supervisor closes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import sign_in_as_supervisor, small_pdf
from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

# An office of the small demo, set up by Baoding (a prefecture of Hebei) in Hebei's capital: a
# complaint about it goes to the Hebei provincial government, whose demo supervisor is hebei@.
OFFICE_ZH = "保定市人民政府驻石家庄办事处"
PROVIDER_SEARCH = "锦江酒店"
PROVIDER_ZH = "石家庄市锦江酒店有限公司"
COMPLAINT_TEXT = "办事处在五星级酒店连续三晚宴请来访人员，明显超出接待标准。"
MESSAGE = "Thank you. We have asked the office for its reception list of that week."
OUTCOME = "The receptions exceeded the standard; the office repaid the difference and was warned."


@pytest.fixture(scope="module")
def filed(browser, live_server) -> dict[str, str]:
    """Journey (a): a citizen, on a phone, in Chinese, from the home page to tracking a complaint."""
    page = new_page(browser, live_server, phone=True, locale="zh-CN")

    # Finds the office from the home page.
    page.goto("/?lang=zh")
    page.get_by_role("link", name="浏览办事机构").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办事机构")
    page.get_by_label("名称包含").fill("保定市人民政府")
    page.get_by_role("button", name="显示办事机构").click()
    page.get_by_role("link", name=OFFICE_ZH, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFICE_ZH)
    office_url = page.url

    # Reads its budget: the chart, and the table of the chart's numbers beside it.
    chart = page.get_by_role("img", name=re.compile(r"\d{4}年接待预算"))
    expect(chart).to_be_visible()
    budget = page.get_by_role("table", name=re.compile(r"\d{4}年接待预算（按类别）"))
    expect(budget.get_by_role("row", name=re.compile("住宿"))).to_contain_text("元")

    # Reads its receptions, on the page of everything it published for the latest year.
    page.get_by_role("link", name=re.compile(r"\d{4}年公开的全部信息")).click()
    expect(page.get_by_role("heading", name="接待", exact=True)).to_be_visible()
    receptions = page.get_by_role("table", name=re.compile(r"\d{4}年接待记录"))
    assert receptions.locator("tbody tr").count() >= 1

    # Searches a provider by its Chinese name, and opens its page.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="搜索").click()
    page.get_by_label("搜索内容").fill(PROVIDER_SEARCH)
    page.get_by_label("搜索内容").press("Enter")
    expect(page.get_by_role("status").filter(has_text="共找到")).to_be_visible()
    page.get_by_role("link", name=PROVIDER_ZH, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROVIDER_ZH)

    # Files a complaint about the office, with a PDF.
    page.goto(office_url)
    page.get_by_role("link", name="投诉本办事处").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提交投诉")
    expect(page.get_by_role("radio", name=re.compile(OFFICE_ZH))).to_be_checked()
    page.get_by_role("radio", name="超标准接待").check()
    page.get_by_label("发生了什么").fill(COMPLAINT_TEXT)
    page.get_by_label("附件").set_input_files(
        {"name": "接待收据.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}
    )
    page.get_by_role("button", name="提交投诉").click()

    # Copies the reference and the secret from the receipt.
    expect(page.get_by_role("heading", level=1)).to_have_text("投诉已收到")
    reference = page.locator("#reference").inner_text().strip()
    secret = page.locator("#secret").inner_text().strip()
    assert re.fullmatch(r"TS-\d{4}-[A-Z0-9]{6}", reference), reference
    assert len(secret) >= 12
    expect(page.get_by_role("main")).to_contain_text("河北省")  # the government that handles it

    # Tracks it.
    page.get_by_role("link", name="查询投诉").click()
    page.get_by_label("编号").fill(reference)
    page.get_by_label("密码").fill(secret)
    page.get_by_role("button", name="查看投诉").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"投诉 {reference}")
    main = page.get_by_role("main")
    expect(main).to_contain_text(COMPLAINT_TEXT)
    expect(main).to_contain_text(OFFICE_ZH)
    expect(main).to_contain_text("接待收据.pdf")
    expect(main).to_contain_text("已提交，等待受理")
    foreign = list(page.foreign_requests.foreign)
    page.context.close()
    return {"reference": reference, "secret": secret, "office_url": office_url, "foreign": foreign}


def test_citizen_on_a_phone_files_and_tracks_a_complaint(filed):
    assert re.fullmatch(r"TS-\d{4}-[A-Z0-9]{6}", filed["reference"]), filed["reference"]
    assert len(filed["secret"].replace("-", "").replace(" ", "")) >= 12
    assert filed["foreign"] == []


@pytest.fixture(scope="module")
def closed(browser, live_server, filed) -> list[str]:
    """Journey (b): a supervisor, in English, on a desktop screen, handles the complaint."""
    page = new_page(browser, live_server, locale="en-US")
    sign_in_as_supervisor(page)
    page.goto("/account?lang=en")
    page.get_by_role("link", name="Complaints to supervise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints to supervise")
    # The office's short name is the last part of its page's address.
    slug = filed["office_url"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    page.get_by_label("Office (its name, or the short name in its address)").fill(slug)
    page.get_by_role("button", name="Filter").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=filed["reference"], exact=True).click()

    # Reads it.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {filed['reference']}")
    main = page.get_by_role("main")
    expect(main).to_contain_text(COMPLAINT_TEXT)
    expect(page.get_by_role("link", name="接待收据.pdf")).to_be_visible()
    assert serious_violations(page) == []

    # Acknowledges it, messages the complainant, closes it as upheld.
    page.get_by_role("region", name="Acknowledge").get_by_role("button").click()
    expect(page.get_by_role("status").filter(has_text="Done")).to_be_visible()
    message = page.get_by_role("region", name="Message the complainant")
    message.get_by_label("Message to the complainant").fill(MESSAGE)
    message.get_by_role("button", name="Message the complainant").click()
    expect(main).to_contain_text(MESSAGE)
    close = page.get_by_role("region", name="Close with an outcome")
    close.get_by_role("radio", name="Upheld", exact=True).check()
    close.get_by_label("Public outcome summary (Markdown)").fill(OUTCOME)
    close.get_by_role("button", name="Close the complaint").click()
    expect(page.locator("#status")).to_have_text("Closed")
    expect(page.get_by_role("region", name="Public outcome summary")).to_contain_text(OUTCOME)
    foreign = list(page.foreign_requests.foreign)
    page.context.close()
    return foreign


def test_supervisor_on_a_desktop_closes_the_complaint_as_upheld(closed):
    assert closed == []


def test_citizen_sees_the_message_and_outcome_and_the_office_page_shows_it(
    browser, live_server, filed, closed
):
    """Journey (c): the citizen tracks the complaint again; the office page shows the outcome."""
    page = new_page(browser, live_server, phone=True, locale="zh-CN")
    page.goto("/complaints/track?lang=zh")
    page.get_by_label("编号").fill(filed["reference"])
    page.get_by_label("密码").fill(filed["secret"])
    page.get_by_role("button", name="查看投诉").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(MESSAGE)
    outcome = page.get_by_role("region", name="办理结果: 成立")
    expect(outcome).to_contain_text(OUTCOME)

    page.goto(filed["office_url"])
    section = page.get_by_role("region", name="如何投诉本办事处")
    expect(section.get_by_role("heading", name="近期投诉的办理结果")).to_be_visible()
    expect(section).to_contain_text(OUTCOME)
    # Anonymised: the office page names neither the complaint nor what the citizen wrote.
    expect(page.get_by_role("main")).not_to_contain_text(filed["reference"])
    expect(page.get_by_role("main")).not_to_contain_text(COMPLAINT_TEXT)
    assert page.foreign_requests.foreign == []
    page.context.close()
