"""Forms of the supervisor pages and the public lists' filters (shape only: the rules live in the
service modules), and the error messages a page shows beside each field."""

from __future__ import annotations

import enum
import re

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.errors import BadQuery
from portal.labels import FUNCTION_LABELS, KIND_LABELS
from portal.models import Government, OfficeFunction, OfficeKind
from portal.oversight.labels import PURPOSE_LABELS, RESULT_LABELS
from portal.oversight.models import ApplicationPurpose, ApplicationStatus, InspectionResult
from portal.oversight.queries import ApplicationQuery, InspectionQuery
from portal.params import page_number

_REQUIRED = _l("This field is required.")
_DATE = _l("Give a date as YYYY-MM-DD.")
_COUNT = _l("Give a whole number between 0 and 100,000.")
YUAN = re.compile(r"^\s*([0-9]{1,10}(?:,[0-9]{3})*|[0-9]+)(?:\.([0-9]{1,2}))?\s*$")
YEAR = re.compile(r"(19|20)[0-9]{2}")


def yuan_to_fen(text: str | None) -> int | None:
    """ "12,345.6" (yuan) → 1234560 fen; None when the text is not an amount."""
    match = YUAN.match(text or "")
    if not match:
        return None
    whole = int(match.group(1).replace(",", ""))
    fraction = (match.group(2) or "").ljust(2, "0")
    return whole * 100 + int(fraction or 0)


class _OwnParseError:
    """A field whose parse error is the portal's own translated `parse_error`, not WTForms'."""

    parse_error: str  # a lazy translated message, set by each field class

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.parse_error)) from error


class LocalDateField(_OwnParseError, DateField):
    parse_error = _DATE


class CountField(_OwnParseError, IntegerField):
    parse_error = _COUNT


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(members: type[enum.Enum], labels: dict) -> list[SelectChoice]:
    """Every member of an enum, in its order, shown by its label."""
    return [SelectChoice(member.value, labels[member]) for member in members]


def _one_of(label, members: type[enum.Enum], labels: dict) -> RadioField:
    """Radio buttons for the members of an enum, one of which must be chosen."""
    return RadioField(
        label, choices=_choices(members, labels), validators=[InputRequired(_REQUIRED)]
    )


class InspectionForm(FlaskForm):
    office_id = SelectField(
        _l("Office inspected"), coerce=int, validators=[InputRequired(_REQUIRED)]
    )
    inspected_on = LocalDateField(_l("Date of the inspection"), validators=[InputRequired(_DATE)])
    findings_markdown = TextAreaField(
        _l("Findings"),
        description=_l("Markdown: blank lines between paragraphs, * for lists, **bold**."),
        validators=[DataRequired(_REQUIRED), Length(max=20_000)],
    )
    result = _one_of(_l("Result"), InspectionResult, RESULT_LABELS)
    rectification_due_on = LocalDateField(
        _l("Rectification deadline"),
        description=_l("Only when rectification is required."),
        validators=[Optional()],
    )


class ApplicationForm(FlaskForm):
    purpose = _one_of(_l("The application is"), ApplicationPurpose, PURPOSE_LABELS)
    host = SelectField(_l("Host province"), coerce=int, validators=[InputRequired(_REQUIRED)])
    office_id = SelectField(
        _l("Existing office"),
        description=_l("Only to keep an office of your government that the rules would close."),
        coerce=int,
        validators=[Optional()],
    )
    office_name_zh = StringField(
        _l("Name of the office (Chinese)"), validators=[DataRequired(_REQUIRED), Length(max=200)]
    )
    office_name_en = StringField(_l("Name of the office (English)"), validators=[Length(max=300)])
    department_zh = StringField(
        _l("Department that sets it up, if not the government itself"),
        validators=[Length(max=200)],
    )
    kind = _one_of(_l("Kind of office"), OfficeKind, KIND_LABELS)
    mission_ends_on = LocalDateField(
        _l("Date the mission ends"),
        description=_l("Only for a special-mission office."),
        validators=[Optional()],
    )
    functions = MultiCheckboxField(
        _l("Functions"), choices=_choices(OfficeFunction, FUNCTION_LABELS)
    )
    planned_budget = StringField(
        _l("Planned yearly budget (yuan)"),
        description=_l("For example 1,250,000.00"),
        validators=[DataRequired(_REQUIRED), Length(max=20)],
    )
    reason = TextAreaField(
        _l("Reason for the application"), validators=[DataRequired(_REQUIRED), Length(max=10_000)]
    )
    urgent = BooleanField(_l("Urgent: the host province is asked to decide within 10 days"))

    def validate_planned_budget(self, field) -> None:
        if yuan_to_fen(field.data) is None:
            raise ValidationError(_l("Give the budget in yuan, e.g. 1,250,000.00."))


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")), SelectChoice("refuse", _l("Refuse"))],
        validators=[InputRequired(_REQUIRED)],
    )
    reasons = TextAreaField(
        _l("Written reasons"), validators=[DataRequired(_REQUIRED), Length(max=10_000)]
    )
    reference = StringField(
        _l("Reference of the approval document"),
        description=_l("Needed for an approval, e.g. 冀政函〔2015〕12号."),
        validators=[Length(max=100)],
    )


def _count(label):
    return CountField(label, validators=[InputRequired(_COUNT), NumberRange(0, 100_000, _COUNT)])


class ReportForm(FlaskForm):
    offices_before = _count(_l("Offices before the clean-up"))
    closed = _count(_l("Offices closed"))
    merged = _count(_l("Offices merged"))
    kept_with_approval = _count(_l("Offices kept with approval"))
    remaining = _count(_l("Offices remaining"))
    narrative = TextAreaField(
        _l("Narrative"), validators=[DataRequired(_REQUIRED), Length(max=20_000)]
    )
    correction_reason = TextAreaField(
        _l("Reason for the correction"),
        description=_l("Needed when the province has already submitted a report for this round."),
        validators=[Length(max=5_000)],
    )


def form_errors(form) -> dict[str, str]:
    """The first message of each invalid field, keyed by the field's id, and the form's own
    messages (a domain error put on the form by `show_on_form`) under "form"."""
    errors = {name: messages[0] for name, messages in form.errors.items() if name and messages}
    if form.form_errors:
        errors["form"] = form.form_errors[0]
    return errors


def _province_arg(provinces: list[Government]) -> str:
    code = request.args.get("province", "").strip()
    if code and code not in {p.code for p in provinces}:
        raise BadQuery(
            _("There is no province with the code “%(code)s”.", code=code[:20]), "province"
        )
    return code


def application_query(provinces: list[Government]) -> ApplicationQuery:
    """The approvals list's filters from the query string; BadQuery names a wrong one."""
    raw_status = request.args.get("status", "").strip()
    try:
        status = ApplicationStatus(raw_status) if raw_status else None
    except ValueError:
        raise BadQuery(_("Unknown status of an application."), "status") from None
    return ApplicationQuery(
        status=status,
        province=_province_arg(provinces),
        urgent=request.args.get("urgent") == "1",
        page=page_number(),
    )


def inspection_query(provinces: list[Government]) -> InspectionQuery:
    """The inspections list's filters from the query string; BadQuery names a wrong one."""
    raw_result = request.args.get("result", "").strip()
    try:
        result = InspectionResult(raw_result) if raw_result else None
    except ValueError:
        raise BadQuery(_("Unknown inspection result."), "result") from None
    raw_year = request.args.get("year", "").strip()
    if raw_year and not YEAR.fullmatch(raw_year):
        raise BadQuery(_("The year must be written with four digits, e.g. 2016."), "year")
    return InspectionQuery(
        province=_province_arg(provinces),
        result=result,
        year=int(raw_year) if raw_year else None,
        page=page_number(),
    )
