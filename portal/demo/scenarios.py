"""The situations demo offices are drawn from, each keeping or breaking one of the circular's rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from portal.demo.offices import (
    CLOSED,
    CLOSING,
    DEPARTMENTS,
    MISSIONS,
    OPERATING,
    PENDING,
    SCALES,
    OfficePlan,
    Planner,
)

# Each scenario takes the planner and a variant: variants below its count are drawn once each
# (so every case exists even in the small set); higher numbers mean "draw at random".


def county_in_own_capital(p: Planner, variant: int) -> None:
    """R1: a county government's office in its own province's capital."""
    government, host = p.fresh(p.local_counties, p.own)
    status, closed_on = p.closing_status(variant)
    p.add("R1", government, host, status, p.old_date(), closed_on=closed_on)


def department_in_own_capital(p: Planner, variant: int) -> None:
    """R1: a prefecture's (or a county's) department in its own province's capital."""
    pool = p.local_prefectures if variant % 2 == 0 or variant > 3 else p.local_counties
    government, host = p.fresh(pool, p.own)
    status, closed_on = p.closing_status(variant if variant < 3 else 9)
    department = p.rng.choice(DEPARTMENTS[:7])
    p.add("R1", government, host, status, p.old_date(), department=department, closed_on=closed_on)


def prefecture_in_own_capital(p: Planner, variant: int) -> None:
    """Keeps R1: a prefecture government itself may keep an office in its own capital."""
    government, host = p.fresh(p.local_prefectures, p.own)
    p.add("R1-kept", government, host, OPERATING, p.old_date())


def autonomous_in_own_capital(p: Planner, variant: int) -> None:
    """R2: an autonomous-area municipality or county in its own capital, approved or not."""
    government, host = p.fresh(p.autonomous, p.own)
    approved = variant == 0 or (variant > 1 and p.rng.random() < 0.6)
    if approved:
        established = p.old_date()
        plan = p.add("R2-kept", government, host, OPERATING, established, approved=True)
        p.approve_on(plan, p.day(date(2015, 4, 1), date(2015, 11, 30)))
    else:
        p.add("R2", government, host, OPERATING, p.old_date())


def one_office_outside(p: Planner, variant: int) -> None:
    """Keeps R3: one office of a government in an outside capital (a province's, often)."""
    pool = p.prefectures if variant % 3 else p.counties
    if variant == 2 or (variant > 2 and p.rng.random() < 0.15):
        pool = p.provinces
    government, host = p.fresh(pool, p.other)
    status = OPERATING if variant < 3 or p.rng.random() < 0.85 else CLOSING
    p.add("R3-kept", government, host, status, p.old_date())


def several_offices_outside(p: Planner, variant: int) -> None:
    """R3: a government and its department(s) both keep an office in one outside capital.

    Variant 1 closed the second office in time (keeps the rule)."""
    government, host = p.fresh(p.prefectures + p.provinces, p.other)
    p.add("R3", government, host, OPERATING, p.old_date())
    for department in p.rng.sample(DEPARTMENTS[:7], 1 + (variant > 1 and p.rng.random() < 0.3)):
        if variant == 1:
            closed_on = p.day(date(2015, 4, 1), date(2015, 12, 31))
            p.add(
                "R3-kept",
                government,
                host,
                CLOSED,
                p.old_date(),
                department=department,
                closed_on=closed_on,
            )
        else:
            p.add("R3", government, host, OPERATING, p.old_date(), department=department)


def new_office(p: Planner, variant: int) -> None:
    """R4: an office set up after the circular, approved or not, or pending approval."""
    pool = p.prefectures + p.provinces
    government, host = p.fresh(pool, p.other)
    case = variant if variant < 5 else p.rng.choices(range(5), [5, 2, 1, 1, 1])[0]
    if case == 0:
        p.add("R4-kept", government, host, OPERATING, p.new_date(), approved=True)
    elif case == 4:  # approved, but only after it had opened: a warning
        established = p.new_date()
        plan = p.add("R4", government, host, OPERATING, established, approved=True)
        p.approve_on(plan, established + timedelta(days=p.rng.randrange(30, 200)))
    elif case == 1:
        p.add("R4", government, host, OPERATING, p.new_date())
    elif case == 2:  # waiting for approval, already working: breaks R4
        p.add("R4", government, host, PENDING, p.new_date())
    else:  # waiting for approval, not open yet: keeps R4
        p.add("R4-kept", government, host, PENDING, None)


def special_mission(p: Planner, variant: int) -> None:
    """R5 (and R9): a special-mission office, its mission ended or not, closed or not."""
    pool = p.prefectures + p.provinces
    government, host = p.fresh(pool, p.other)
    mission = p.rng.choice(MISSIONS)
    case = variant if variant < 4 else p.rng.choices(range(4), [2, 1, 3, 3])[0]
    established = p.day(date(2008, 1, 1), date(2014, 12, 31))
    ended = p.day(date(2012, 1, 1), date(2024, 12, 31))
    ended = max(ended, established)
    if case == 0:  # mission over, still operating: R5 and R9
        p.add(
            "R5", government, host, OPERATING, established, mission=mission, mission_ends_on=ended
        )
    elif case == 1:  # mission over, closing: R5 only
        p.add("R5", government, host, CLOSING, established, mission=mission, mission_ends_on=ended)
    elif case == 2:  # closed after its mission: keeps R5
        p.add(
            "R5-kept",
            government,
            host,
            CLOSED,
            established,
            mission=mission,
            mission_ends_on=ended,
            closed_on=ended,
        )
    else:  # mission still going on
        ends = p.day(date(2028, 1, 1), date(2033, 12, 31))
        p.add(
            "R5-kept",
            government,
            host,
            OPERATING,
            established,
            mission=mission,
            mission_ends_on=ends,
        )


def ordered_to_close(p: Planner, variant: int) -> None:
    """R9: an inspection ordered the office to close; it did, is closing, or refuses."""
    government, host = p.fresh(p.prefectures + p.counties, p.other)
    ordered = p.day(date(2016, 3, 1), date(2024, 12, 31))
    case = variant if variant < 3 else p.rng.choices(range(3), [3, 1, 2])[0]
    status = [OPERATING, CLOSING, CLOSED][case]
    closed_on = p.day(ordered, ordered + timedelta(days=365)) if status is CLOSED else None
    p.add(
        "R9" if case == 0 else "R9-kept",
        government,
        host,
        status,
        p.old_date(),
        closure_ordered_on=ordered,
        closed_on=closed_on,
    )


SCENARIOS: list[tuple[Callable[[Planner, int], None], int, int]] = [
    # (scenario, how many variants to draw once each, weight in the random draw)
    (county_in_own_capital, 3, 14),
    (department_in_own_capital, 4, 10),
    (prefecture_in_own_capital, 1, 8),
    (autonomous_in_own_capital, 2, 6),
    (one_office_outside, 3, 30),
    (several_offices_outside, 2, 6),
    (new_office, 5, 12),
    (special_mission, 4, 8),
    (ordered_to_close, 3, 6),
]


def plan_offices(divisions, scale: str) -> list[OfficePlan]:
    """The offices of the demo at `scale`, the same on every run (seeded by the scale's name)."""
    planner = Planner(divisions, seed=f"liaison-portal-demo-{scale}")
    for scenario, variants, _weight in SCENARIOS:
        for variant in range(variants):
            scenario(planner, variant)
    weights = [weight for _s, _v, weight in SCENARIOS]
    while len(planner.plans) < SCALES[scale]:
        scenario = planner.rng.choices(SCENARIOS, weights)[0][0]
        scenario(planner, 99)
    return planner.plans
