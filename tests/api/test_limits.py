"""Per-client limits of the API: 429 with Retry-After once a client's share is spent."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_a_client_over_its_limit_gets_429_with_retry_after(client, registry):
    statuses = [client.get("/api/v1/rules").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/api/v1/offices")  # the limit is shared by every list of the API
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 61  # the window's end, rounded up
    other_client = client.get("/api/v1/rules", environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other_client.status_code == 200
