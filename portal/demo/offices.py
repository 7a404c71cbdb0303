"""Demo offices: an invented, seeded plan of liaison offices that breaks and keeps every rule."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from portal.demo.geography import MUNICIPALITIES, PROVINCE_ABBREVIATIONS, Division
from portal.models import GovernmentLevel, OfficeFunction, OfficeKind, OfficeStatus

SCALES = {"small": 320, "full": 3200}
"""How many offices each scale plans."""

OPERATING = OfficeStatus.OPERATING
PENDING = OfficeStatus.PENDING_APPROVAL
CLOSING = OfficeStatus.CLOSING
CLOSED = OfficeStatus.CLOSED

DEPARTMENTS = [
    ("商务局", "Commerce Bureau", "commerce"),
    ("发展和改革委员会", "Development and Reform Commission", "development"),
    ("投资促进局", "Investment Promotion Bureau", "investment"),
    ("农业农村局", "Agriculture and Rural Affairs Bureau", "agriculture"),
    ("文化和旅游局", "Culture and Tourism Bureau", "tourism"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau", "labour"),
    ("交通运输局", "Transport Bureau", "transport"),
    ("民族宗教事务委员会", "Ethnic and Religious Affairs Commission", "ethnic"),
]
MISSIONS = [
    ("对口支援工作办公室", "Paired Assistance Office", "assistance"),
    ("招商引资工作组", "Investment Attraction Team", "attraction"),
    ("重大项目协调办公室", "Major Projects Coordination Office", "projects"),
    ("灾后重建联络组", "Post-Disaster Reconstruction Liaison Team", "reconstruction"),
    ("扶贫协作工作站", "Poverty Alleviation Cooperation Station", "cooperation"),
    ("运动会筹备联络处", "Games Preparation Liaison Office", "games"),
]
STREETS = ["人民路", "中山路", "解放路", "建设路", "和平路", "友谊路", "新华路", "长江路"]


@dataclass
class OfficePlan:
    """One office to create, with the government and host province named by division code."""

    slug: str
    name_zh: str
    name_en: str
    government_code: str
    host_code: str
    kind: OfficeKind
    status: OfficeStatus
    established_on: date | None
    department_zh: str | None = None
    department_en: str | None = None
    mission_ends_on: date | None = None
    approving_code: str | None = None
    approved_on: date | None = None
    approval_reference: str | None = None
    closed_on: date | None = None
    closure_ordered_on: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    functions: list[OfficeFunction] = field(default_factory=list)
    scenario: str = ""


class Planner:
    """Draws offices from the real divisions with one seeded random generator."""

    def __init__(self, divisions: list[Division], seed: str) -> None:
        self.rng = random.Random(seed)
        self.by_code = {d.code: d for d in divisions}
        self.provinces = [
            d for d in divisions if d.level is GovernmentLevel.PROVINCIAL and d.mainland
        ]
        capitals = {p.capital_code for p in self.provinces}

        def local(d: Division) -> bool:
            # Not in a municipality, not in the capital's own prefecture.
            return (
                d.mainland
                and d.province_code not in MUNICIPALITIES
                and d.code not in capitals
                and (d.parent_code not in capitals)
            )

        lower = [d for d in divisions if d.mainland and d.level is not GovernmentLevel.PROVINCIAL]
        self.prefectures = [d for d in lower if d.level is GovernmentLevel.PREFECTURAL]
        self.counties = [
            d for d in lower if d.level is GovernmentLevel.COUNTY and d.name_zh[-1] in "县市旗"
        ]
        self.local_counties = [d for d in self.counties if local(d) and not d.autonomous]
        self.local_prefectures = [d for d in self.prefectures if local(d) and not d.autonomous]
        self.autonomous = [d for d in self.counties + self.prefectures if local(d) and d.autonomous]
        self.used: set[tuple[str, str]] = set()
        self.slugs: set[str] = set()
        self.plans: list[OfficePlan] = []

    # -- drawing --------------------------------------------------------------------------

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def fresh(self, pool: list[Division], host_of) -> tuple[Division, Division]:
        """A government and host province pair not used yet (so no accidental R3 duplicate)."""
        for _attempt in range(200):
            government = self.rng.choice(pool)
            host = host_of(government)
            if (government.code, host.code) not in self.used:
                return government, host
        return government, host

    def own(self, government: Division) -> Division:
        return self.by_code[government.province_code]

    def other(self, government: Division) -> Division:
        choices = [p for p in self.provinces if p.code != government.province_code]
        return self.rng.choice(choices)

    # -- building -------------------------------------------------------------------------

    def add(
        self,
        scenario: str,
        government: Division,
        host: Division,
        status: OfficeStatus,
        established_on: date | None,
        *,
        department: tuple[str, str, str] | None = None,
        mission: tuple[str, str, str] | None = None,
        mission_ends_on: date | None = None,
        approved: bool = False,
        closed_on: date | None = None,
        closure_ordered_on: date | None = None,
    ) -> OfficePlan:
        self.used.add((government.code, host.code))
        capital_zh = (host.capital_zh or host.name_zh).removesuffix("市")
        capital_en = host.capital_en or host.name_en or capital_zh
        gov_en = government.name_en or government.name_zh
        if department:
            who_zh, who_en, key = (
                government.name_zh + department[0],
                f"{gov_en} {department[1]}",
                department[2],
            )
        else:
            who_zh, who_en, key = government.name_zh + "人民政府", f"{gov_en} Government", "gov"
        if mission:
            name_zh = f"{who_zh}驻{capital_zh}{mission[0]}"
            name_en = f"{who_en} {mission[1]} in {capital_en}"
            key = mission[2]
        else:
            name_zh = f"{who_zh}驻{capital_zh}办事处"
            name_en = f"{who_en} Office in {capital_en}"
        city = capital_en.lower().replace("'", "").replace(" ", "-")
        slug = base = f"{government.code}-{key}-in-{city}"
        number = 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        approval = {}
        if approved:
            when = (established_on or date(2016, 1, 1)) - timedelta(days=self.rng.randrange(20, 90))
            abbreviation = PROVINCE_ABBREVIATIONS[host.code[:2]]
            approval = {
                "approving_code": host.code,
                "approved_on": when,
                "approval_reference": f"{abbreviation}政函〔{when.year}〕{self.rng.randrange(1, 200)}号",
            }
        functions = [OfficeFunction.PROMOTION, OfficeFunction.INFORMATION]
        functions += self.rng.sample(
            [OfficeFunction.MIGRANT_WORKERS, OfficeFunction.EMERGENCIES], self.rng.randrange(3)
        )
        if government.autonomous:
            functions.append(OfficeFunction.ETHNIC_AFFAIRS)
        plan = OfficePlan(
            slug=slug,
            name_zh=name_zh,
            name_en=name_en,
            government_code=government.code,
            host_code=host.code,
            kind=OfficeKind.SPECIAL_MISSION if mission else OfficeKind.STANDING,
            status=status,
            established_on=established_on,
            department_zh=department[0] if department else None,
            department_en=department[1] if department else None,
            mission_ends_on=mission_ends_on,
            closed_on=closed_on,
            closure_ordered_on=closure_ordered_on,
            address=f"{host.capital_zh or host.name_zh}{self.rng.choice(STREETS)}"
            f"{self.rng.randrange(1, 400)}号（演示地址）",
            phone=f"0{self.rng.randrange(100, 999)}-{self.rng.randrange(10_000_000, 99_999_999)}",
            email=f"{slug}@offices.example.cn",
            functions=sorted(set(functions), key=list(OfficeFunction).index),
            scenario=scenario,
            **approval,
        )
        self.plans.append(plan)
        return plan

    @staticmethod
    def approve_on(plan: OfficePlan, when: date) -> None:
        """Move an approval to another date (its reference carries the year)."""
        if plan.approved_on and plan.approval_reference:
            year = f"〔{plan.approved_on.year}〕"
            plan.approval_reference = plan.approval_reference.replace(year, f"〔{when.year}〕")
        plan.approved_on = when

    def old_date(self) -> date:
        return self.day(date(1993, 1, 1), date(2013, 12, 31))

    def new_date(self) -> date:
        return self.day(date(2015, 6, 1), date(2025, 6, 30))

    def closing_status(self, variant: int) -> tuple[OfficeStatus, date | None]:
        """Variant 0 operating, 1 closing, 2 closed (in 2015) — then a weighted draw."""
        status = [OPERATING, CLOSING, CLOSED][variant] if variant < 3 else None
        if status is None:
            status = self.rng.choices([OPERATING, CLOSING, CLOSED], [2, 1, 4])[0]
        closed_on = self.day(date(2015, 4, 1), date(2015, 12, 31)) if status is CLOSED else None
        return status, closed_on
