"""`make screenshots`: the README's pictures, taken from a real server with the small demo."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.actions import sign_in_as_supervisor, small_pdf
from tests.e2e.live import ROOT, chromium, new_context, running_portal

OUTPUT = ROOT / "docs" / "screenshots"
OFFICE = "130600-gov-in-shijiazhuang"  # Baoding's office in Shijiazhuang: routed to Hebei


def take(page, name: str, output: Path, *, full_page: bool = False) -> None:
    """Save the page as `name`.png once its fonts have loaded."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    path = output / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def shoot(browser, base_url: str, output: Path) -> None:
    """The six pictures: home, office, search results, complaint form, receipt, the queue."""
    desktop = new_context(browser, base_url, locale="zh-CN")
    page = desktop.new_page()
    page.goto("/?lang=zh")
    take(page, "home", output)
    page.goto(f"/offices/{OFFICE}?lang=zh")
    take(page, "office", output)
    page.goto("/search?q=锦江酒店&lang=zh")
    take(page, "search", output)
    desktop.close()

    phone = new_context(browser, base_url, phone=True, locale="zh-CN")
    page = phone.new_page()
    page.goto(f"/complaints/new?office={OFFICE}&lang=zh")
    page.get_by_role("radio", name="超标准接待").check()
    page.get_by_label("发生了什么").fill(
        "办事处在五星级酒店连续三晚宴请来访人员，明显超出接待标准。"
    )
    page.get_by_label("附件").set_input_files(
        {"name": "接待收据.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}
    )
    page.evaluate("window.scrollTo(0, 0)")
    take(page, "complaint-form", output)
    page.get_by_role("button", name="提交投诉").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("投诉已收到")
    take(page, "receipt", output)
    phone.close()

    supervisor = new_context(browser, base_url, locale="en-US")
    page = supervisor.new_page()
    sign_in_as_supervisor(page)
    page.goto("/supervise/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints to supervise")
    take(page, "supervisor-queue", output)
    supervisor.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder of the PNG files")
    parser.add_argument(
        "--base-url", help="use a server already running with the small demo (not started here)"
    )
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        if args.base_url:
            shoot(browser, args.base_url.rstrip("/"), args.output)
            return 0
        with (
            tempfile.TemporaryDirectory(prefix="portal-screenshots-") as workdir,
            running_portal(Path(workdir)) as base_url,
        ):
            shoot(browser, base_url, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
