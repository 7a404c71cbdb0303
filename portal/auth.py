"""Who is signed in, and the decorators that guard pages by sign-in and role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, g, redirect, request, session, url_for

from portal.database import database
from portal.models import Account, Role

SESSION_ACCOUNT = "account_id"
SESSION_EPOCH = "account_epoch"


def load_current_account() -> None:
    """Put the signed-in, active account (or None) on g; a revoked session counts as signed out."""
    g.account = None
    account_id = session.get(SESSION_ACCOUNT)
    if account_id is None:
        return
    account = database.session.get(Account, account_id)
    if account is None or not account.active or account.session_epoch != session.get(SESSION_EPOCH):
        session.pop(SESSION_ACCOUNT, None)
        session.pop(SESSION_EPOCH, None)
        return
    g.account = account


def current_account() -> Account | None:
    return g.get("account")


def sign_in(account: Account) -> None:
    """Start a fresh session for the account (the old session's contents are dropped)."""
    session.clear()
    session[SESSION_ACCOUNT] = account.id
    session[SESSION_EPOCH] = account.session_epoch
    session.permanent = False


def sign_out() -> None:
    session.clear()


def login_required(view: Callable) -> Callable:
    """Send a visitor who is not signed in to the sign-in page, then back."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_account() is None:
            return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def role_required(*roles: Role) -> Callable:
    """Allow only accounts with one of the roles; others get a 404 so nothing is confirmed."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_account().role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def init_auth(app: Flask) -> None:
    app.before_request(load_current_account)
    app.jinja_env.globals["current_account"] = current_account
