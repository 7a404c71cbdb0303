"""The API over the whole small demo: the OpenAPI document is valid, and a property-based run
(schemathesis, in-process over WSGI) finds no server error and no answer that breaks its schema."""

from __future__ import annotations

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

import api.views  # noqa: F401 - registers the operations listed below
from api.spec import OPERATIONS

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
