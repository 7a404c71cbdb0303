"""Forms of the administration and recovery pages (shape only: the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from portal.forms import _REQUIRED, _no_nul


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
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


ROLE_CHOICES = [
    SelectChoice("office_editor", _l("Office editor")),
    SelectChoice("supervisor", _l("Supervisor")),
    SelectChoice("national", _l("National office")),
    SelectChoice("admin", _l("Administrator")),
]


def _government_field(
    label=_l("Government (six-digit division code)"),
    description=_l("For a supervisor or the national office, e.g. 130000 for Hebei."),
    required=False,
):
    presence = DataRequired(message=_REQUIRED) if required else Optional()
    return StringField(
        label,
        description=description,
        validators=[_no_nul, presence, Regexp(r"^\d{6}$", message=_l("Six digits, please."))],
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )


def _office_field():
    return StringField(
        _l("Office (its address on this site)"),
        description=_l("For an office editor: the part after /offices/ in the office's address."),
        validators=[_no_nul, Optional(), Length(max=120)],
        render_kw={"spellcheck": "false"},
    )


def _reason_field():
    return TextAreaField(
        _l("Why"),
        description=_l("Kept in the audit log with your name and the time."),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=2000)],
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=254)],
        render_kw={"spellcheck": "false"},
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    government = _government_field()
    office = _office_field()


class ChangeAccountForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    government = _government_field()
    office = _office_field()
    reason = _reason_field()


class ReasonForm(FlaskForm):
    reason = _reason_field()


class ChannelsForm(FlaskForm):
    phone = StringField(_l("Phone"), validators=[_no_nul, Optional(), Length(max=50)])
    email = EmailField(_l("Email"), validators=[_no_nul, Optional(), Length(max=200)])
    address = StringField(_l("Postal address"), validators=[_no_nul, Optional(), Length(max=300)])
    web = StringField(_l("Website"), validators=[_no_nul, Optional(), Length(max=300)])
    hours_zh = StringField(
        _l("Reception hours (Chinese)"), validators=[_no_nul, Optional(), Length(max=200)]
    )
    hours_en = StringField(
        _l("Reception hours (English)"), validators=[_no_nul, Optional(), Length(max=300)]
    )
    reason = TextAreaField(
        _l("What changed and why (optional)"),
        validators=[_no_nul, Optional(), Length(max=2000)],
    )


class ApprovalForm(FlaskForm):
    reference = StringField(
        _l("Approval reference"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=100)],
    )
    approved_on = DateField(
        _l("Approved on"), validators=[DataRequired(message=_l("A date, please."))]
    )
    approving = _government_field()
    reason = _reason_field()


class ClosingForm(FlaskForm):
    reason = _reason_field()


class ClosureForm(FlaskForm):
    closed_on = DateField(_l("Closed on"), validators=[DataRequired(message=_l("A date, please."))])
    reason = _reason_field()


class StandardForm(FlaskForm):
    year = IntegerField(
        _l("Year"), validators=[DataRequired(message=_REQUIRED), NumberRange(2000, 2100)]
    )
    night_cap = StringField(
        _l("Accommodation cap per guest per night (yuan)"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=30)],
    )
    meal_cap = StringField(
        _l("Dining cap per person per meal (yuan)"),
        validators=[_no_nul, DataRequired(message=_REQUIRED), Length(max=30)],
    )
    reference = StringField(
        _l("Document reference"), validators=[_no_nul, Optional(), Length(max=200)]
    )


class NewOfficeForm(FlaskForm):
    establishing = _government_field(
        _l("Government that sets it up (six-digit division code)"), None, required=True
    )
    department_zh = StringField(
        _l("Department (Chinese, if a department sets it up)"),
        validators=[_no_nul, Optional(), Length(max=200)],
    )
    department_en = StringField(
        _l("Department (English)"), validators=[_no_nul, Optional(), Length(max=300)]
    )
    host = _government_field(_l("Host province (six-digit division code)"), None, required=True)
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("standing", _l("Standing office")),
            SelectChoice("special_mission", _l("Special-mission office")),
        ],
    )
    mission_ends_on = DateField(
        _l("Mission ends on (special-mission office)"),
        validators=[Optional()],
    )
    established_on = DateField(_l("Established on (if it already works)"), validators=[Optional()])
    address = StringField(_l("Address"), validators=[_no_nul, Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[_no_nul, Optional(), Length(max=50)])
    reason = _reason_field()
