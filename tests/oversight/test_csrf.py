"""State changes need a CSRF token: without one nothing is recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.models import Role
from portal.oversight.models import Inspection
from tests.oversight.conftest import inspection_form


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_inspection_form_without_token_is_refused(client, db, registry, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    response = client.post("/inspections/new", data=inspection_form(registry))
    assert response.status_code == 400  # flask-wtf: "The CSRF token is missing."
    assert db.scalar(select(func.count()).select_from(Inspection)) == 0
    page = client.get("/inspections/new").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_state_changes_are_post_only(client, registry, login):
    login(Role.SUPERVISOR, government=registry.jilin)
    assert client.get("/approvals/1/decide").status_code == 405
    assert client.get("/inspections/1/publish").status_code == 405
