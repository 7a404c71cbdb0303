"""Every public CSV export sends its charset once, through the kernel's writer (issue 15
item 10): the routes are read from the app's URL map, so a new CSV route is checked too."""

from __future__ import annotations

from disclosures.models import DisclosureKind


def public_csv_paths(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "csv" not in rule.rule or rule.rule.startswith(("/editor", "/supervise", "/admin")):
            continue
        values = {"fmt": "csv", "kind": DisclosureKind.CONTRACTS.value}
        values.update(code="130000", slug="laishui-in-shijiazhuang")
        arguments = {name: values[name] for name in rule.arguments if name in values}
        if set(arguments) == set(rule.arguments):
            with app.test_request_context():
                from flask import url_for

                paths.append(url_for(rule.endpoint, **arguments))
    return paths


REQUIRED = {"/offices/export.csv", "/reports/summary.csv", "/standards/standards.csv"}


def test_every_public_csv_says_utf_8_once(app, client, registry):
    paths = public_csv_paths(app)
    assert set(paths) >= REQUIRED
    answered = []
    for path in paths:
        response = client.get(path)
        response.get_data()  # a streamed export runs to its end
        response.close()
        if response.status_code in (400, 404) and path not in REQUIRED:
            continue  # needs what this registry lacks (the search export needs a query)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", path
        answered.append(path)
    assert len(answered) >= 6, answered
