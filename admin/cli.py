"""`flask accounts invite` and `flask accounts change`: the same services as the web pages,
added to the portal's `accounts` group (an operator at the shell acts as an administrator)."""

from __future__ import annotations

import click
from flask import current_app
from flask_babel import force_locale

from admin.accounts import AdminError, change_account, invite_account
from admin.mail import queue_invitation
from portal.accounts import AccountError, find_account
from portal.atom import public_url
from portal.cli import accounts
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
    account = find_account(db, email)
    if account is None:
        raise click.ClickException(f"No account has the email address {email!r}.")
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
