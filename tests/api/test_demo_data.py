"""The API over the whole small demo: the OpenAPI document is valid, and a property-based run
(schemathesis, in-process over WSGI) finds no server error and no answer that breaks its schema."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

import api.views  # noqa: F401 - registers the operations listed below
from api.spec import OPERATIONS
from disclosures.exports import ExportFilter
from disclosures.models import Contract
from disclosures.ocds import has_contracts, stream_release_package
from portal.database import database
from tests.api.ocds import problems

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 10
"""Generated requests per operation: enough to cross every filter, within the suite's time."""


@pytest.fixture(scope="module")
def api_schema(demo_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", demo_app)


def test_the_document_is_valid_openapi_3_1(demo_app):
    document = demo_app.test_client().get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["license"]["identifier"] == "CC-BY-4.0"
    assert {op.path for op in OPERATIONS} == set(document["paths"])


@pytest.mark.parametrize("path", sorted(op.path for op in OPERATIONS))
def test_every_answer_matches_the_document(api_schema, path):
    operation = api_schema[path]["GET"]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(checks=CHECKS)

    check()


def _packages(db):
    """Every package the portal offers over the demo: all contracts, each year, each office."""
    years = db.scalars(select(Contract.year).distinct().order_by(Contract.year))
    offices = db.execute(select(Contract.office_id).distinct().order_by(Contract.office_id))
    yield "all", ExportFilter()
    for year in years:
        yield f"year {year}", ExportFilter(year=year)
    for (office_id,) in offices:
        yield f"office {office_id}", ExportFilter(office_id=office_id)


def test_every_ocds_package_of_the_demo_is_valid_with_its_codelists(demo_app):
    """Every package the portal offers over the demo is valid. A release is the same text in
    every package that holds it, so each distinct release is validated once, in the package of
    all contracts; the other packages are validated with their first release and must hold
    only releases already validated."""
    db = database.session
    validated: set[str] = set()
    checked = 0
    for name, filters in _packages(db):
        assert has_contracts(db, filters), name
        text = "".join(
            stream_release_package(
                db, filters, "http://127.0.0.1:5000", "http://127.0.0.1:5000/p", "Portal"
            )
        )
        package = json.loads(text)
        releases = [json.dumps(r, sort_keys=True) for r in package["releases"]]
        if validated:
            assert set(releases) <= validated, name
            package["releases"] = package["releases"][:1]
        assert problems(package) == [], name
        validated.update(releases)
        checked += 1
    assert checked > 10 and len(validated) > 100  # contracts in many offices and years
