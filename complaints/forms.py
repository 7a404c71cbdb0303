"""Forms of the complaint pages and of the supervisors' actions (shape only: the rules live in
intake.py, tracking.py and supervision.py)."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from complaints.deadlines import MAX_EXTENSION_DAYS
from complaints.intake import Intake
from complaints.labels import CATEGORY_LABELS, OUTCOME_LABELS
from portal.errors import BadQuery

UNLISTED = "__unlisted__"
_REQUIRED = _l("This field is required.")
MAX_TEXT = 10_000
NUL_MESSAGE = _l(
    "This field contains an invisible control character (NUL) that is not allowed. "
    "Please type it again without it."
)


def query_text(name: str, limit: int) -> str:
    """A text parameter of the query string, trimmed and cut to `limit` characters.

    Raises portal.errors.BadQuery (a 400 with NUL_MESSAGE, on `name`) when it holds a NUL
    character, which PostgreSQL refuses in any comparison.
    """
    value = request.args.get(name, "").strip()[:limit]
    if "\x00" in value:
        raise BadQuery(str(NUL_MESSAGE), field=name)
    return value


class NoNulForm(FlaskForm):
    """The base of every complaints form: a NUL character in any text field is refused on that
    field, before anything reaches the database (PostgreSQL can neither store nor compare
    text holding one). A base class rather than a validator per field: a field added later
    is covered too."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = [NUL_MESSAGE]  # the one thing to fix first
                valid = False
        return valid


class ComplaintForm(NoNulForm):
    nonce = HiddenField()
    office = StringField(_l("Office"))  # rendered as radio buttons of the search results
    unlisted_name = StringField(_l("Name of the office"), validators=[Length(max=200)])
    unlisted_city = StringField(_l("City"), validators=[Length(max=100)])
    unlisted_runner = StringField(
        _l("Who runs it"),
        description=_l("The government or department that keeps the office, if you know."),
        validators=[Length(max=200)],
    )
    unlisted_province = SelectField(_l("Province"), choices=[], validate_choice=False)
    category = RadioField(
        _l("What is the complaint about?"),
        choices=[SelectChoice(value.value, label) for value, label in CATEGORY_LABELS.items()],
        validate_choice=False,
    )
    body = TextAreaField(
        _l("What happened"),
        description=_l(
            "Plain text, up to 10,000 characters. Say what you saw, who was involved and how you "
            "know. Avoid personal data of other people unless it is needed."
        ),
        render_kw={"rows": 12, "maxlength": 10000},
    )
    occurred_on = DateField(_l("When (date)"), validators=[Optional()])
    occurred_where = StringField(_l("Where"), validators=[Length(max=300)])
    attachments = MultipleFileField(
        _l("Attachments"),
        description=_l("Up to 5 files of at most 10 MB each: PDF, JPEG, PNG or Word (DOCX)."),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,.docx"},
    )
    contact_name = StringField(_l("Your name"), validators=[Length(max=100)])
    contact_phone = StringField(_l("Your phone"), validators=[Length(max=50)])
    contact_email = EmailField(
        _l("Your email"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                message=_l("Enter an email address such as name@example.cn."),
                check_deliverability=False,
            ),
        ],
    )
    email_updates = BooleanField(
        _l("Send me e-mail when the status changes (to the address above)"),
        description=_l(
            "Only the reference and what happened, never your secret; every message has a link "
            "to stop them."
        ),
    )
    website = StringField(_l("Leave this field empty"))  # honeypot, hidden from people

    def intake(self, nonce: str, files: list[tuple[str, bytes]] | None = None) -> Intake:
        """What the form says, as the intake service takes it: the web form and Open311 alike
        (an office chosen by slug, or the unlisted office's name when UNLISTED was chosen)."""
        listed = self.office.data not in (None, "", UNLISTED)
        return Intake(
            nonce=nonce,
            category=self.category.data or "",
            body=self.body.data or "",
            office_slug=self.office.data if listed else None,
            unlisted_name=self.unlisted_name.data if self.office.data == UNLISTED else None,
            unlisted_city=self.unlisted_city.data,
            unlisted_runner=self.unlisted_runner.data,
            unlisted_province_code=self.unlisted_province.data,
            occurred_on=self.occurred_on.data,
            occurred_where=self.occurred_where.data,
            contact_name=self.contact_name.data,
            contact_phone=self.contact_phone.data,
            contact_email=self.contact_email.data,
            email_updates=bool(self.email_updates.data),
            files=files or [],
        )


class TrackForm(NoNulForm):
    reference = StringField(
        _l("Complaint reference"),
        validators=[DataRequired(message=_REQUIRED), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "placeholder": "TS-2026-7K3P9Q"},
    )
    secret = StringField(
        _l("Secret"),
        validators=[DataRequired(message=_REQUIRED), Length(max=80)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class ReplyForm(NoNulForm):
    body = TextAreaField(
        _l("Your message or additional information"),
        validators=[DataRequired(message=_l("Write a message.")), Length(max=10000)],
        render_kw={"rows": 8, "maxlength": 10000},
    )
    attachments = MultipleFileField(
        _l("Attachments"),
        description=_l("Up to 5 files of at most 10 MB each: PDF, JPEG, PNG or Word (DOCX)."),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,.docx"},
    )


# The supervisors' actions: one form per action, named by ACTION_FORMS (the action in the URL).


class AcknowledgeForm(NoNulForm):
    pass


class ResumeForm(NoNulForm):
    pass


class AssignForm(NoNulForm):
    assignee = SelectField(_l("Colleague"), coerce=int, validate_choice=False)


class TagForm(NoNulForm):
    tag = StringField(_l("Tag"), validators=[DataRequired(_REQUIRED), Length(max=40)])


class NoteForm(NoNulForm):
    body = TextAreaField(
        _l("Internal note"),
        description=_l("Only supervisors see notes."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class MessageForm(NoNulForm):
    body = TextAreaField(
        _l("Message to the complainant"),
        description=_l("Shown on the complainant's tracking page."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class InformationForm(NoNulForm):
    body = TextAreaField(
        _l("What information do you need?"),
        description=_l("Shown on the complainant's tracking page; the complaint then waits."),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class ExtendForm(NoNulForm):
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


class TransferForm(NoNulForm):
    government = StringField(
        _l("Government to transfer to"),
        description=_l(
            "Its name in Chinese or English (choose it from the list or type it), or its "
            "six-digit code."
        ),
        validators=[DataRequired(_REQUIRED), Length(max=200)],
        render_kw={"list": "transfer-governments", "autocomplete": "off"},
    )
    reason = TextAreaField(
        _l("Reason (the complainant sees it)"),
        validators=[DataRequired(_REQUIRED), Length(max=MAX_TEXT)],
    )


class CloseForm(NoNulForm):
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
    use_template = SubmitField(_l("Start from the template of the chosen outcome"))


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
