"""Fixtures of the administration tests: two-step sign-in required."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REQUIRE_2FA": True}


@pytest.fixture
def sign_in_as(login, registry):
    """sign_in_as(who) -> Account: the test client signed in as one of the registry's people
    (a supervisor of "hebei", "baoding" or "jilin", "national", "admin", or the "editor" of
    Laishui's office)."""
    from portal.models import Role

    def sign_in(who: str):
        if who in ("hebei", "baoding", "jilin"):
            return login(Role.SUPERVISOR, government=getattr(registry, who))
        if who == "national":
            return login(Role.NATIONAL, government=registry.national)
        if who == "editor":
            return login(Role.OFFICE_EDITOR, office=registry.laishui_office)
        return login(Role(who))

    return sign_in
