"""Forms of the administration and recovery pages (shape only: the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.forms import _REQUIRED, _no_nul


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        description=_l(
            "At least 12 characters. A few unrelated words make a good password; "
            "common passwords are refused."
        ),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[
            _no_nul,
            DataRequired(message=_REQUIRED),
            EqualTo("new_password", message=_l("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        _l("Recovery code"),
        description=_l("One of the ten codes you kept when you set up two-step sign-in."),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )


class ConfirmForm(FlaskForm):
    """A button only: CSRF protection for an action that takes no input."""
