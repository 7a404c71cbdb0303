"""`flask api keys issue|revoke|list`: administrators manage partner apps' Open311 keys;
`flask data bundle`: the bulk downloads."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from api.bundles import build_bundles, bundle_directory, parts, read_everything, steps
from api.open311.keys import issue_key, revoke_key
from api.open311.models import ApiKey, ApiKeyUse
from portal.database import database
from portal.errors import PortalError

group = click.Group("api", help="The open-data API: partner keys for Open311.")
keys = click.Group("keys", help="Issue, revoke and list partner keys.")
group.add_command(keys)


@keys.command("issue")
@click.option("--partner", required=True, help="Who the key is for (shown in the audit).")
@with_appcontext
def issue(partner: str) -> None:
    """Issue a key; it is printed once and stored only as a digest."""
    db = database.session
    try:
        record, key = issue_key(db, current_app.config["SECRET_KEY"], partner)
    except PortalError as error:
        raise click.UsageError(str(error)) from None
    db.commit()
    click.echo(f"Key for {record.partner} (prefix {record.prefix}); give it over safely:")
    click.echo(key)


@keys.command("revoke")
@click.argument("prefix")
@with_appcontext
def revoke(prefix: str) -> None:
    """Revoke the key that begins with PREFIX (the first 12 characters)."""
    db = database.session
    try:
        record = revoke_key(db, prefix)
    except PortalError as error:
        raise click.UsageError(str(error)) from None
    db.commit()
    click.echo(f"Revoked the key {record.prefix} of {record.partner}.")


@keys.command("list")
@with_appcontext
def list_keys() -> None:
    """Every key: prefix, partner, state and how often it was used."""
    db = database.session
    uses = dict(db.execute(select(ApiKeyUse.key_id, func.count()).group_by(ApiKeyUse.key_id)).all())
    for record in db.scalars(select(ApiKey).order_by(ApiKey.id)):
        state = "active" if record.active else f"revoked {record.revoked_at:%Y-%m-%d}"
        click.echo(f"{record.prefix}  {record.partner}  {state}  {uses.get(record.id, 0)} uses")


data = click.Group("data", help="Open data: the bulk downloads served from /data/.")


@data.command("bundle")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write (default: PORTAL_DATA_BUNDLE_DIR, else instance/bundles).",
)
@with_appcontext
def bundle(directory: Path | None) -> None:
    """Write one ZIP for everything and one per year (CSV, JSON, dictionary, README, SHA-256
    sums). Each replaces the old one only when complete: Ctrl-C leaves the old bundles as
    they were."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    target = directory or bundle_directory(app)
    with click.progressbar(length=len(parts()), label="Reading the datasets") as bar:
        plan = read_everything(app, lambda _step: bar.update(1))
    with click.progressbar(length=steps(plan), label="Writing the bundles") as bar:
        written = build_bundles(target, plan, lambda _step: bar.update(1))
    for path in written:
        click.echo(f"{path} ({path.stat().st_size:,} bytes)")
