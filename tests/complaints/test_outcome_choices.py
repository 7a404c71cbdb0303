"""The outcome radios are laid out like every other choice (issue 16 item 12)."""

from __future__ import annotations

import re

from portal.models import Role
from tests.complaints.test_supervise import file_complaint


def test_the_outcomes_are_a_fieldset_of_radio_rows_not_a_list(app, client, db, login, registry):
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    client.post(f"/supervise/complaints/{complaint.reference}/acknowledge")
    page = client.get(f"/supervise/complaints/{complaint.reference}?lang=en").text
    close = page[page.index('id="action-close"') :]
    fieldset = close[close.index('<fieldset id="close-outcome"') : close.index("</fieldset>")]
    assert "<legend>Outcome</legend>" in fieldset
    assert "<ul" not in fieldset and "<li" not in fieldset
    rows = re.findall(r'<div class="radio">(.*?)</div>', fieldset, re.S)
    assert len(rows) == 4
    for row in rows:
        # The radio comes first, then its label pointing at it.
        radio = re.search(r'<input[^>]*id="(close-outcome-\d)"[^>]*>', row)
        assert radio and 'type="radio"' in radio.group(0) and 'name="outcome"' in radio.group(0)
        assert row.index("<input") < row.index("<label")
        assert f'<label for="{radio.group(1)}">' in row


def test_a_missing_outcome_is_shown_on_the_fieldset(app, client, db, login, registry):
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    client.post(f"/supervise/complaints/{complaint.reference}/acknowledge")
    refused = client.post(
        f"/supervise/complaints/{complaint.reference}/close?lang=en",
        data={"summary": "Checked.", "confirm": "1"},
    )
    assert refused.status_code == 400
    assert 'href="#close-outcome"' in refused.text
    assert 'id="close-outcome-error">Choose an outcome.' in refused.text
