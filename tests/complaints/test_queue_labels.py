"""The queue's readable labels (issue 16 item 7): "for information" where this government is only
copied, "overdue" apart from "due within 3 days", in both languages."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.clock import CHINA, frozen
from portal.models import Role
from tests.complaints.test_supervise import file_complaint

NOW = datetime(2026, 6, 1, 4, 0, tzinfo=CHINA)


def row_of(page: str, reference: str) -> str:
    return page[page.index(reference) :].split("</tr>")[0]


def test_copied_complaints_are_marked_for_information(app, client, db, login, registry):
    # Baoding's office in Guangzhou: Hebei handles it, Guangdong is copied.
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou")
    login(Role.SUPERVISOR, government=registry.guangdong)
    assert "for information: copied to you" in row_of(
        client.get("/supervise/?lang=en").text, complaint.reference
    )
    assert "仅供知悉（抄送）" in row_of(client.get("/supervise/?lang=zh").text, complaint.reference)
    login(Role.SUPERVISOR, government=registry.hebei)
    assert "for information" not in row_of(
        client.get("/supervise/?lang=en").text, complaint.reference
    )


def test_overdue_and_due_soon_are_told_apart(app, client, db, login, registry):
    with frozen(NOW):
        late, _ = file_complaint(app, db, when=NOW - timedelta(days=20))  # acknowledgement missed
        soon, _ = file_complaint(app, db, when=NOW - timedelta(days=13))  # due in 2 days
        fresh, _ = file_complaint(app, db, when=NOW - timedelta(days=1))
        login(Role.SUPERVISOR, government=registry.baoding)
        page = client.get("/supervise/?lang=en").text
        zh = client.get("/supervise/?lang=zh").text
    assert 'Overdue (a deadline has passed): <strong id="count-overdue">1</strong>' in page
    assert 'Due within 3 days (not yet overdue): <strong id="count-soon">1</strong>' in page
    assert "overdue" in row_of(page, late.reference)
    assert "due within 3 days" in row_of(page, soon.reference)
    assert "overdue" not in row_of(page, soon.reference)
    assert "due within" not in row_of(page, fresh.reference)
    assert "overdue" not in row_of(page, fresh.reference)
    assert '已逾期（期限已过）： <strong id="count-overdue">1</strong>' in zh
    assert '3 天内到期（尚未逾期）： <strong id="count-soon">1</strong>' in zh
