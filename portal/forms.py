"""Forms of the sign-in and account pages (shape only: the rules live in portal/accounts.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation

_REQUIRED = _l("This field is required.")


def _no_nul(_form, field) -> None:
    """Refuse a NUL character: PostgreSQL cannot store or compare text holding one."""
    if isinstance(field.data, str) and "\x00" in field.data:
        raise StopValidation(
            _l(
                "This field contains an invisible control character (NUL) that is not allowed. "
                "Please type it again without it."
            )
        )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(
        _l("Six-digit code"),
        description=_l("Open your authenticator app and type the code it shows for this portal."),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=12)],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "pattern": "[0-9 ]*",
            "spellcheck": "false",
        },
    )


class _CurrentPasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (also the invitation's and the reset link's page)."""

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


class ChangePasswordForm(_CurrentPasswordForm, NewPasswordForm):
    """The current password, then the new one twice (fields in that order)."""
