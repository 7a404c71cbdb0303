"""The portal's commands: `flask accounts`, `flask compliance list|check|refresh|rebuild` and
`flask demo load`.

Three click groups, because the commands have been typed under these names since the beginning;
each command calls the same services as the pages, and commits once.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from time import perf_counter

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import inspect, select

from portal import accounts as service
from portal.clock import today_in_china
from portal.compliance import all_findings
from portal.database import database
from portal.demo import Progress
from portal.demo.loader import PortalDemo, row_counts, run_steps
from portal.demo.offices import SCALES
from portal.demo.people import DEMO_TOTP_KEYS, demo_instance
from portal.findings_runtime import apply_pending
from portal.findings_sync import compare, rebuild
from portal.models import Account, Office, Role
from portal.queries import load_government, office_by_slug

accounts = AppGroup("accounts", help="Create, list, invite, change, deactivate and reset accounts.")


def in_english(command: Callable) -> Callable:
    """Operators read English messages (the translated ones need a language outside a request)."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        with force_locale("en"):
            return command(*args, **kwargs)

    return wrapped


def read_password(prompt: str) -> str:
    """A password from standard input: typed twice without echo at a terminal, one line from a pipe."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("No password on standard input.")
    return line.rstrip("\r\n")


def account_by_email(email: str) -> Account:
    account = service.find_account(database.session, email)
    if account is None:
        raise click.ClickException(f"No account has the email address {email!r}.")
    return account


@accounts.command("create")
@click.option("--email", required=True, help="The email address the person signs in with.")
@click.option(
    "--role", required=True, type=click.Choice([role.value for role in Role]), help="The role."
)
@click.option(
    "--government", "government_code", help="6-digit division code (supervisor, national)."
)
@click.option("--office", "office_slug", help="Slug of the office (office_editor).")
@in_english
def create(email: str, role: str, government_code: str | None, office_slug: str | None) -> None:
    """Create an account; the password is read from standard input."""
    db = database.session
    government = office = None
    if government_code:
        government = load_government(db, government_code)
        if government is None:
            raise click.ClickException(f"No government has the division code {government_code!r}.")
    if office_slug:
        office = office_by_slug(db, office_slug)
        if office is None:
            raise click.ClickException(f"No office has the slug {office_slug!r}.")
    password = read_password("Password")
    try:
        account = service.create_account(
            db,
            email=email,
            password=password,
            role=Role(role),
            government=government,
            office=office,
        )
    except service.AccountError as error:
        db.rollback()
        raise click.ClickException(str(error)) from error
    db.commit()
    click.echo(f"Created {account.role.value} account {account.email}.")


@accounts.command("list")
@in_english
def list_() -> None:
    """List every account: email, role, where it belongs, state, two-step sign-in, last sign-in."""
    rows = service.list_accounts(database.session)
    if not rows:
        click.echo("No accounts.")
        return
    header = ("email", "role", "belongs to", "state", "2fa", "last sign-in (UTC)")
    table = [header]
    for account in rows:
        belongs = (
            account.government.code
            if account.government
            else (account.office.slug if account.office else "-")
        )
        table.append(
            (
                account.email,
                account.role.value,
                belongs,
                "active" if account.active else "deactivated",
                "on" if service.two_factor_enrolled(account) else "off",
                account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "-",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    click.echo(f"{len(rows)} accounts.")


compliance = AppGroup(
    "compliance", help="The circular's rules, run over the data, and the findings table they keep."
)

TODAY_OPTION = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge as on this date (YYYY-MM-DD); default: today in China.",
)


@compliance.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of findings.")
@TODAY_OPTION
@click.option(
    "--language",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the messages in the text output.",
)
def list_findings(as_json: bool, today, language: str) -> None:
    """Run every package's rules now and print every finding (the table is not read)."""
    day = today.date() if today else today_in_china()
    findings = all_findings(database.session, day)
    findings.sort(key=lambda f: (_rule_number(f.rule), f.office_slug or ""))
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    for finding in findings:
        click.echo(
            f"{finding.rule:<4} {finding.severity.value:<9} {finding.office_slug or '-'}: "
            f"{finding.message(language)}"
        )
    by_rule = Counter(f.rule for f in findings)
    summary = ", ".join(
        f"{rule} {count}"
        for rule, count in sorted(by_rule.items(), key=lambda i: _rule_number(i[0]))
    )
    offices = len({f.office_slug for f in findings if f.office_slug})
    click.echo(
        f"{len(findings)} findings about {offices} offices as of {day.isoformat()}"
        + (f" ({summary})." if summary else ".")
    )


def _slugs(ids) -> dict[int, str]:
    wanted = {office_id for _rule, office_id, _subject in ids if office_id is not None}
    if not wanted:
        return {}
    rows = database.session.execute(select(Office.id, Office.slug).where(Office.id.in_(wanted)))
    return dict(rows.all())


@compliance.command("check")
@TODAY_OPTION
@click.option("--limit", default=20, show_default=True, help="Differences listed per kind.")
def check(today, limit: int) -> None:
    """Compare the findings table with a fresh evaluation; exit 1 on any difference."""
    day = today.date() if today else today_in_china()
    try:
        found = compare(database.session, day)
        slugs = _slugs([*found.missing, *found.extra, *found.stale])
    finally:
        database.session.rollback()  # reads only: hold no lock afterwards
    evaluated = found.evaluated_on.isoformat() if found.evaluated_on else "never"
    click.echo(
        f"Findings table: {found.total} findings, evaluated for {evaluated}; "
        f"{found.pending} offices waiting in the outbox."
    )
    for title, identities in (
        ("missing from the table", found.missing),
        ("in the table but no longer found", found.extra),
        ("stale in the table", found.stale),
    ):
        if not identities:
            continue
        click.echo(f"{len(identities)} {title}:")
        for rule, office_id, subject in identities[:limit]:
            office = slugs.get(office_id, "-") if office_id is not None else "-"
            click.echo(f"  {rule:<4} {office} {subject}".rstrip())
    if found.clean:
        click.echo(f"The table matches a fresh evaluation as of {day.isoformat()}.")
        return
    click.echo(
        f"The table differs from a fresh evaluation as of {day.isoformat()}: "
        "run `flask compliance refresh` (or `rebuild`)."
    )
    sys.exit(1)


def _report(outcome) -> str:
    what = "every office re-evaluated" if outcome.everything else f"{outcome.offices} offices"
    return (
        f"{outcome.applied} outbox rows applied ({what}): {outcome.added} findings added, "
        f"{outcome.removed} removed, {outcome.changed} changed."
    )


@compliance.command("refresh")
@click.option("--follow", is_flag=True, help="Keep applying the outbox (the scaled mode's job).")
@click.option(
    "--interval", default=5.0, show_default=True, help="Seconds between rounds with --follow."
)
def refresh(follow: bool, interval: float) -> None:
    """Apply the outbox; when the table was evaluated for another day, re-evaluate everything.

    Idempotent: a second run the same day with nothing new changes nothing.
    """
    while True:
        outcome = apply_pending()
        if not follow or outcome.applied or outcome.everything:
            click.echo(_report(outcome))
        if not follow:
            return
        time.sleep(interval)


@compliance.command("rebuild")
def rebuild_findings() -> None:
    """Rebuild the findings table from scratch, in one transaction, as of today."""
    db = database.session
    started = perf_counter()
    outcome = rebuild(db, today_in_china(), Progress())
    db.commit()
    click.echo(
        f"Findings rebuilt in {perf_counter() - started:.1f} s: {outcome.added} findings "
        f"(there were {outcome.removed}); {outcome.applied} outbox rows consumed."
    )


def _rule_number(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 10_000, code)


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
    if demo_instance():
        click.echo("Two-step keys of the demo accounts (published; any authenticator app):")
        for role, key in DEMO_TOTP_KEYS.items():
            click.echo(f"  {role.value:<14} {key}")
    else:
        click.echo(
            "Not a demo instance (PORTAL_DEMO is not set): the demo accounts enrol their own "
            "second factor; the published two-step keys are neither given nor accepted."
        )


def register(app: Flask) -> None:
    """Attach the portal's click groups to the app."""
    for group in (accounts, compliance, demo):
        app.cli.add_command(group)
