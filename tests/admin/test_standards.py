"""Issue 19 item 4: a province keeps its reception standard on the web, a draft first, then
published with a reason as a numbered revision (who, when, before, after, why); the public page
shows it and the receptions of that year are checked again; bad amounts refused in both
languages, nothing written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from admin.models import AdminAuditEntry, StandardDraft, StandardRevision
from disclosures.models import DisclosureKind, ReceptionStandard
from disclosures.publication import publish_items
from portal.findings_models import FindingRecord
from tests.disclosures.conftest import HOTEL_CODE, RESTAURANT_CODE, provider_item
from tests.disclosures.test_rules import reception_row, receptions

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
def test_who_may_set_a_province_s_standard(client, sign_in_as, who, code, status):
    sign_in_as(who)
    assert client.get(f"/admin/standards/{code}").status_code == status


def publish(client, year, reason, code="130000"):
    return client.post(
        f"/admin/standards/{code}/{year}/publish?lang=en", data={f"publish{year}-reason": reason}
    )


def test_a_draft_then_its_publication_then_a_revision(client, db, sign_in_as):
    account = sign_in_as("hebei")
    assert client.post("/admin/standards/130000", data=FORM).status_code == 302
    assert db.scalar(select(ReceptionStandard)) is None  # a draft is not public
    assert "450.00" not in client.get("/standards/130000?lang=en").get_data(as_text=True)
    refused = publish(client, 2027, "")
    assert refused.status_code == 422 and "This field is required." in refused.get_data(True)
    assert db.scalar(select(ReceptionStandard)) is None

    assert publish(client, 2027, "The province's new rules").status_code == 302
    db.expire_all()
    standard = db.scalar(select(ReceptionStandard))
    assert (standard.year, standard.night_cap_fen, standard.meal_cap_fen) == (2027, 45000, 8050)
    assert db.scalar(select(StandardDraft)) is None
    first = db.scalar(select(StandardRevision))
    assert (first.number, first.published_by_id, first.before) == (1, account.id, None)
    assert "450" in client.get("/standards/130000?lang=en").get_data(as_text=True)

    client.post("/admin/standards/130000", data={**FORM, "night_cap": "500"})
    assert publish(client, 2027, "Prices rose").status_code == 302
    db.expire_all()
    assert db.scalar(select(ReceptionStandard)).night_cap_fen == 50000
    second = db.scalar(select(StandardRevision).where(StandardRevision.number == 2))
    assert json.loads(second.before)["night_cap_fen"] == 45000
    assert json.loads(second.after)["night_cap_fen"] == 50000 and second.reason == "Prices rose"
    entry = db.scalar(select(AdminAuditEntry).order_by(AdminAuditEntry.id.desc()))
    assert entry.action == "standard_set" and entry.reason == "Prices rose"
    page = client.get("/admin/standards/130000?lang=en").get_data(as_text=True)
    assert "Revisions published" in page and "Prices rose" in page
    assert publish(client, 2027, "again").status_code == 404  # no draft left


def test_lowering_a_cap_makes_a_reception_over_the_standard(client, db, registry, sign_in_as):
    office = registry.laishui_office  # in Shijiazhuang, Hebei's capital
    items = [
        provider_item(HOTEL_CODE, "宾馆"),
        provider_item(RESTAURANT_CODE, "菜馆", "restaurant"),
    ]
    publish_items(db, office, DisclosureKind.PROVIDERS, 2023, list(enumerate(items, 2)), None)
    rows = [reception_row("2023-001")]  # 1,520 yuan for 4 guests, one night: 380 a night
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None)
    db.commit()
    sign_in_as("hebei")

    def r6():
        db.expire_all()
        rules = db.scalars(select(FindingRecord.rule).where(FindingRecord.office_id == office.id))
        return "R6" in set(rules)

    client.post("/admin/standards/130000", data={**FORM, "year": "2023", "night_cap": "400"})
    publish(client, 2023, "The 2023 rules")
    assert not r6()
    client.post("/admin/standards/130000", data={**FORM, "year": "2023", "night_cap": "300"})
    assert not r6()  # a draft changes nothing public
    publish(client, 2023, "Lowered by the province")
    assert r6()


@pytest.mark.parametrize(
    ("changes", "message", "zh"),
    [
        ({"night_cap": "-1"}, "An amount cannot be negative.", None),
        ({"meal_cap": "12.345"}, "An amount has at most two decimals (fen).", None),
        (
            {"meal_cap": "30000000"},
            "This amount is too large: at most 20,000,000 yuan.",
            "金额过大：最多 20,000,000 元。",
        ),
        ({"night_cap": "9" * 25}, "This amount is too large.", None),
        ({"year": "1999"}, "Number must be between 2000 and 2100.", None),
    ],
)
def test_bad_amounts_are_refused_and_nothing_written(client, db, sign_in_as, changes, message, zh):
    sign_in_as("hebei")
    response = client.post("/admin/standards/130000?lang=en", data={**FORM, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    if zh:
        chinese = client.post("/admin/standards/130000?lang=zh", data={**FORM, **changes})
        assert zh in chinese.get_data(as_text=True)
    assert db.scalar(select(StandardDraft)) is None
    assert db.scalar(select(ReceptionStandard)) is None
    assert db.scalar(select(AdminAuditEntry)) is None
