"""One label per item field: the editor's form, its draft table and the public history agree."""

from __future__ import annotations

import pytest

from disclosures.forms import column_label, item_form
from disclosures.items import COLUMNS, MONEY_FIELDS, field_name, read_row
from disclosures.labels import FIELD_LABELS
from disclosures.models import DisclosureKind
from tests.disclosures.test_public_pages import BUDGET, CONTRACTS, RECEPTIONS, SERVICES


@pytest.mark.parametrize("kind", list(DisclosureKind))
def test_every_column_is_labelled_by_its_field(request_context, kind):
    for column in COLUMNS[kind]:
        if column == "year":
            continue
        label = str(column_label(column))
        assert label.startswith(str(FIELD_LABELS[field_name(column)])), column
        assert label.endswith("(yuan)") == (column in MONEY_FIELDS), column


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        (DisclosureKind.BUDGETS, BUDGET[0]),
        (DisclosureKind.CONTRACTS, CONTRACTS[0]),
        (DisclosureKind.SERVICES, SERVICES[0]),
        (DisclosureKind.RECEPTIONS, RECEPTIONS[0]),
    ],
)
def test_every_field_of_an_item_has_a_label_for_the_history(request_context, kind, row):
    _year, item = read_row(kind, row, 2023)
    assert set(item) <= set(FIELD_LABELS)


def test_the_form_shows_the_shared_labels_and_widgets(app, request_context):
    form = item_form(DisclosureKind.RECEPTIONS, formdata=None)
    assert form.reference.label.text == "Reference number"
    assert form.accommodation.label.text == "Accommodation (yuan)"
    assert form.payment_method.type == "SelectField"
    assert form.date.render_kw == {"type": "date"}
    assert form.guests.render_kw == {"inputmode": "numeric"}
