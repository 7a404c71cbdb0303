"""R6, R7 and R10: pure rules over plain facts, and the check that gathers them."""

from datetime import date

import pytest

from disclosures.items import read_row
from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from disclosures.rules import (
    OwnGovernmentPurchase,
    ReceptionFacts,
    StandardFacts,
    allowed_hosts,
    rule_r6,
    rule_r7,
    rule_r10,
)
from portal.compliance import all_findings, findings_for_office
from tests.disclosures.conftest import GUESTHOUSE_CODE, HOTEL_CODE

HEBEI = StandardFacts("河北省", "Hebei", 2023, night_cap_fen=38000, meal_cap_fen=6000)
COMPLETE = {
    "letter_reference": "冀函〔2023〕1号",
    "approval_reference": "审批-1",
    "standard_applied": "冀办〔2023〕5号",
    "reception_list_reference": "清单-1",
}


def reception(**changes) -> ReceptionFacts:
    values = dict(
        office_slug="laishui-in-shijiazhuang",
        reference="2023-001",
        received_on=date(2023, 5, 1),
        guests=4,
        hosts=2,
        nights=2,
        work_meals=1,
        accommodation_fen=4 * 2 * 38000,  # exactly at the cap
        dining_fen=6 * 6000,
        payment_method="bank_transfer",
        **COMPLETE,
    )
    values.update(changes)
    return ReceptionFacts(**values)


def test_a_reception_at_the_standard_has_no_finding():
    assert rule_r6(reception(), HEBEI) == []


@pytest.mark.parametrize(
    ("changes", "limit", "excess_key", "excess", "words"),
    [
        (
            {"accommodation_fen": 4 * 2 * 45000},
            "night_cap",
            "excess_fen",
            4 * 2 * 7000,
            "¥450.00 per person per night",
        ),
        (
            {"accommodation_fen": 1000, "nights": 0},
            "night_cap",
            "excess_fen",
            1000,
            "without any night",
        ),
        (
            {"dining_fen": 6 * 8000},
            "meal_cap",
            "excess_fen",
            6 * 2000,
            "¥80.00 per person per meal",
        ),
        ({"work_meals": 3, "dining_fen": 0}, "work_meals", "excess", 2, "3 work meals"),
        ({"hosts": 4}, "hosts", "excess", 1, "4 hosts for 4 guests"),
        (
            {"guests": 12, "hosts": 5, "dining_fen": 0, "accommodation_fen": 0},
            "hosts",
            "excess",
            1,
            "at most 4",
        ),
        (
            {"approval_reference": None, "reception_list_reference": " "},
            "four_elements",
            "excess",
            2,
            "approval, reception list",
        ),
        ({"payment_method": "cash"}, "cash", None, None, "cash"),
    ],
)
def test_each_limit_broken_is_named_with_its_excess(changes, limit, excess_key, excess, words):
    [finding] = rule_r6(reception(**changes), HEBEI)
    assert finding.rule == "R6" and finding.facts["limit"] == limit
    if excess_key:
        assert finding.facts[excess_key] == excess
    assert words in finding.message_en
    assert finding.message_zh.startswith("接待 2023-001")


def test_several_limits_give_several_findings():
    limits = [f.facts["limit"] for f in rule_r6(reception(hosts=9, payment_method="cash"), HEBEI)]
    assert limits == ["hosts", "cash"]


def test_caps_a_province_has_not_set_are_not_judged():
    unset = StandardFacts("河北省", "Hebei", 2023)
    assert rule_r6(reception(accommodation_fen=10**9), unset) == []


@pytest.mark.parametrize(("guests", "allowed"), [(1, 3), (10, 3), (11, 3), (12, 4), (30, 10)])
def test_hosts_allowed(guests, allowed):
    assert allowed_hosts(guests, HEBEI) == allowed


@pytest.mark.parametrize(
    ("established", "operating", "published", "expected"),
    [
        (
            date(2008, 1, 1),
            True,
            set(),
            {"budgets": [2015, 2016], "providers": [2015, 2016], "services": [2015, 2016]},
        ),
        (date(2016, 6, 1), True, {("budgets", 2016), ("providers", 2016)}, {"services": [2016]}),
        (date(2008, 1, 1), False, set(), {}),
        (date(2017, 1, 1), True, set(), {}),
    ],
)
def test_r7_names_the_kinds_and_years_missing(established, operating, published, expected):
    findings = rule_r7("x", established, operating, published, date(2017, 3, 1))
    assert {f.facts["kind"]: f.facts["years"] for f in findings} == expected


def test_r10_names_the_provider_and_the_money():
    purchase = OwnGovernmentPurchase(
        "x",
        "保定市",
        "Baoding",
        GUESTHOUSE_CODE,
        "保定市政府招待所",
        "",
        2,
        150000,
        1,
        500000,
        [2022, 2023],
    )
    [finding] = rule_r10(purchase)
    assert GUESTHOUSE_CODE in finding.message_en and "¥6,500.00" in finding.message_en
    assert "2022–2023" in finding.message_zh
    assert rule_r10(OwnGovernmentPurchase("x", "", "", "", "", "", 0, 0, 0, 0, [])) == []


def receptions(rows, year=2023):
    return [(n, read_row(DisclosureKind.RECEPTIONS, row, year)[1]) for n, row in enumerate(rows, 2)]


def reception_row(reference, **changes):
    row = {
        "reference": reference,
        "date": "2023-05-01",
        "visiting_party": "保定市商务局",
        "purpose": "招商对接",
        "guests": 4,
        "hosts": 2,
        "nights": 1,
        "work_meals": 1,
        "accommodation": "1520",
        "dining": "360",
        "vehicles": "0",
        "venues": "0",
        "other": "0",
        "provider_uscc": HOTEL_CODE,
        "payment_method": "bank_transfer",
        **COMPLETE,
    }
    row.update(changes)
    return row


def test_the_check_finds_receptions_over_the_standard(db, registry, providers, standard):
    office = registry.laishui_office
    rows = [
        reception_row("2023-001"),
        reception_row("2023-002", accommodation="2000"),
        reception_row("2023-003", payment_method="cash", letter_reference=""),
    ]
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None)
    db.commit()
    findings = [f for f in findings_for_office(db, office, date(2024, 1, 10)) if f.rule == "R6"]
    assert [(f.facts["reference"], f.facts["limit"]) for f in findings] == [
        ("2023-002", "night_cap"),
        ("2023-003", "four_elements"),
        ("2023-003", "cash"),
    ]
    assert findings[0].facts["excess_fen"] == 200000 - 4 * 38000


def test_the_check_finds_unpublished_years_and_own_government_purchases(
    db, registry, guesthouse_listed, standard
):
    office = guesthouse_listed
    publish_items(
        db,
        office,
        DisclosureKind.RECEPTIONS,
        2023,
        receptions([reception_row("2023-009", provider_uscc=GUESTHOUSE_CODE)]),
        None,
    )
    db.commit()
    everything = all_findings(db, date(2024, 1, 10))
    baoding = [f for f in everything if f.office_slug == office.slug]
    [r10] = [f for f in baoding if f.rule == "R10"]
    assert r10.facts["receptions"] == 1 and r10.facts["total_fen"] == 188000
    r7 = {f.facts["kind"]: f.facts["years"] for f in baoding if f.rule == "R7"}
    assert r7["providers"] == list(range(2015, 2023))  # 2023 is published
    assert r7["budgets"] == list(range(2015, 2024))
    closed = [
        f for f in everything if f.office_slug == registry.closed_office.slug and f.rule == "R7"
    ]
    assert closed == []


def test_the_check_for_one_office_runs_a_fixed_number_of_queries(
    app, db, registry, providers, standard
):
    from sqlalchemy import event

    from disclosures.rule_queries import check_disclosures
    from portal.database import database

    office = registry.laishui_office
    rows = [
        reception_row(f"2023-{n:03d}", accommodation="2000", payment_method="cash")
        for n in range(1, 41)
    ]
    publish_items(db, office, DisclosureKind.RECEPTIONS, 2023, receptions(rows), None)
    db.commit()
    statements = []
    listener = lambda *args: statements.append(args[2]) if not args[2].startswith("BEGIN") else None  # noqa: E731
    event.listen(database.engine, "before_cursor_execute", listener)
    try:
        findings = check_disclosures(db, date(2024, 1, 10), [office.id])
    finally:
        event.remove(database.engine, "before_cursor_execute", listener)
    assert len([f for f in findings if f.rule == "R6"]) == 80  # two limits broken by each of 40
    assert len(statements) <= 8  # a fixed number whatever the data: R12 and R13 add one each
