"""Invented disclosures for the demo, generated from seeded random numbers (no database here).

Every office gets its own `random.Random` seeded by its slug, so the data of one office does not
depend on which others exist. Amounts are in fen; items have the snapshot shape of `items.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from disclosures.uscc import ALPHABET, make_uscc
from portal.clock import CHINA

YEARS = range(2015, 2026)
SCALES = {
    "small": {"providers_per_province": 6, "receptions": 3_000, "contracts": 1_200},
    "full": {"providers_per_province": 72, "receptions": 200_000, "contracts": 30_000},
}

BRANDS = [
    ("金桥", "Jinqiao"), ("锦江", "Jinjiang"), ("华美", "Huamei"), ("和顺", "Heshun"),
    ("东方", "Dongfang"), ("瑞丰", "Ruifeng"), ("嘉禾", "Jiahe"), ("新世纪", "Xinshiji"),
    ("祥和", "Xianghe"), ("长安", "Chang'an"), ("福满楼", "Fumanlou"), ("悦来", "Yuelai"),
    ("鸿运", "Hongyun"), ("佳园", "Jiayuan"), ("君悦", "Junyue"), ("百合", "Baihe"),
    ("云海", "Yunhai"), ("春晖", "Chunhui"), ("银杏", "Yinxing"), ("星河", "Xinghe"),
]  # fmt: skip
KINDS = [
    ("hotel", "酒店有限公司", "Hotel Co., Ltd.", 40),
    ("restaurant", "餐饮管理有限公司", "Catering Management Co., Ltd.", 30),
    ("vehicle_rental", "汽车租赁有限公司", "Car Rental Co., Ltd.", 15),
    ("venue", "会展服务有限公司", "Convention Services Co., Ltd.", 10),
    ("other", "商务服务有限公司", "Business Services Co., Ltd.", 5),
]
BRANCHES = ["人民路", "中山路", "解放路", "建设路", "和平路", "友谊路", "新华路", "长江路"]
KIND_CATEGORY = {
    "hotel": "accommodation",
    "restaurant": "dining",
    "vehicle_rental": "vehicles",
    "venue": "venues",
    "other": "other",
}
SERVICES = [
    ("外出务工人员权益咨询与法律援助", "migrant_workers", "窗口、电话",
     "为在本省务工的家乡人员提供**劳动权益**咨询，协助联系法律援助机构。\n\n- 工作日 9:00–17:00\n- 电话预约优先"),
    ("招商引资项目对接", "enterprises", "窗口、网站",
     "介绍家乡的**投资环境**和重点项目，协助企业与家乡有关部门对接。"),
    ("突发事件联络协调", "emergencies", "24小时电话",
     "家乡人员在本省遇到**突发事件**时，协助联系家乡政府和当地有关部门。"),
    ("民族团结服务站", "ethnic_affairs", "窗口",
     "为少数民族群众提供政策咨询、翻译联络等服务，协助处理涉及民族因素的矛盾纠纷。"),
    ("家乡特色产品推介", "public", "展示厅",
     "展示家乡特色农产品和文化旅游资源。\n\n1. 产品展示\n2. 旅游咨询"),
    ("来省就医、求学人员咨询", "public", "电话、窗口",
     "为来省就医、求学的家乡群众提供信息咨询和必要的协助。"),
]  # fmt: skip
PURPOSES = [
    "招商引资洽谈",
    "项目协调对接",
    "务工人员权益协调",
    "考察学习",
    "会议联络",
    "经贸合作交流",
]
VISITORS = [
    "商务局",
    "发展和改革委员会",
    "人力资源和社会保障局",
    "农业农村局",
    "文化和旅游局",
    "工业和信息化局",
]
VIOLATIONS = ["night_cap", "meal_cap", "work_meals", "hosts", "four_elements", "cash"]


@dataclass(frozen=True)
class ProviderPlan:
    """A demo provider: its snapshot item, and the province it works in."""

    province_code: str
    item: dict[str, Any]


@dataclass
class OfficeDisclosures:
    """Everything one office publishes: (kind, year) → list of revisions (items, reason, time)."""

    revisions: dict[tuple[str, int], list[tuple[list[dict], str | None, datetime]]] = field(
        default_factory=dict
    )


def standard_values(province_code: str, year: int) -> dict[str, int]:
    """A province's caps for a year: richer provinces higher, a small rise every three years."""
    rng = random.Random(f"standard-{province_code}")
    rich = province_code[:2] in {"11", "31", "44", "33", "32", "12"}
    night = (480 if rich else 380) + rng.randrange(0, 60, 10) + 20 * ((year - 2015) // 3)
    meal = (120 if rich else 90) + rng.randrange(0, 30, 10) + 10 * ((year - 2015) // 4)
    return {"night_cap_fen": night * 100, "meal_cap_fen": meal * 100}


def _code(rng: random.Random, prefix: str, division: str, taken: set[str]) -> str:
    while True:
        code = make_uscc(prefix, division, "MA" + "".join(rng.choices(ALPHABET, k=7)))
        if code not in taken:
            taken.add(code)
            return code


def plan_providers(
    province_code: str, city_code: str, city_zh: str, city_en: str, count: int, taken: set[str]
) -> list[ProviderPlan]:
    """Private providers in a province's capital (the same on every run)."""
    rng = random.Random(f"providers-{province_code}")
    plans, names = [], set()
    weights = [weight for *_rest, weight in KINDS]
    for _ in range(count):
        kind, suffix_zh, suffix_en, _w = rng.choices(KINDS, weights)[0]
        brand_zh, brand_en = rng.choice(BRANDS)
        name_zh = f"{city_zh}{brand_zh}{suffix_zh}"
        branch = ""
        while name_zh in names:
            branch = rng.choice(BRANCHES)
            name_zh = f"{city_zh}{brand_zh}{branch}{suffix_zh}"
        names.add(name_zh)
        item = {
            "uscc": _code(rng, "91", city_code, taken),
            "name_zh": name_zh,
            "name_en": f"{city_en} {brand_en} {suffix_en}" if not branch else None,
            "kind": kind,
            "city": city_zh,
            "services": None,
            "owner_code": None,
        }
        plans.append(ProviderPlan(province_code, item))
    return plans


def guesthouse(government_code: str, government_zh: str, city_zh: str, taken: set[str]) -> dict:
    """A guesthouse in the host capital run by the office's own government (rule R10)."""
    rng = random.Random(f"guesthouse-{government_code}-{city_zh}")
    return {
        "uscc": _code(rng, "12", government_code, taken),
        "name_zh": f"{government_zh}驻{city_zh}接待中心",
        "name_en": None,
        "kind": "hotel",
        "city": city_zh,
        "services": "住宿、餐饮",
        "owner_code": government_code,
    }


def _published_at(rng: random.Random, year: int, months_later: int = 0) -> datetime:
    day = date(year + 1, 1, 10) + timedelta(days=rng.randrange(80) + 30 * months_later)
    return datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60)), CHINA).astimezone(
        UTC
    )
