"""`flask accounts invite|change|deactivate|reset`: the same audited services as the web pages,
added to the portal's `accounts` group (an operator at the shell acts as an administrator; the
audit entries say "command line")."""

from __future__ import annotations

import click
from flask import current_app
from flask_babel import force_locale

from admin.accounts import (
    AdminError,
    change_account,
    deactivate,
    invite_account,
    reset_password_of,
    reset_second_factor_of,
)
from admin.audit import acting_from_command_line
from admin.mail import queue_invitation
from admin.recovery import RecoveryError
from portal.accounts import AccountError
from portal.atom import public_url
from portal.cli import account_by_email, accounts, in_english, read_password
from portal.database import database
from portal.models import Role
from portal.queries import load_government, office_by_slug


def _scope(government_code: str | None, office_slug: str | None):
    db = database.session
    government = load_government(db, government_code) if government_code else None
    if government_code and government is None:
        raise click.ClickException(f"No government has the division code {government_code!r}.")
    office = office_by_slug(db, office_slug) if office_slug else None
    if office_slug and office is None:
        raise click.ClickException(f"No office has the slug {office_slug!r}.")
    return government, office


ROLE = click.Choice([role.value for role in Role])


@accounts.command("invite")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE)
@click.option("--government", "government_code", help="6-digit division code.")
@click.option("--office", "office_slug", help="Slug of the office (office_editor).")
def invite(email: str, role: str, government_code: str | None, office_slug: str | None) -> None:
    """Invite someone: the account and a one-time link (72 hours), mailed through the outbox."""
    db = database.session
    acting_from_command_line(db)
    government, office = _scope(government_code, office_slug)
    # The link is built as on the web (url_for needs a request; PORTAL_PUBLIC_URL gives the host).
    with current_app.test_request_context(), force_locale("en"):
        try:
            account, token = invite_account(
                db, None, email=email, role=Role(role), government=government, office=office
            )
            queue_invitation(db, account.email, token)
        except (AdminError, AccountError) as error:
            db.rollback()
            raise click.ClickException(str(error)) from error
        link = public_url("admin.accept_invitation", token=token)
    db.commit()
    click.echo(f"Invited {account.email} ({account.role.value}); the link, valid 72 hours:")
    click.echo(link)


@accounts.command("change")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE)
@click.option("--government", "government_code", help="6-digit division code.")
@click.option("--office", "office_slug", help="Slug of the office (office_editor).")
@click.option("--reason", required=True, help="Why: kept in the audit log.")
def change(
    email: str, role: str, government_code: str | None, office_slug: str | None, reason: str
) -> None:
    """Give an account another role, government or office (its sessions end). Audited."""
    db = database.session
    acting_from_command_line(db)
    account = account_by_email(email)
    government, office = _scope(government_code, office_slug)
    with force_locale("en"):
        try:
            change_account(
                db,
                None,
                account,
                role=Role(role),
                government=government,
                office=office,
                reason=reason,
            )
        except (AdminError, AccountError) as error:
            db.rollback()
            raise click.ClickException(str(error)) from error
    db.commit()
    click.echo(f"{account.email} is now {account.role.value}; its sessions have ended.")


REASON = click.option("--reason", required=True, help="Why: kept in the audit log.")


def _run(change) -> None:
    """Run the service as the command line, commit once, or roll back and say why."""
    db = database.session
    acting_from_command_line(db)
    try:
        change(db)
    except (AdminError, AccountError, RecoveryError) as error:
        db.rollback()
        raise click.ClickException(str(error)) from error
    db.commit()


@accounts.command("deactivate")
@click.option("--email", required=True)
@REASON
@in_english
def deactivate_command(email: str, reason: str) -> None:
    """Stop an account from signing in; every session of it ends at once. Audited."""
    account = account_by_email(email)
    _run(lambda db: deactivate(db, None, account, reason))
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
@REASON
@in_english
def reset(email: str, reset_second_factor: bool, reactivate: bool, reason: str) -> None:
    """Set a new password (read from standard input); every session of the account ends.
    Audited, as is the second factor's reset."""
    account = account_by_email(email)
    password = read_password("New password")

    def change(db):
        reset_password_of(db, None, account, password, reactivate=reactivate, reason=reason)
        if reset_second_factor:
            reset_second_factor_of(db, None, account, reason)

    _run(change)
    extra = " Two-step sign-in was removed." if reset_second_factor else ""
    if not account.active:
        extra += " The account stays deactivated (use --reactivate)."
    click.echo(f"New password set for {account.email}; all its sessions have ended.{extra}")
