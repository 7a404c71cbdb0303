"""Editor forms: one item of each kind (fields from the import columns), upload, publish."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from disclosures.items import COLUMNS
from disclosures.labels import choices
from disclosures.models import (
    BudgetCategory,
    DisclosureKind,
    PaymentMethod,
    ProcurementMethod,
    ProviderKind,
    ServiceAudience,
)

FIELD_LABELS = {
    "category": _l("Category"),
    "planned": _l("Planned (yuan)"),
    "actual": _l("Actually spent (yuan)"),
    "uscc": _l("Unified social credit code"),
    "name_zh": _l("Name in Chinese"),
    "name_en": _l("Name in English"),
    "kind": _l("Kind of provider"),
    "city": _l("City"),
    "services": _l("Services"),
    "owner_government": _l("Owning government (division code, if state-owned)"),
    "reference": _l("Reference"),
    "amount": _l("Amount (yuan)"),
    "procurement_method": _l("Procurement method"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "title": _l("Title"),
    "audience": _l("Audience"),
    "channel": _l("Channel"),
    "description": _l("Description (Markdown)"),
    "date": _l("Date"),
    "visiting_party": _l("Visiting party"),
    "purpose": _l("Purpose"),
    "guests": _l("Guests"),
    "hosts": _l("Hosts"),
    "nights": _l("Nights"),
    "work_meals": _l("Work meals"),
    "accommodation": _l("Accommodation (yuan)"),
    "dining": _l("Dining (yuan)"),
    "vehicles": _l("Vehicles (yuan)"),
    "venues": _l("Venues (yuan)"),
    "other": _l("Other costs (yuan)"),
    "provider_uscc": _l("Provider's credit code"),
    "payment_method": _l("Payment method"),
    "letter_reference": _l("Official letter reference"),
    "approval_reference": _l("Approval reference"),
    "standard_applied": _l("Standard applied"),
    "reception_list_reference": _l("Reception list reference"),
}
SELECTS = {
    "category": BudgetCategory,
    "kind": ProviderKind,
    "procurement_method": ProcurementMethod,
    "audience": ServiceAudience,
    "payment_method": PaymentMethod,
}
DATES = {"date", "starts_on", "ends_on"}
NUMBERS = {"guests", "hosts", "nights", "work_meals"}


def item_form(kind: DisclosureKind, **kwargs) -> FlaskForm:
    """A form with one field per column of `kind` (the year comes from the page).

    Fields only carry the text typed; `disclosures.items.read_row` judges it, the same way as
    an imported row, and the view puts its messages on the fields.
    """

    class ItemForm(FlaskForm):
        pass

    for column in COLUMNS[kind]:
        if column == "year":
            continue
        label = FIELD_LABELS.get(column, column)
        if column in SELECTS:
            field = SelectField(
                label,
                choices=[SelectChoice("", "—")]
                + [SelectChoice(value, text) for value, text in choices(SELECTS[column])],
                validate_choice=False,
            )
        elif column == "description":
            field = TextAreaField(label, validators=[Length(max=20_000)])
        else:
            render = {"type": "date"} if column in DATES else {}
            if column in NUMBERS:
                render = {"inputmode": "numeric"}
            field = StringField(label, render_kw=render)
        setattr(ItemForm, column, field)
    return ItemForm(prefix="item", **kwargs)


class UploadForm(FlaskForm):
    """A CSV or XLSX file of items for this year's draft."""

    file = FileField(
        _l("CSV or Excel (.xlsx) file"), validators=[FileRequired(_l("Choose a file."))]
    )
    mode = RadioField(
        _l("What to do with the draft"),
        choices=[
            SelectChoice("replace", _l("Replace the draft with the file")),
            SelectChoice("append", _l("Add the file's rows to the draft")),
        ],
        default="replace",
    )


class PublishForm(FlaskForm):
    """Publish the draft; a correction says why."""

    reason = TextAreaField(
        _l("Reason for the correction"),
        description=_l(
            "Required when a revision is already published: what was wrong, what changed."
        ),
        validators=[Length(max=2000)],
    )


class RemoveForm(FlaskForm):
    """Take one item out of the draft."""

    key = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (discard the draft)."""
