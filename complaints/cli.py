"""`flask complaints …`: the package's one command group (deliver the outbox, escalate)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from complaints.escalation import escalate_overdue
from complaints.outbox import deliver_outbox
from portal.clock import utcnow
from portal.database import database

cli = AppGroup("complaints", help="Complaints: deliver notifications, escalate overdue ones.")


def _instant(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give an ISO date or date-time, e.g. 2026-03-01") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@cli.command("deliver")
@click.option("--limit", default=1000, show_default=True, help="Send at most this many.")
def deliver_command(limit: int) -> None:
    """Send the notifications waiting in the outbox (SMTP, or the mail log under instance/)."""
    sent, failed = deliver_outbox(
        database.session, current_app.config, current_app.instance_path, limit=limit
    )
    click.echo(f"sent {sent}, failed {failed}")


@cli.command("escalate")
@click.option("--now", "now_text", default=None, help="Act as if it were this ISO date/time.")
def escalate_command(now_text: str | None) -> None:
    """Escalate overdue complaints to the government above their primary one (idempotent)."""
    now = _instant(now_text)
    db = database.session
    escalated = escalate_overdue(db, now)
    db.commit()
    click.echo(f"escalated {len(escalated)}")
    for complaint in escalated:
        click.echo(f"  {complaint.reference} -> {complaint.primary_government.code}")
