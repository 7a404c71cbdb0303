"""The public pages run a small number of queries whatever the data (issue 14 item 3): each
page's statements are counted with a little data and with a lot more, and must be the same
number, within the page's bound."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.database import database
from portal.models import Government, Office
from tests.factories import make_office
from tests.portal.test_pages import counting_queries


def _publish_laishui(db, receptions_count: int, providers_count: int, reason=None) -> None:
    from disclosures.models import DisclosureKind
    from disclosures.publication import publish_items
    from disclosures.uscc import make_uscc
    from tests.portal.test_findings import provider, reception, receptions

    codes = [make_uscc("91", "130100", f"MA0H7T{n:03d}") for n in range(providers_count)]
    listed = [(n + 2, provider(code, f"石家庄宾馆{n}")) for n, code in enumerate(codes)]
    office = db.scalar(select(Office).where(Office.slug == "laishui-in-shijiazhuang"))
    publish_items(db, office, DisclosureKind.PROVIDERS, 2023, listed, None, reason)
    rows = [
        reception(f"2023-{n:03d}", provider_uscc=codes[n % len(codes)], payment_method="cash")
        for n in range(receptions_count)
    ]
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None, reason)
    db.commit()


def _selects(client, path: str) -> int:
    client.get(path)
    database.session.remove()  # a fresh session, as in a real request
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("/", 5),
        ("/offices/", 6),
        ("/offices/?rule=R6", 6),
        # 15: with the register section (its last change, one query) and the reception hours of
        # the two supervising governments in their contact channels (one query each).
        ("/offices/laishui-in-shijiazhuang", 15),
        ("/offices/laishui-in-shijiazhuang/disclosures", 12),
        ("/providers/", 5),
    ],
)
def test_public_pages_run_a_small_number_of_queries_whatever_the_data(
    client, db, registry, path, bound
):
    _publish_laishui(db, receptions_count=2, providers_count=1)
    small = _selects(client, path)
    _publish_laishui(db, receptions_count=40, providers_count=12, reason="The whole year.")
    hebei = db.scalar(select(Government).where(Government.code == "130000"))
    baoding = db.scalar(select(Government).where(Government.code == "130600"))
    for number in range(30):
        make_office(db, f"more-{number}-in-shijiazhuang", baoding, hebei)
    db.commit()
    large = _selects(client, path)
    # The statements of one request, BEGIN and the data version (the ETag) included.
    assert large == small <= bound
