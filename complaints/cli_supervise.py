"""`flask complaints escalate`: move every overdue complaint one government up."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app

from complaints.escalation import escalate_overdue
from portal.database import database, utcnow


def _instant(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give an ISO date or date-time, e.g. 2026-03-01") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.command("escalate")
@click.option("--now", "now_text", default=None, help="Act as if it were this ISO date/time.")
def escalate_command(now_text: str | None) -> None:
    """Escalate overdue complaints to the government above their primary one (idempotent)."""
    now = _instant(now_text)
    db = database.session
    escalated = escalate_overdue(db, now, current_app.config["DATA_KEY"])
    db.commit()
    click.echo(f"escalated {len(escalated)}")
    for complaint in escalated:
        click.echo(f"  {complaint.reference} -> {complaint.primary_government.code}")
