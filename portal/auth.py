"""Who is signed in, how long a session lasts, and the decorators that guard pages by sign-in and role.

A signed-in session (and one that still owes its one-time code) ends after SESSION_IDLE_MINUTES
without a request and SESSION_MAX_HOURS after signing in, whatever happens in between; the
sign-in page then says which. The times are kept in the signed session cookie and read from
portal.clock, so a test can move the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.accounts import second_factor_needed
from portal.clock import utcnow
from portal.database import database
from portal.models import Account, Role

SESSION_ACCOUNT = "account_id"
SESSION_EPOCH = "account_epoch"
SESSION_SECOND_FACTOR = "second_factor_done"
SESSION_NEXT = "login_next"
SESSION_STARTED = "signed_in_at"
SESSION_SEEN = "seen_at"
SESSION_ENDED = "signed_out_because"
"""Why the last session ended by itself: "idle" or "limit" (read by the sign-in page)."""


def _now() -> int:
    return int(utcnow().timestamp())


def _session_expiry() -> str | None:
    """ "idle" or "limit" when the session's time is up, else None (and its clock moves on).

    A session from before these times were kept starts its clock at its next request.
    """
    now = _now()
    started = session.setdefault(SESSION_STARTED, now)
    seen = session.get(SESSION_SEEN, now)
    if not isinstance(started, int) or not isinstance(seen, int):
        return "limit"
    if now - started >= int(current_app.config["SESSION_MAX_HOURS"]) * 3600:
        return "limit"
    if now - seen >= int(current_app.config["SESSION_IDLE_MINUTES"]) * 60:
        return "idle"
    session[SESSION_SEEN] = now
    return None


def _session_account() -> Account | None:
    """The account the session names, if it is active and the session was not revoked."""
    account_id = session.get(SESSION_ACCOUNT)
    if account_id is None:
        return None
    ended = _session_expiry()
    if ended is not None:
        session.clear()
        session[SESSION_ENDED] = ended
        return None
    account = database.session.get(Account, account_id)
    if account is None or not account.active or account.session_epoch != session.get(SESSION_EPOCH):
        session.clear()
        return None
    return account


def load_current_account() -> None:
    """Put the signed-in account on g.account; one that still owes its code on g.pending_account.

    A revoked session (its epoch is older than the account's) counts as signed out.
    """
    g.account = None
    g.pending_account = None
    account = _session_account()
    if account is None:
        return
    if session.get(SESSION_SECOND_FACTOR) is True or not second_factor_needed(
        account, bool(current_app.config.get("REQUIRE_2FA"))
    ):
        g.account = account
    else:
        g.pending_account = account


def current_account() -> Account | None:
    return g.get("account")


def pending_account() -> Account | None:
    """The account that gave its password but not yet its one-time code (or enrolment)."""
    return g.get("pending_account")


def sign_in(account: Account, *, second_factor_done: bool, fresh: bool = False) -> None:
    """Start a fresh session for the account (the old session's contents are dropped).

    `second_factor_done` says whether the session is fully signed in; a session that still owes
    its code keeps where to go next. `fresh` (the password step) starts the session's time
    limit anew; later steps of the same account's session (the code, a password change) keep it.
    """
    following = session.get(SESSION_NEXT)
    started = session.get(SESSION_STARTED)
    if fresh or session.get(SESSION_ACCOUNT) != account.id or not isinstance(started, int):
        started = _now()
    session.clear()
    session[SESSION_ACCOUNT] = account.id
    session[SESSION_EPOCH] = account.session_epoch
    session[SESSION_SECOND_FACTOR] = second_factor_done
    session[SESSION_STARTED] = started
    session[SESSION_SEEN] = _now()
    if following and not second_factor_done:
        session[SESSION_NEXT] = following
    session.permanent = False


def sign_out() -> None:
    session.clear()


def session_end_reason() -> str | None:
    """Why the last session ended by itself, in the page's language, once (then forgotten)."""
    ended = session.pop(SESSION_ENDED, None)
    if ended == "idle":
        return _(
            "You were signed out after %(minutes)d minutes without activity. Please sign in again.",
            minutes=int(current_app.config["SESSION_IDLE_MINUTES"]),
        )
    if ended == "limit":
        return _(
            "You were signed out because a session lasts at most %(hours)d hours. "
            "Please sign in again.",
            hours=int(current_app.config["SESSION_MAX_HOURS"]),
        )
    return None


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host, never a scheme), else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(character) < 32 or character == "\\" for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def login_required(view: Callable) -> Callable:
    """Send a visitor who is not signed in to the sign-in page, then back.

    A session that gave its password but still owes its code goes to the code step instead.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_account() is None:
            here = request.full_path.rstrip("?")
            if pending_account() is not None:
                session[SESSION_NEXT] = safe_next(here)
                return redirect(url_for("portal.login_code"))
            return redirect(url_for("portal.login", next=here))
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


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.NATIONAL: _l("National office"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.OFFICE_EDITOR: _l("Office editor"),
}


def role_label(role: Role | str) -> str:
    """The role's name in the page's language."""
    return str(ROLE_LABELS.get(Role(role), role))


def init_auth(app: Flask) -> None:
    app.before_request(load_current_account)
    app.jinja_env.globals["current_account"] = current_account
    app.jinja_env.filters["account_role_label"] = role_label
