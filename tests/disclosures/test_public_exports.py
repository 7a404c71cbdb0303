"""Exports (CSV and JSON, filtered) and the Atom feed of disclosures and corrections."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from disclosures.exports import KINDS
from tests.disclosures.conftest import HOTEL_CODE, RESTAURANT_CODE
from tests.disclosures.test_public_pages import published  # noqa: F401  (fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_URL = "https://portal.example.cn"


@pytest.fixture
def app_config(app_config):
    """Absolute links come from the configured public address, never from the Host header."""
    return {**app_config, "PUBLIC_URL": PUBLIC_URL}


def fetch(client, address: str):
    """GET an export and read it whole (a streamed body holds its request until read)."""
    response = client.get(address)
    response.get_data()
    response.close()
    return response


def csv_rows(response) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_exports_as_csv_and_json_with_the_same_records(client, published, kind):  # noqa: F811
    as_csv = fetch(client, f"/disclosures/export/{kind}.csv")
    as_json = fetch(client, f"/disclosures/export/{kind}.json")
    assert as_csv.status_code == as_json.status_code == 200
    assert as_csv.mimetype == "text/csv" and as_json.mimetype == "application/json"
    # One charset parameter each (the CSV used to say `charset=utf-8` twice).
    assert as_csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in as_csv.headers["Content-Disposition"]
    rows, records = csv_rows(as_csv), json.loads(as_json.get_data(as_text=True))
    assert isinstance(records, list) and len(rows) == len(records) > 0
    assert list(rows[0]) == list(records[0])
    assert {r["office_slug"] for r in records} <= {
        "laishui-in-shijiazhuang",
        "baoding-in-guangzhou",
    }


def test_amounts_in_fen_and_in_yuan(client, published):  # noqa: F811
    records = json.loads(fetch(client, "/disclosures/export/contracts.json?year=2023").data)
    venue = next(r for r in records if r["reference"] == "LS-2023-02")
    assert venue["amount_fen"] == 1_234_567 and venue["amount_yuan"] == "12345.67"
    assert venue["provider_uscc"] == HOTEL_CODE and venue["starts_on"] == "2023-03-01"
    budget = csv_rows(fetch(client, "/disclosures/export/budgets.csv"))
    vehicles = next(r for r in budget if r["category"] == "vehicles")
    assert (vehicles["planned_fen"], vehicles["planned_yuan"]) == ("800025", "8000.25")
    assert vehicles["actual_fen"] == vehicles["actual_yuan"] == ""  # not known yet
    assert vehicles["revision"] == "2"  # what is published now: the corrected budget
    receptions = json.loads(fetch(client, "/disclosures/export/receptions.json").data)
    over = next(r for r in receptions if r["reference"] == "JD-002")
    assert (over["total_fen"], over["total_yuan"]) == (110_000, "1100.00")


def test_filters_by_office_province_and_year(client, published):  # noqa: F811
    def references(query: str) -> set[str]:
        response = fetch(client, f"/disclosures/export/contracts.json?{query}")
        assert response.status_code == 200
        return {r["reference"] for r in json.loads(response.data)}

    everything = {"LS-2023-01", "LS-2023-02", "LS-2023-03", "BD-2024-01"}
    assert references("") == everything
    assert references("office=baoding-in-guangzhou") == {"BD-2024-01"}
    assert references("province=130000") == everything - {"BD-2024-01"}  # hosted in Hebei
    assert references("province=440000&year=2024") == {"BD-2024-01"}
    assert references("year=2024&office=laishui-in-shijiazhuang") == set()
    assert references(f"provider={RESTAURANT_CODE}") == {"LS-2023-03"}
    assert references(f"provider={HOTEL_CODE.lower()}&year=2024") == {"BD-2024-01"}
    receptions = fetch(client, f"/disclosures/export/receptions.json?provider={RESTAURANT_CODE}")
    assert json.loads(receptions.data) == []
    rows = csv_rows(fetch(client, "/disclosures/export/contracts.csv?year=2023"))
    assert {r["reference"] for r in rows} == everything - {"BD-2024-01"}


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/disclosures/export/complaints.csv", 404),
        ("/disclosures/export/contracts.xml", 404),
        ("/disclosures/export/contracts.csv?year=23", 400),
        ("/disclosures/export/contracts.json?year=abcd", 400),
        ("/disclosures/export/contracts.csv?office=nowhere", 400),
        ("/disclosures/export/contracts.json?province=999999", 400),
        ("/disclosures/export/contracts.csv?province=130600", 400),  # a city, not a province
        ("/disclosures/export/contracts.csv?provider=91130100MA0H7TEL1X", 400),
        ("/disclosures/export/budgets.json?provider=" + HOTEL_CODE, 400),
    ],
)
def test_bad_exports(client, registry, address, status):
    response = client.get(address + ("&" if "?" in address else "?") + "lang=en")
    assert response.status_code == status
    if status == 400 and address.endswith(".json"):
        assert json.loads(response.data)["status"] == 400


def test_csv_cells_never_start_a_formula(client, published, db):  # noqa: F811
    from disclosures.models import DisclosureKind
    from tests.disclosures.test_public_pages import SERVICES, publish

    publish(
        db,
        published.laishui_office,
        DisclosureKind.SERVICES,
        2024,
        [{**SERVICES[0], "title": '=HYPERLINK("http://evil")'}],
    )
    db.commit()
    rows = csv_rows(fetch(client, "/disclosures/export/services.csv?year=2024"))
    assert rows[0]["title"].startswith("'=")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_feed_is_valid_atom_with_corrections(client, published, lang):  # noqa: F811
    # A forged Host header must not plant its links in a feed that others read.
    response = client.get(f"/feeds/disclosures.atom?lang={lang}", headers={"Host": "evil.test"})
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text
    assert feed.find(f"{ATOM}id").text == "tag:portal.example.cn,2015:disclosures"
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href")
        == f"{PUBLIC_URL}/feeds/disclosures.atom?lang={lang}"
    )
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7  # six publications here, and the providers' list of the fixture
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{PUBLIC_URL}/offices/")
        assert re.fullmatch(
            r"tag:portal\.example\.cn,2015:disclosures/publication/[0-9]+",
            entry.find(f"{ATOM}id").text,
        )
    assert len({entry.find(f"{ATOM}id").text for entry in entries}) == 7
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert (
        updated == sorted(updated, reverse=True) and feed.find(f"{ATOM}updated").text == updated[0]
    )
    assert "2024-03-01T00:00:00+00:00" in updated
    reason = "The vehicles line was left out."
    corrections = [e for e in entries if reason in e.find(f"{ATOM}summary").text]
    assert len(corrections) == 1
    correction = corrections[0]
    assert ("Correction" if lang == "en" else "更正") in correction.find(f"{ATOM}title").text
    assert (
        correction.find(f"{ATOM}link")
        .get("href")
        .split("?")[0]
        .endswith("/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history")
    )


def test_empty_feed_is_still_valid(client, registry):
    feed = ET.fromstring(client.get("/feeds/disclosures.atom").data)
    assert feed.find(f"{ATOM}updated").text and feed.findall(f"{ATOM}entry") == []
