"""Sign-in (password, then the one-time code), sign-out, and the signed-in person's account pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import bp
from portal.accounts import (
    AccountError,
    authenticate,
    change_password,
    end_sessions,
    normalise_email,
    second_factor_needed,
    two_factor_enrolled,
)
from portal.auth import (
    SESSION_ACCOUNT,
    SESSION_NEXT,
    current_account,
    login_required,
    pending_account,
    safe_next,
    session_end_reason,
    sign_in,
    sign_out,
)
from portal.commit import commit_or_show
from portal.database import database
from portal.demo.people import demo_accounts_notice, demo_instance, uses_published_key
from portal.extensions import limiter
from portal.forms import ChangePasswordForm, CodeForm, LoginForm
from portal.security import (
    account_client_key,
    client_key,
    known_device,
    pseudonym,
    remember_device,
)
from portal.two_factor import (
    TwoFactorError,
    decrypt_secret,
    enable_two_factor,
    encrypt_secret,
    format_secret,
    new_secret,
    provisioning_uri,
    qr_code_svg,
    verify_sign_in_code,
)

SESSION_PENDING_SECRET = "totp_pending"


def _limit(name: str):
    return lambda: current_app.config[name]


def _typed_email() -> str:
    return normalise_email(request.form.get("email", ""))


def _email_key() -> str:
    """Rate-limit key for the account being tried: a keyed hash of the email typed in."""
    return "email:" + pseudonym(_typed_email(), "email")


def _email_and_client_key() -> str:
    """Rate-limit key for the account being tried from this client."""
    return "email-client:" + account_client_key(_typed_email())


def _known_device() -> bool:
    """The account's owner on a browser it signed in on before passes the account-wide ceiling."""
    return known_device(_typed_email())


def _session_account_key() -> str:
    """Rate-limit key for the account of the session (code and password steps)."""
    return "account:" + pseudonym(str(session.get(SESSION_ACCOUNT, "")), "account")


def _failed(response) -> bool:
    """Only attempts that were tried and failed count against the limits.

    A success (a redirect) does not count, nor does an attempt refused by a limit (429): it
    tried nothing, and counting it would let one flooding client use up the account's ceiling.
    """
    return response.status_code not in (302, 303, 429)


def _throttled(key_func, limit: str = "LOGIN_RATE_LIMIT", **options):
    return limiter.limit(
        _limit(limit), key_func=key_func, methods=["POST"], deduct_when=_failed, **options
    )


def _destination() -> str:
    return session.pop(SESSION_NEXT, None) or url_for("portal.account")


def _require_2fa() -> bool:
    return bool(current_app.config.get("REQUIRE_2FA"))


@bp.route("/login", methods=["GET", "POST"])
@_throttled(client_key)
@_throttled(_email_and_client_key, "LOGIN_ACCOUNT_CLIENT_RATE_LIMIT")
@_throttled(_email_key, "LOGIN_ACCOUNT_RATE_LIMIT", exempt_when=_known_device)
def login():
    """The password step. Failed attempts are throttled per client, per account and client, and
    per account only for browsers the account never signed in on: a flood of wrong passwords
    slows guessing but never locks the owner out of a browser they use (ASVS 5.0 V6.3)."""
    db = database.session
    if current_account() is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("portal.account"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    status = 200
    if form.validate_on_submit():
        account = authenticate(db, form.email.data, form.password.data)
        if account is None:
            db.rollback()
            form.form_errors.append(_("The email address or the password is not right."))
            status = 401
        else:
            db.commit()
            needs_code = second_factor_needed(account, _require_2fa())
            session[SESSION_NEXT] = safe_next(form.next.data)
            sign_in(account, second_factor_done=not needs_code, fresh=True)
            if not needs_code:
                response = redirect(safe_next(form.next.data) or url_for("portal.account"))
            elif two_factor_enrolled(account):
                response = redirect(url_for("portal.login_code"))
            else:
                response = redirect(url_for("portal.account_two_factor"))
            remember_device(response, account.email)
            return response
    elif request.method == "POST":
        status = 400
    ended = session_end_reason() if request.method == "GET" else None
    return render_template(
        "portal/login.html",
        form=form,
        session_ended=ended,
        demo_notice=demo_accounts_notice() if demo_instance() else None,
    ), status


def not_at_the_code_step(account):
    """Where to send a request of the code step (the app's code, or a recovery code) that is
    not at it: nobody past the password step, or an account without two-step sign-in; None
    when it is."""
    if account is None:
        return redirect(url_for("portal.account" if current_account() else "portal.login"))
    if not two_factor_enrolled(account):
        return redirect(url_for("portal.account_two_factor"))
    return None


def _check_sign_in_code(db, account, code: str) -> None:
    """The one-time code at sign-in; raises TwoFactorError for a wrong code, or for a published
    demonstration key outside a demo instance."""
    if uses_published_key(account) and not demo_instance():
        raise TwoFactorError(
            _l(
                "This account's second factor is a published demonstration key, which "
                "is refused here because this is not a demo instance. Ask an "
                "administrator to reset your second factor."
            )
        )
    verify_sign_in_code(db, account, code)


@bp.route("/login/code", methods=["GET", "POST"])
@_throttled(client_key)
@_throttled(_session_account_key)
def login_code():
    db = database.session
    account = pending_account()
    if (elsewhere := not_at_the_code_step(account)) is not None:
        return elsewhere
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if commit_or_show(
            form, lambda: _check_sign_in_code(db, account, form.code.data), (TwoFactorError,)
        )[0]:
            destination = _destination()
            sign_in(account, second_factor_done=True)
            return redirect(destination)
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("portal/account_code.html", form=form), status


@bp.post("/logout")
def logout():
    db = database.session
    account = current_account() or pending_account()
    if account is not None:
        end_sessions(account)
        db.commit()
    sign_out()
    flash(_("You are signed out. Every session of your account has ended."), "success")
    return redirect(url_for("portal.home"))


@bp.get("/account/")
@login_required
def account():
    return render_template(
        "portal/account_overview.html",
        account=current_account(),
        needs_code=second_factor_needed(current_account(), _require_2fa()),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@_throttled(client_key)
@_throttled(_session_account_key)
def account_password():
    db = database.session
    account = current_account()
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        if commit_or_show(
            form,
            lambda: change_password(
                db, account, form.current_password.data, form.new_password.data
            ),
            (AccountError,),
        )[0]:
            sign_in(account, second_factor_done=True)
            flash(
                _("Your password is changed. Every other session of your account has ended."),
                "success",
            )
            return redirect(url_for("portal.account"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("portal/account_password.html", form=form), status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@_throttled(client_key)
@_throttled(_session_account_key)
def account_two_factor():
    db = database.session
    account = current_account() or pending_account()
    if account is None:
        return redirect(url_for("portal.login", next=url_for("portal.account_two_factor")))
    if two_factor_enrolled(account):
        if current_account() is None:
            return redirect(url_for("portal.login_code"))
        return render_template("portal/account_two_factor.html", account=account, enrolled=True)
    secret = decrypt_secret(session.get(SESSION_PENDING_SECRET, ""))
    if secret is None:
        secret = new_secret()
        session[SESSION_PENDING_SECRET] = encrypt_secret(secret)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if commit_or_show(
            form, lambda: enable_two_factor(db, account, secret, form.code.data), (TwoFactorError,)
        )[0]:
            session.pop(SESSION_PENDING_SECRET, None)
            session.pop(SESSION_NEXT, None)
            sign_in(account, second_factor_done=True)
            flash(
                _(
                    "Two-step sign-in is on for your account. Now make your ten recovery codes, "
                    "for the day you do not have your phone."
                ),
                "success",
            )
            return redirect(url_for("admin.recovery_codes"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template(
        "portal/account_two_factor.html",
        account=account,
        enrolled=False,
        form=form,
        qr_code=qr_code_svg(
            provisioning_uri(account, secret), _("QR code for your authenticator app")
        ),
        secret=format_secret(secret),
    ), status
