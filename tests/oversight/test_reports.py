"""Progress reports: submission, corrections as versions, the registry's figures, R8."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.compliance import all_findings
from portal.models import Role
from portal.oversight.models import ImmutableRecordError, ProgressReport
from portal.oversight.reports import ReportFigures, registry_figures, submit_report
from portal.oversight.supervision import OversightError

FORM = {
    "offices_before": "3",
    "closed": "1",
    "merged": "1",
    "kept_with_approval": "0",
    "remaining": "1",
    "narrative": "Laishui's office in Shijiazhuang is being closed.",
}


def test_registry_figures_of_a_province(db, registry, first_round):
    # Hebei's governments set up laishui-in-shijiazhuang and baoding-in-guangzhou (both open).
    assert registry_figures(db, first_round, registry.hebei) == ReportFigures(2, 0, None, 0, 2)
    # Guangdong's Shenzhen: one open in Changchun, one closed on 2015-09-30.
    assert registry_figures(db, first_round, registry.guangdong) == ReportFigures(2, 1, None, 0, 1)


def test_submit_then_correct_with_a_reason(client, db, registry, first_round, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    response = client.post("/reports/2015/130000/submit", data=FORM)
    assert response.status_code == 302
    response = client.post("/reports/2015/130000/submit?lang=en", data={**FORM, "closed": "2"})
    assert response.status_code == 400
    assert "give the reason for the correction" in response.get_data(as_text=True)
    response = client.post(
        "/reports/2015/130000/submit",
        data={**FORM, "remaining": "2", "correction_reason": "Baoding's office was left out."},
    )
    assert response.status_code == 302
    versions = db.scalars(select(ProgressReport).order_by(ProgressReport.version)).all()
    assert [(v.version, v.remaining) for v in versions] == [(1, 1), (2, 2)]
    page = client.get("/reports/2015/130000?lang=en").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    assert "Baoding&#39;s office was left out." in page


def test_every_difference_with_the_registry_is_marked(client, registry, first_round, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    client.post("/reports/2015/130000/submit", data=FORM)
    page = client.get("/reports/2015/130000?lang=en").get_data(as_text=True)
    # Reported 3 before (registry 2), 1 closed (0), 1 remaining (2); kept 0 matches; the
    # registry records no mergers.
    assert page.count('class="differs"') == 3
    assert "+1" in page and "-1" in page
    page = client.get("/reports/2015/130000?lang=zh").get_data(as_text=True)
    assert page.count("不一致") == 3


def test_submitted_reports_are_immutable(db, registry, first_round, supervisor):
    report = submit_report(
        db,
        first_round,
        registry.hebei,
        ReportFigures(2, 0, 0, 0, 2),
        "n",
        supervisor(registry.hebei),
    )
    db.commit()
    report.remaining = 5
    with pytest.raises(ImmutableRecordError):
        db.flush()
    db.rollback()


def test_only_the_provinces_own_supervisors_submit(
    client, db, registry, first_round, login, supervisor
):
    with pytest.raises(OversightError):
        submit_report(
            db,
            first_round,
            registry.hebei,
            ReportFigures(1, 1, 1, 1, 1),
            "n",
            supervisor(registry.baoding),
        )
    login(Role.SUPERVISOR, government=registry.jilin)
    assert client.get("/reports/2015/130000/submit").status_code == 404
    assert client.post("/reports/2015/130000/submit", data=FORM).status_code == 404
    assert client.get("/reports/2015/999999").status_code == 404
    assert client.get("/reports/2099/130000").status_code == 404


def _submitted(db, round_, province, account, on: date) -> None:
    """A report submitted on a given China day (the clock of the test is not 2015)."""
    submit_report(db, round_, province, ReportFigures(1, 0, 0, 0, 1), "n", account)
    db.execute(
        ProgressReport.__table__.update()
        .where(ProgressReport.province_id == province.id)
        .values(submitted_on=on, submitted_at=datetime(on.year, on.month, on.day, tzinfo=UTC))
    )
    db.commit()


def test_r8_flags_late_and_missing_reports(db, registry, first_round, supervisor):
    _submitted(db, first_round, registry.jilin, supervisor(registry.jilin), date(2015, 12, 3))
    _submitted(db, first_round, registry.hebei, supervisor(registry.hebei), date(2015, 11, 28))
    assert [f for f in all_findings(db, date(2015, 11, 30)) if f.rule == "R8"] == []
    r8 = {f.facts["province"]: f for f in all_findings(db, date(2016, 1, 1)) if f.rule == "R8"}
    assert set(r8) == {"220000", "440000"}
    assert r8["440000"].severity == "violation" and "has not submitted" in r8["440000"].message_en
    assert r8["220000"].severity == "warning" and "2015-12-03" in r8["220000"].message_en


def test_reports_overview_in_both_languages(client, registry, first_round):
    page = client.get("/reports/?lang=en").get_data(as_text=True)
    assert "2015 progress reports" in page and "Missing" in page
    page = client.get("/reports/?lang=zh").get_data(as_text=True)
    assert "2015年进展报告" in page and "未提交" in page


def test_rounds_are_added_from_the_command_line(runner, db):
    result = runner.invoke(
        args=[
            "oversight", "add-round", "2017", "--name-zh", "2017年进展报告",
            "--name-en", "2017 progress reports", "--due-before", "2017-12-01",
            "--period-end", "2017-11-30",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2017" in runner.invoke(args=["oversight", "rounds"]).output
    again = runner.invoke(
        args=["oversight", "add-round", "2017", "--name-zh", "x", "--due-before", "2017-12-01",
              "--period-end", "2017-11-30"]
    )  # fmt: skip
    assert again.exit_code != 0 and "exists already" in again.output
    bad = runner.invoke(
        args=["oversight", "add-round", "1999", "--name-zh", "x", "--due-before", "1999-12-01",
              "--period-end", "1999-11-30"]
    )  # fmt: skip
    assert bad.exit_code != 0 and "dates do not fit" in bad.output
