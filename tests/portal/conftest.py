"""Fixtures of the portal tests: an office editor and a supervisor who sign in through the form."""

from __future__ import annotations

import pytest

from portal.models import Role
from tests import factories


@pytest.fixture
def editor(db, registry):
    """Laishui office's editor, editor@example.test with the factories' password, not signed in
    (the tests sign in through /login themselves)."""
    account = factories.make_account(
        db, Role.OFFICE_EDITOR, office=registry.laishui_office, email="editor@example.test"
    )
    db.commit()
    return account


@pytest.fixture
def supervisor(db, registry):
    """A supervisor of Hebei, supervisor@example.test with the factories' password, not signed
    in."""
    account = factories.make_account(
        db, Role.SUPERVISOR, government=registry.hebei, email="supervisor@example.test"
    )
    db.commit()
    return account
