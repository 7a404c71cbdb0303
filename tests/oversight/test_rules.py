"""R8 and R11 as pure functions: parametrised over the cases that matter."""

from __future__ import annotations

from datetime import date

import pytest

from portal.oversight.rules import (
    RectificationFacts,
    ReportFacts,
    rectification_findings,
    report_findings,
)

DUE = date(2016, 6, 30)


@pytest.mark.parametrize(
    ("today", "followed", "expected"),
    [
        (date(2016, 6, 29), None, []),
        (DUE, None, []),
        (date(2016, 7, 1), None, ["violation"]),
        (date(2016, 7, 1), date(2016, 6, 1), []),
        (date(2016, 7, 1), DUE, []),
        (date(2016, 8, 1), date(2016, 7, 15), ["warning"]),
    ],
)
def test_r11(today, followed, expected):
    fact = RectificationFacts(1, "an-office", date(2016, 4, 1), DUE, followed)
    findings = rectification_findings([fact], today)
    assert [f.severity.value for f in findings] == expected
    assert all(f.rule == "R11" and f.office_slug == "an-office" for f in findings)


@pytest.mark.parametrize(
    ("today", "submitted", "expected"),
    [
        (date(2015, 11, 30), None, []),
        (date(2015, 12, 1), None, ["violation"]),
        (date(2016, 1, 1), date(2015, 11, 30), []),
        (date(2016, 1, 1), date(2015, 12, 1), ["warning"]),
    ],
)
def test_r8(today, submitted, expected):
    fact = ReportFacts("2015", "130000", "河北省", "Hebei", date(2015, 12, 1), submitted)
    findings = report_findings([fact], today)
    assert [f.severity.value for f in findings] == expected
    assert all(f.office_slug is None and f.facts["province"] == "130000" for f in findings)
    if expected:
        assert "Hebei" in findings[0].message_en and "河北省" in findings[0].message_zh
