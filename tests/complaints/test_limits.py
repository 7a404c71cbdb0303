"""Rate limits on the complaint form and on tracking: in memory, in Redis, and with Redis down."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.models import Complaint
from tests.complaints.conftest import complaint_form
from tests.conftest import REDIS_URL

SENTINEL_ADDRESS = "198.51.100.77"


@pytest.fixture
def app_config(app_config, request):
    storage = getattr(request, "param", "memory://")
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "COMPLAINT_RATE_LIMIT": "2 per hour",
        "COMPLAINT_TRACK_RATE_LIMIT": "3 per hour",
    }


@pytest.fixture(autouse=True)
def fresh_limiter_state():
    """The limiter is one object for every test app: forget that an earlier app's Redis was down."""
    from portal.extensions import limiter

    yield
    limiter._storage_dead = False


def submit(client, address=SENTINEL_ADDRESS, lang="en"):
    return client.post(
        f"/complaints/new?lang={lang}",
        data=complaint_form(),
        environ_base={"REMOTE_ADDR": address},
        follow_redirects=True,
    )


def test_the_form_is_limited_per_client_with_a_friendly_page(registry, client, db):
    assert [submit(client).status_code for _ in range(2)] == [200, 200]
    refused = submit(client)
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert submit(client, "192.0.2.9").status_code == 200  # another client is not affected
    assert len(db.scalars(select(Complaint)).all()) == 3


def test_the_429_page_is_in_chinese_by_default(registry, client):
    for _ in range(2):
        submit(client, lang="zh")
    refused = submit(client, lang="zh")
    assert refused.status_code == 429
    assert 'lang="zh-CN"' in refused.text
    assert "请求过于频繁" in refused.text


def test_wrong_secrets_are_limited_but_not_successes(registry, client, db):
    response = submit(client)
    reference = db.scalar(select(Complaint.reference))
    secret = re.search(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", response.text).group(0)
    good = {"reference": reference, "secret": secret}
    assert client.post("/complaints/track", data=good).status_code == 303
    assert client.post("/complaints/track", data=good).status_code == 303
    wrong = {"reference": reference, "secret": "B" * 28}
    statuses = [client.post("/complaints/track", data=wrong).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


@pytest.mark.parametrize("app_config", ["redis://127.0.0.1:1/0"], indirect=True)
def test_limits_hold_when_redis_is_unreachable(registry, client):
    statuses = [submit(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.skipif(not REDIS_URL, reason="PORTAL_TEST_REDIS_URL is not set")
@pytest.mark.parametrize("app_config", [REDIS_URL or "memory://"], indirect=True)
def test_limits_in_redis_never_hold_the_raw_address(registry, client):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    statuses = [submit(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    keys = connection.keys("*")
    assert keys, "the limiter wrote nothing to Redis"
    for key in keys:
        assert SENTINEL_ADDRESS.encode() not in key
        kind = connection.type(key)
        values = (
            [connection.get(key) or b""]
            if kind == b"string"
            else connection.zrange(key, 0, -1)
            if kind == b"zset"
            else connection.lrange(key, 0, -1)
            if kind == b"list"
            else []
        )
        for value in values:
            assert SENTINEL_ADDRESS.encode() not in value
    connection.flushdb()
