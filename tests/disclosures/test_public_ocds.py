"""Contracts as OCDS 1.1 release packages, validated against the standard's own schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.disclosures.conftest import HOTEL_CODE
from tests.disclosures.test_public_pages import published  # noqa: F401  (fixture)

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

# shared/ lies beside the clone (as CI lays it out), never at a fixed absolute path.
SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "ocds-1.1.5"


@pytest.fixture(scope="module")
def validator():
    if not SCHEMAS.is_dir():
        pytest.skip(f"the OCDS schemas are not at {SCHEMAS}")
    from referencing.jsonschema import DRAFT4

    registry = referencing.Registry()
    for name in ("release-package-schema.json", "release-schema.json"):
        schema = json.loads((SCHEMAS / name).read_text("utf-8"))
        registry = registry.with_resource(schema["id"], DRAFT4.create_resource(schema))
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text("utf-8"))
    return jsonschema.Draft4Validator(package, registry=registry)


def fetch(client, address):
    response = client.get(address)
    body = response.get_data(as_text=True)
    response.close()
    return response, body


def test_release_package_is_valid_ocds(client, published, validator):  # noqa: F811
    response, body = fetch(client, "/disclosures/export/contracts.ocds.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    package = json.loads(body)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []
    assert package["version"] == "1.1" and len(package["releases"]) == 4
    release = next(r for r in package["releases"] if r["ocid"].endswith("LS-2023-02"))
    assert release["contracts"][0]["value"] == {"amount": 12345.67, "currency": "CNY"}
    assert release["tender"]["procurementMethod"] == "selective"  # a request for quotations
    supplier = next(p for p in release["parties"] if "supplier" in p["roles"])
    assert supplier["identifier"]["id"] == HOTEL_CODE
    assert release["buyer"]["id"] == "office-laishui-in-shijiazhuang"
    assert len({r["id"] for r in package["releases"]}) == 4
    release["tender"]["procurementMethod"] = "inquiry"  # not in the closed codelist
    assert list(validator.iter_errors(package)), "the validator does check the releases"


def test_release_package_honours_the_filters(client, published, validator):  # noqa: F811
    _, body = fetch(client, "/disclosures/export/contracts.ocds.json?province=440000")
    package = json.loads(body)
    assert [r["ocid"] for r in package["releases"]] == [
        "ocds-lotp00-baoding-in-guangzhou-2024-BD-2024-01"
    ]
    assert list(validator.iter_errors(package)) == []
    response, _ = fetch(client, "/disclosures/export/contracts.ocds.json?year=20")
    assert response.status_code == 400


def test_no_matching_contract_is_a_clear_404_not_an_invalid_package(client, published):  # noqa: F811
    response = client.get("/disclosures/export/contracts.ocds.json?year=2016&lang=en")
    assert response.status_code == 404
    assert response.get_json()["message"] == "No published contract matches these filters."
