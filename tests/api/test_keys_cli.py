"""`flask api keys`: administrators issue, list and revoke partner keys; a key is printed once."""

from __future__ import annotations

from sqlalchemy import select

from api.open311.models import ApiKey


def test_issue_list_and_revoke_a_key(runner, db, registry):
    issued = runner.invoke(args=["api", "keys", "issue", "--partner", "Civic App Co."])
    assert issued.exit_code == 0, issued.output
    key = issued.output.strip().splitlines()[-1]
    assert key.startswith("lotp_")
    stored = db.scalar(select(ApiKey))
    assert key not in stored.digest and stored.prefix == key[:12]
    listed = runner.invoke(args=["api", "keys", "list"])
    assert f"{key[:12]}  Civic App Co.  active  0 uses" in listed.output
    revoked = runner.invoke(args=["api", "keys", "revoke", key[:12]])
    assert revoked.exit_code == 0 and "Revoked" in revoked.output
    assert "revoked" in runner.invoke(args=["api", "keys", "list"]).output
    unknown = runner.invoke(args=["api", "keys", "revoke", "lotp_nothing"])
    assert unknown.exit_code != 0


def test_a_partner_must_be_named(runner, registry):
    result = runner.invoke(args=["api", "keys", "issue", "--partner", "  "])
    assert result.exit_code != 0
