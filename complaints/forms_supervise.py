"""Forms of the supervisor pages (shape only: the rules live in complaints/supervision.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from complaints.deadlines import MAX_EXTENSION_DAYS
from complaints.labels import OUTCOME_LABELS

_REQUIRED = _l("This field is required.")
MAX_TEXT = 10_000


class AcknowledgeForm(FlaskForm):
    pass


class ResumeForm(FlaskForm):
    pass


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Colleague"), coerce=int, validate_choice=False)


class TagForm(FlaskForm):
    tag = StringField(_l("Tag"), validators=[DataRequired(_REQUIRED), Length(max=40)])


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Internal note"),
        description=_l("Only supervisors see notes."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Message to the complainant"),
        description=_l("Shown on the complainant's tracking page."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class InformationForm(FlaskForm):
    body = TextAreaField(
        _l("What information do you need?"),
        description=_l("Shown on the complainant's tracking page; the complaint then waits."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class ExtendForm(FlaskForm):
    days = IntegerField(
        _l("Days"),
        description=_l("Once only, at most 30 days."),
        validators=[
            DataRequired(_REQUIRED),
            NumberRange(1, MAX_EXTENSION_DAYS, _l("Extend by 1 to 30 days.")),
        ],
    )
    reason = TextAreaField(
        _l("Reason (the complainant sees it)"),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class TransferForm(FlaskForm):
    government = StringField(
        _l("Government's division code"),
        description=_l("The six-digit code, e.g. 130000 for Hebei."),
        validators=[DataRequired(_REQUIRED), Length(min=6, max=6)],
    )
    reason = TextAreaField(
        _l("Reason (the complainant sees it)"),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class CloseForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(value.value, label) for value, label in OUTCOME_LABELS.items()],
        validators=[DataRequired(_l("Choose an outcome."))],
        validate_choice=True,
    )
    summary = TextAreaField(
        _l("Public outcome summary (Markdown)"),
        description=_l(
            "Published on the tracking page, in the statistics and on the office page. "
            "Remove every name, telephone number, address or other personal detail."
        ),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )
    preview = SubmitField(_l("Preview"))
    confirm = SubmitField(_l("Close the complaint"))


ACTION_FORMS = {
    "acknowledge": AcknowledgeForm,
    "assign": AssignForm,
    "tag": TagForm,
    "note": NoteForm,
    "message": MessageForm,
    "request_information": InformationForm,
    "resume": ResumeForm,
    "extend": ExtendForm,
    "transfer": TransferForm,
    "close": CloseForm,
}
__all__ = ["ACTION_FORMS", "Optional"]
