"""Bad addresses and parameters on the public disclosure pages: 400 or 404, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "address",
    [
        "/providers/?q=%00",
        "/providers/?city=a%00b",
        "/providers/?province=990000",
        "/providers/?kind=%00",
        "/providers/%00%00",
        "/providers/" + "9" * 18,
        "/offices/a%00b/disclosures",
        "/offices/laishui-in-shijiazhuang/disclosures?year=%00",
        "/offices/laishui-in-shijiazhuang/disclosures?year=99999",
        "/offices/laishui-in-shijiazhuang/disclosures/budgets/99999999999999999999/history",
        "/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history",
        "/offices/a%00b/disclosures/budgets/2023/history",
        "/disclosures/?page=99999999999999999999",
        "/disclosures/?page=100000",
        "/disclosures/export/contracts.csv?office=a%00b",
        "/disclosures/export/contracts.json?province=%00",
        "/disclosures/export/receptions.csv?year=9999",
        "/disclosures/export/contracts.ocds.json?office=%00",
        "/feeds/disclosures.atom?lang=%00",
    ],
)
def test_never_a_server_error(client, registry, address):
    response = client.get(address)
    body = response.get_data()
    response.close()
    assert response.status_code in (200, 400, 404), (address, response.status_code)
    if response.status_code == 400:
        assert b"Traceback" not in body
