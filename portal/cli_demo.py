"""`flask demo load`: the demonstration data set, loaded step by step with progress and a summary."""

from __future__ import annotations

from time import perf_counter

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import inspect

from portal.database import database
from portal.demo import Progress
from portal.demo.loader import PortalDemo, row_counts, run_steps
from portal.demo.offices import SCALES

demo = AppGroup("demo", help="Demonstration data (invented offices over real divisions).")


@demo.command("load")
@click.option(
    "--scale",
    type=click.Choice(sorted(SCALES)),
    default="small",
    show_default=True,
    help="small: a few hundred offices; full: thousands.",
)
def load(scale: str) -> None:
    """Load the demo data: deterministic, and a second run changes nothing."""
    db = database.session
    if "office" not in inspect(db.connection()).get_table_names():
        raise click.ClickException("The database has no tables: run `flask db upgrade heads`.")
    db.rollback()
    progress = Progress()
    portal_step = PortalDemo()
    registry = current_app.extensions["portal_registry"]
    steps = [("portal", portal_step)]
    steps += [(name, step) for _order, name, step in registry.demo_steps if name != "portal"]
    started = perf_counter()
    try:
        timings = run_steps(db, scale, progress, steps)
    except KeyboardInterrupt:
        raise click.ClickException(
            "Interrupted: the step that was running was rolled back; steps before it are kept. "
            "Run the command again to finish."
        ) from None
    elapsed = perf_counter() - started

    click.echo("")
    click.echo(f"Demo data ({scale}) loaded in {elapsed:.1f} s:")
    for name, seconds in timings.items():
        click.echo(f"  step {name}: {seconds:.1f} s")
    added = ", ".join(f"{count} {what}" for what, count in portal_step.added.items())
    click.echo(f"  added by the portal: {added}")
    click.echo("Rows per table:")
    for table, count in row_counts(db).items():
        click.echo(f"  {table:<32} {count:>8}")
    db.rollback()
    click.echo("")
    click.echo("Demo accounts (demonstration passwords, published on purpose):")
    for account in portal_step.accounts:
        where = account.government_code or account.office_slug or ""
        click.echo(f"  {account.email:<28} {account.role.value:<14} {where:<36} {account.password}")
