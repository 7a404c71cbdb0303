"""Issue 19: `flask accounts deactivate|reset` call the web's audited services; the account's
history names the command line as who acted."""

from __future__ import annotations

from sqlalchemy import select

from admin.models import AdminAuditEntry
from portal.models import Role
from tests import factories


def test_a_deactivation_at_the_shell_is_in_the_account_history(runner, client, db, registry, login):
    editor = factories.make_account(db, Role.OFFICE_EDITOR, office=registry.laishui_office)
    db.commit()
    result = runner.invoke(
        args=["accounts", "deactivate", "--email", editor.email, "--reason", "Left the office"]
    )
    assert result.exit_code == 0, result.output
    entry = db.scalar(select(AdminAuditEntry))
    assert (entry.action, entry.via, entry.actor_id) == (
        "account_deactivated",
        "command line",
        None,
    )
    login(Role.ADMIN)
    page = client.get(f"/admin/accounts/{editor.id}?lang=en").get_data(as_text=True)
    assert "an operator at the command line" in page and "Left the office" in page


def test_a_refused_reset_writes_nothing(runner, db, registry):
    editor = factories.make_account(db, Role.OFFICE_EDITOR, office=registry.laishui_office)
    db.commit()
    result = runner.invoke(
        args=["accounts", "reset", "--email", editor.email, "--reason", " "],
        input="violet tractor under rain\n",
    )
    assert result.exit_code != 0 and "Say why" in result.output
    assert db.scalar(select(AdminAuditEntry)) is None
