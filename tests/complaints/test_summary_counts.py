"""The national summary shows, per province, the complaints received and those resolved in time."""


def _row(summary: dict, code: str) -> dict:
    return next(row for row in summary["provinces"] if row["province_code"] == code)


def test_the_national_summary_counts_complaints_by_host_province(registry, post_complaint, client):
    before = client.get("/reports/summary.json").get_json()
    assert before["complaints_available"] is True
    assert _row(before, "220000")["complaints_received"] == 0

    assert post_complaint(office=registry.yanji_office.slug).status_code == 200

    after = client.get("/reports/summary.json").get_json()
    assert _row(after, "220000")["complaints_received"] == 1
    assert _row(after, "220000")["complaints_handled_in_time"] == 0
    assert after["national"]["complaints_received"] == 1
