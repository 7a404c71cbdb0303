"""Fixtures of the administration tests: cheap hashing, two-step sign-in required."""

from __future__ import annotations

import pytest

CHEAP_HASHING = {"time_cost": 1, "memory_cost": 1024, "parallelism": 4}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REQUIRE_2FA": True, "PASSWORD_HASH_PARAMETERS": CHEAP_HASHING}
