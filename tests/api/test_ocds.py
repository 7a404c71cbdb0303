"""OCDS packages carry a licence, a publication policy, a publisher, their own address and the
configured ocid prefix; the validator used on the demo really rejects what the standard does."""

from __future__ import annotations

import json

import pytest

from tests.api.ocds import problems


@pytest.fixture
def app_config(app_config):
    return {**app_config, "OCID_PREFIX": "ocds-test42", "PUBLIC_URL": "https://portal.example.cn"}


def package(client, query=""):
    response = client.get(f"/disclosures/export/contracts.ocds.json{query}")
    body = response.get_data(as_text=True)
    response.close()
    assert response.status_code == 200, body
    return json.loads(body)


def test_a_package_is_valid_and_says_who_publishes_it_under_which_licence(client, disclosed):
    found = package(client, "?office=laishui-in-shijiazhuang&year=2023")
    assert problems(found) == []
    assert found["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert found["publicationPolicy"] == "https://portal.example.cn/data/#ocds"
    assert found["publisher"]["uri"] == "https://portal.example.cn/"
    assert found["uri"].startswith("https://portal.example.cn/disclosures/export/contracts.ocds")
    assert [r["ocid"] for r in found["releases"]] == [
        "ocds-test42-laishui-in-shijiazhuang-2023-LS-2023-01",
        "ocds-test42-laishui-in-shijiazhuang-2023-LS-2023-02",
    ]


def test_the_validator_rejects_a_wrong_codelist_value_and_a_missing_field(client, disclosed):
    found = package(client)
    found["releases"][0]["parties"][0]["roles"] = ["payer-of-everything"]
    found["releases"][1]["tender"]["procurementMethod"] = "inquiry"
    del found["publisher"]
    reported = "\n".join(problems(found))
    assert "payer-of-everything" in reported and "partyRole.csv" in reported
    assert "inquiry" in reported
    assert "'publisher' is a required property" in reported
