"""Editor forms: one item of each kind (fields from the import columns), upload, publish.

An item form's fields follow the columns of `items.COLUMNS`: a column read as a choice is a
select, a date a date input, a whole number a numeric one; labels come from `labels.FIELD_LABELS`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from disclosures.items import COLUMNS, MONEY_FIELDS, field_name, iso_date
from disclosures.labels import FIELD_LABELS, choices
from disclosures.models import DisclosureKind


def column_label(column: str):
    """A column's label on the form: its field's label, with the unit when typed in yuan."""
    label = FIELD_LABELS[field_name(column)]
    if column in MONEY_FIELDS:
        return _l("%(label)s (yuan)", label=label)
    return label


def item_form(kind: DisclosureKind, **kwargs) -> FlaskForm:
    """A form with one field per column of `kind` (the year comes from the page).

    Fields only carry the text typed; `disclosures.items.read_row` judges it, the same way as
    an imported row, and the view puts its messages on the fields.
    """

    class ItemForm(FlaskForm):
        pass

    for column, reader in COLUMNS[kind].items():
        if column == "year":
            continue
        label = column_label(column)
        enum_cls = getattr(reader, "enum", None)
        if enum_cls is not None:
            field = SelectField(
                label,
                choices=[SelectChoice("", "—")]
                + [SelectChoice(value, text) for value, text in choices(enum_cls)],
                validate_choice=False,
            )
        elif column == "description":
            field = TextAreaField(label, validators=[Length(max=20_000)])
        else:
            render = {"type": "date"} if reader is iso_date else {}
            if getattr(reader, "numeric", False):
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
