"""Bad addresses and parameters on the public disclosure pages: 400 or 404, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/providers/?q=%00", 400),
        ("/providers/?city=a%00b", 400),
        ("/providers/?province=990000", 200),  # a province's shape: no provider matches
        ("/providers/?kind=%00", 400),
        ("/providers/%00%00", 404),
        ("/providers/" + "9" * 18, 404),
        ("/offices/a%00b/disclosures", 404),
        ("/offices/laishui-in-shijiazhuang/disclosures?year=%00", 400),
        ("/offices/laishui-in-shijiazhuang/disclosures?year=99999", 400),
        ("/offices/laishui-in-shijiazhuang/disclosures/budgets/99999999999999999999/history", 404),
        ("/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history", 404),  # none yet
        ("/offices/a%00b/disclosures/budgets/2023/history", 404),
        ("/disclosures/?page=99999999999999999999", 400),
        ("/disclosures/?page=100000", 400),
        ("/disclosures/export/contracts.csv?office=a%00b", 400),
        ("/disclosures/export/contracts.json?province=%00", 400),
        ("/disclosures/export/receptions.csv?year=9999", 400),
        ("/disclosures/export/contracts.ocds.json?office=%00", 400),
        ("/feeds/disclosures.atom?lang=%00", 200),  # an unknown language falls back
    ],
)
def test_never_a_server_error(client, registry, address, status):
    response = client.get(address)
    body = response.get_data()
    response.close()
    assert response.status_code == status, address
    assert b"Traceback" not in body
