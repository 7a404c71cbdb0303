"""Search through the API: the search page's results and facets as JSON, on a small index."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from search.indexer import rebuild
from search.runtime import get_engine


@pytest.fixture
def indexed(app, db, registry):
    rebuild(db, get_engine(app))
    db.commit()
    return registry


def test_results_link_to_the_pages_and_count_by_facet(client, indexed):
    found = client.get("/api/v1/search?q=涞水&lang=en").get_json()
    assert found["total"] >= 1
    office = next(r for r in found["results"] if r["kind"] == "office")
    assert office["url"] == "/offices/laishui-in-shijiazhuang"
    assert {"value": "office", "label": "Offices", "count": 1} in found["facets"]["kind"]


def test_a_query_that_cannot_be_searched_names_q(client, indexed):
    refused = client.get("/api/v1/search?q=%22unclosed&kind=nothing")
    assert refused.status_code == 400
    assert refused.get_json()["errors"][0]["parameter"] == "kind"


def test_without_an_index_search_says_503_with_retry_after(client, registry):
    response = client.get("/api/v1/search?q=涞水")
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"


def test_generated_searches_match_the_document(app, indexed):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=schema["/api/v1/search"]["GET"].as_strategy())
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    check()
