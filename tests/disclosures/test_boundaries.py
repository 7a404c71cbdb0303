"""R6's caps and counts, R7's completed years and R10's purchases, below, at and above each limit.

Each test says why the limit itself is allowed or not: from the circular ("receptions beyond the
standard will be banned": a reception at the standard is within it) and from the standard's own
words (DESIGN.md, R6: "at most one work meal, at most 3 hosts for up to 10 guests").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from disclosures.rules import (
    OwnGovernmentPurchase,
    allowed_hosts,
    rule_r6,
    rule_r7,
    rule_r10,
)
from portal.clock import frozen, today_in_china
from tests.disclosures.test_rules import HEBEI, reception

BELOW_AT_ABOVE = ["below", "at the limit", "above"]


def limits(**changes) -> dict[str, dict]:
    return {f.facts["limit"]: f.facts for f in rule_r6(reception(**changes), HEBEI)}


@pytest.mark.parametrize(
    ("fen", "excess"),
    [(4 * 2 * 38000 - 1, None), (4 * 2 * 38000, None), (4 * 2 * 38000 + 1, 1)],
    ids=BELOW_AT_ABOVE,
)
def test_r6_accommodation_exactly_at_the_cap_is_within_the_standard(fen, excess):
    """Receptions "beyond the standard" are banned: 4 guests × 2 nights at exactly ¥380 a night
    is at the standard; one fen more is beyond it, and the finding says by one fen."""
    found = limits(accommodation_fen=fen).get("night_cap")
    assert (found and found["excess_fen"]) == excess
    if found:
        assert found["cap_fen"] == 38000 and found["per_person_fen"] == 38000


@pytest.mark.parametrize(
    ("fen", "excess"),
    [(6 * 6000 - 1, None), (6 * 6000, None), (6 * 6000 + 1, 1)],
    ids=BELOW_AT_ABOVE,
)
def test_r6_dining_exactly_at_the_cap_is_within_the_standard(fen, excess):
    """6 people (4 guests, 2 hosts) at one meal of exactly ¥60 each are at the standard."""
    found = limits(dining_fen=fen).get("meal_cap")
    assert (found and found["excess_fen"]) == excess
    if found:
        assert found["cap_fen"] == 6000 and found["per_person_fen"] == 6000


@pytest.mark.parametrize(
    ("nights", "fen", "expected"),
    [(0, 0, None), (0, 1, 1), (1, 4 * 38000, None)],
    ids=["no night, nothing paid", "no night, one fen paid", "one night at the cap"],
)
def test_r6_accommodation_paid_without_a_night_is_all_excess(nights, fen, expected):
    """Nothing may be paid for accommodation when nobody stayed a night: every fen is over."""
    found = limits(nights=nights, accommodation_fen=fen).get("night_cap")
    assert (found and found["excess_fen"]) == expected


@pytest.mark.parametrize(
    ("work_meals", "dining_fen", "expected"),
    [(0, 6 * 6000, None), (1, 6 * 6000, None), (2, 2 * 6 * 6000, 1)],
    ids=BELOW_AT_ABOVE,
)
def test_r6_one_work_meal_is_allowed_and_a_second_is_one_too_many(work_meals, dining_fen, expected):
    """The standard allows "at most one work meal": one is within the standard, two are one too many. The meal cap
    counts at least one meal, so a reception without a work meal may still dine once."""
    found = limits(work_meals=work_meals, dining_fen=dining_fen)
    assert (found.get("work_meals") or {}).get("excess") == expected
    assert "meal_cap" not in found


@pytest.mark.parametrize(
    ("guests", "hosts", "excess"),
    [(10, 2, None), (10, 3, None), (10, 4, 1), (12, 3, None), (12, 4, None), (12, 5, 1)],
    ids=["10 guests, 2 hosts", "10 guests, 3", "10 guests, 4", "12, 3", "12, 4", "12, 5"],
)
def test_r6_three_hosts_for_up_to_ten_guests_then_a_third(guests, hosts, excess):
    """The standard: "at most 3 hosts for up to 10 guests (otherwise a third of the guests)":
    ten guests are still a small group (3 hosts); twelve allow four."""
    found = limits(guests=guests, hosts=hosts, dining_fen=0, accommodation_fen=0).get("hosts")
    assert (found and found["excess"]) == excess


@pytest.mark.parametrize(
    ("guests", "allowed"),
    [(11, 3), (12, 3), (13, 4)],
    ids=["below", "at the small group's size", "above"],
)
def test_the_small_group_size_is_counted_inclusively(guests, allowed):
    """A small group of "up to N guests" includes N: a province whose small group is 12 guests allows its 3
    hosts to exactly 12 guests (12 // 3 would allow 4), and a third of 13 guests (4) above."""
    standard = replace(HEBEI, small_group_guests=12)
    assert allowed_hosts(guests, standard) == allowed


@pytest.mark.parametrize(
    ("missing", "expected"),
    [((), None), (("letter_reference",), 1), (("letter_reference", "approval_reference"), 2)],
    ids=["all four", "one missing", "two missing"],
)
def test_r6_each_missing_element_counts(missing, expected):
    """The four elements (letter, approval, standard, reception list) are all required: the
    finding counts how many are missing."""
    found = limits(**dict.fromkeys(missing)).get("four_elements")
    assert (found and found["excess"]) == expected


@pytest.mark.parametrize(
    ("day", "years"),
    [(date(2016, 12, 31), [2015]), (date(2017, 1, 1), [2015, 2016])],
    ids=["last day of 2016", "first day of 2017"],
)
def test_r7_a_year_is_judged_from_the_day_after_it_ends(day, years):
    """R7 asks for the disclosures of each *completed* year: 2016 is not complete on its last
    day, and is from 1 January 2017 (a China day: the clock is frozen at noon in China)."""
    with frozen(day):
        today = today_in_china()
    found = rule_r7("x", date(2008, 1, 1), True, set(), today)
    assert {f.facts["kind"]: f.facts["years"] for f in found} == dict.fromkeys(
        ("budgets", "providers", "services"), years
    )


@pytest.mark.parametrize(
    ("established", "first"),
    [(date(2014, 12, 31), 2015), (date(2015, 1, 1), 2015), (date(2016, 1, 1), 2016), (None, 2015)],
    ids=["before the circular's year", "in it", "after it", "unknown"],
)
def test_r7_judges_from_the_circulars_year_or_the_year_the_office_opened(established, first):
    """The circular (2015) asks for disclosures from its year on; an office opened later owes
    them from the year it opened, that year included."""
    found = rule_r7("x", established, True, set(), date(2018, 6, 1))
    assert {tuple(f.facts["years"]) for f in found} == {tuple(range(first, 2018))}
    assert all(f.facts["excess"] == 2018 - first for f in found)


def purchase(receptions: int, contracts: int, years=(2023,)) -> OwnGovernmentPurchase:
    return OwnGovernmentPurchase(
        "x", "保定市", "Baoding", "91130600MA0000000X", "招待所", "Guesthouse",
        receptions, 1000 * receptions, contracts, 5000 * contracts, list(years),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("receptions", "contracts", "total"),
    [(0, 0, None), (1, 0, 1000), (0, 1, 5000), (1, 1, 6000)],
    ids=["nothing bought", "one reception", "one contract", "both"],
)
def test_r10_a_single_purchase_from_the_own_government_is_enough(receptions, contracts, total):
    """The circular encourages buying "from private sectors": one reception or one contract
    with a business of the office's own government already breaks R10."""
    found = rule_r10(purchase(receptions, contracts))
    assert [f.facts["total_fen"] for f in found] == ([total] if total else [])
