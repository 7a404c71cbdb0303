"""`flask accounts`: create, list, deactivate and reset accounts (passwords read from stdin)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from portal import accounts as service
from portal.database import database
from portal.models import Account, Government, Office, Role

accounts = AppGroup("accounts", help="Create, list, deactivate and reset accounts.")


def _in_english(command: Callable) -> Callable:
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


def _account(email: str) -> Account:
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
@_in_english
def create(email: str, role: str, government_code: str | None, office_slug: str | None) -> None:
    """Create an account; the password is read from standard input."""
    db = database.session
    government = office = None
    if government_code:
        government = db.scalar(select(Government).where(Government.code == government_code))
        if government is None:
            raise click.ClickException(f"No government has the division code {government_code!r}.")
    if office_slug:
        office = db.scalar(select(Office).where(Office.slug == office_slug))
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
@_in_english
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


@accounts.command("deactivate")
@click.option("--email", required=True)
@_in_english
def deactivate(email: str) -> None:
    """Stop an account from signing in; every session of it ends at once."""
    db = database.session
    account = _account(email)
    service.deactivate_account(db, account)
    db.commit()
    click.echo(f"Deactivated {account.email}; all its sessions have ended.")


@accounts.command("reset")
@click.option("--email", required=True)
@click.option(
    "--reset-2fa",
    "reset_second_factor",
    is_flag=True,
    help="Also remove the second factor: the person sets it up again at the next sign-in.",
)
@click.option("--reactivate", is_flag=True, help="Also let a deactivated account sign in again.")
@_in_english
def reset(email: str, reset_second_factor: bool, reactivate: bool) -> None:
    """Set a new password (read from standard input); every session of the account ends."""
    db = database.session
    account = _account(email)
    password = read_password("New password")
    try:
        service.reset_account(
            db,
            account,
            password,
            reset_second_factor=reset_second_factor,
            reactivate=reactivate,
        )
    except service.AccountError as error:
        db.rollback()
        raise click.ClickException(str(error)) from error
    db.commit()
    extra = " Two-step sign-in was removed." if reset_second_factor else ""
    if not account.active:
        extra += " The account stays deactivated (use --reactivate)."
    click.echo(f"New password set for {account.email}; all its sessions have ended.{extra}")
