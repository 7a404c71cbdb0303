"""A supervisor's queue counts on the days around a deadline: "due soon" and "overdue".

The deadline's own day is the last day to act: the complaint is then still "due soon" (due within
3 days, the third day included), and "overdue" only from the day after (DESIGN.md: "A complaint
past a deadline escalates"; complaints/scope.py: "a deadline before today").
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from complaints.scope import queue_counts
from portal.clock import CHINA
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account

ACK_DUE = date(2026, 3, 17)  # 15 China days after 2 March


@pytest.mark.parametrize(
    ("today", "counts"),
    [
        (ACK_DUE - timedelta(days=4), (0, 0)),
        (ACK_DUE - timedelta(days=3), (0, 1)),
        (ACK_DUE - timedelta(days=1), (0, 1)),
        (ACK_DUE, (0, 1)),
        (ACK_DUE + timedelta(days=1), (1, 0)),
    ],
    ids=["four days before", "three days before", "day before", "due day", "day after"],
)
def test_a_complaint_is_due_soon_up_to_its_deadline_and_overdue_after(
    app, db, registry, today, counts
):
    filed, _ = file_complaint(app, db, when=datetime.combine(date(2026, 3, 2), time(10), CHINA))
    assert filed.acknowledge_due_on == ACK_DUE
    baoding = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    db.commit()
    assert queue_counts(db, baoding, today) == counts
