"""Issue 19 item 4 (in part): a province publishes its reception standard on the web through the
disclosures package's service; audited; a change needs a reason; bad amounts refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from admin.models import AdminAuditEntry
from disclosures.models import ReceptionStandard
from portal.models import Role

FORM = {"year": "2027", "night_cap": "450", "meal_cap": "80.50", "reference": "冀财行〔2026〕1号"}


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("hebei", "130000", 200),
        ("admin", "220000", 200),
        ("hebei", "220000", 404),
        ("baoding", "130000", 404),
        ("national", "130000", 404),
        ("admin", "130600", 404),
    ],
)
def test_who_may_set_a_province_s_standard(client, registry, login, who, code, status):
    government = {
        "hebei": registry.hebei,
        "baoding": registry.baoding,
        "national": registry.national,
    }
    if who == "admin":
        login(Role.ADMIN)
    else:
        login(Role.NATIONAL if who == "national" else Role.SUPERVISOR, government=government[who])
    assert client.get(f"/admin/standards/{code}").status_code == status


def test_a_province_publishes_then_changes_with_a_reason(client, db, registry, login):
    account = login(Role.SUPERVISOR, government=registry.hebei)
    assert client.post("/admin/standards/130000", data=FORM).status_code == 302
    standard = db.scalar(select(ReceptionStandard))
    assert (standard.year, standard.night_cap_fen, standard.meal_cap_fen) == (2027, 45000, 8050)
    entry = db.scalar(select(AdminAuditEntry).where(AdminAuditEntry.action == "standard_set"))
    assert entry.actor_id == account.id and entry.before is None
    refused = client.post("/admin/standards/130000?lang=en", data={**FORM, "night_cap": "500"})
    assert refused.status_code == 422
    assert "Say why the standard of this year changes." in refused.get_data(as_text=True)
    done = client.post(
        "/admin/standards/130000", data={**FORM, "night_cap": "500", "reason": "Prices rose"}
    )
    assert done.status_code == 302
    db.expire_all()
    assert db.scalar(select(ReceptionStandard)).night_cap_fen == 50000
    last = db.scalar(select(AdminAuditEntry).order_by(AdminAuditEntry.id.desc()))
    assert json.loads(last.before)["night_cap_fen"] == 45000 and last.reason == "Prices rose"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"night_cap": "-1"}, "An amount cannot be negative."),
        ({"meal_cap": "12.345"}, "An amount has at most two decimals (fen)."),
        ({"meal_cap": "30000000"}, "This amount is too large."),
        ({"year": "1999"}, "Number must be between 2000 and 2100."),
    ],
)
def test_bad_amounts_are_refused_and_nothing_written(client, db, registry, login, changes, message):
    login(Role.SUPERVISOR, government=registry.hebei)
    response = client.post("/admin/standards/130000?lang=en", data={**FORM, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(ReceptionStandard)) is None
