"""How every page explains the circular's rules R1–R13: titles, plain words and quotes, in both languages."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "data" / "rule_texts.toml"


@dataclass(frozen=True)
class RuleText:
    """How every page explains a rule: a title, plain words, and the circular's sentence."""

    code: str
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    quote_zh: str
    quote_en: str

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_zh

    def explanation(self, language: str) -> str:
        return self.explanation_en if language == "en" else self.explanation_zh

    def quote(self, language: str) -> str:
        return self.quote_en if language == "en" else self.quote_zh


def _load_rule_texts() -> dict[str, RuleText]:
    with TEXTS.open("rb") as handle:
        raw = tomllib.load(handle)
    return {code: RuleText(code=code, **texts) for code, texts in raw.items()}


RULES: dict[str, RuleText] = _load_rule_texts()
"""R1–R13 explained; the English quotes are verbatim from the circular's English release."""


HOW_CHECKED: dict[str, tuple[str, str]] = {
    "R1": (
        "每天根据登记册检查：设立方是县级政府或县、地市级部门，办事处设在本省省会，且在"
        "2015年12月31日之后仍未撤销。",
        "Every day, from the register: the establishing government is a county or a county's or"
        " prefecture's department, the office is in its own province's capital, and it was not"
        " closed by 31 December 2015.",
    ),
    "R2": (
        "每天根据登记册检查：设立方属于民族自治地方，办事处设在本省省会，且登记册中没有省级"
        "政府的批准记录（批准机关、日期和文号）。",
        "Every day, from the register: the establishing government is in a national autonomous"
        " area, the office is in its own province's capital, and the register holds no provincial"
        " approval (approving government, date and reference).",
    ),
    "R3": (
        "每天根据登记册检查：把同一政府及其部门在同一外省省会未撤销的办事处归为一组，"
        "一组有两个或更多时，每一个都被标出。",
        "Every day, from the register: the offices not closed that one government and its"
        " departments keep in the same outside capital are grouped; in a group of two or more,"
        " each is flagged.",
    ),
    "R4": (
        "每天根据登记册检查：2015年3月16日以后设立的办事处，或待批准却已运作的办事处，"
        "是否有省级政府的批准记录。",
        "Every day, from the register: whether an office set up after 16 March 2015, or one"
        " awaiting approval but already working, has a recorded provincial approval.",
    ),
    "R5": (
        "每天根据登记册检查：专项任务办事处的任务结束日期已过而办事处未撤销；90天内为提醒，"
        "之后为违规。",
        "Every day, from the register: a special-mission office whose mission end date has passed"
        " and which is not closed; a warning for 90 days, a violation after them.",
    ),
    "R6": (
        "根据办事处公开的每条接待记录，与所在省份当年公布的接待标准逐项比较（住宿、用餐、"
        "工作餐、陪同人数、四要素、现金）。",
        "From each reception the office publishes, compared item by item with the host"
        " province's published standard for that year (accommodation, meals, work meals, hosts,"
        " the four elements, cash).",
    ),
    "R7": (
        "每天根据公开记录检查：运行中的办事处对每个已结束的年度是否公开了预算、服务提供方"
        "和服务清单。",
        "Every day, from the disclosures: whether an operating office has published its budget,"
        " its providers and its service list for each completed year.",
    ),
    "R8": (
        "根据各省报送的进展报告：每一轮截止日期前是否提交了第一版；台湾、香港、澳门不适用。",
        "From the provinces' progress reports: whether the first version of each round was"
        " submitted before its deadline; Taiwan, Hong Kong and Macao are not applicable.",
    ),
    "R9": (
        "每天根据登记册和检查记录：应撤销的办事处（R1期满、R5宽限期满或检查责令撤销超过60天）"
        "仍在运行或待批准。",
        "Every day, from the register and the inspections: an office that must close (R1 after"
        " its deadline, R5 after the grace period, or ordered to close more than 60 days ago) is"
        " still operating or pending approval.",
    ),
    "R10": (
        "根据公开的服务提供方：其统一社会信用代码是否属于设立该办事处的政府所属宾馆、招待所。",
        "From the published providers: whether a provider's unified social credit code belongs"
        " to a hotel or guesthouse owned by the government that set the office up.",
    ),
    "R11": (
        "根据公开的检查记录：责令整改的检查之后，整改期限内是否有对同一办事处的复查。",
        "From the published inspections: whether an inspection that ordered rectification was"
        " followed by another inspection of the same office by the deadline.",
    ),
    "R12": (
        "根据办事处公开的接待预算：每一类支出的实际数超过计划数10%以上的，即被标出"
        "（正好多10%仍在容差之内）。",
        "From the reception budgets the office publishes: each category whose actual spending is"
        " more than 10% above its plan is flagged (exactly 10% above is still within the"
        " tolerance).",
    ),
    "R13": (
        "根据办事处公开的合同和接待预算：一年的合同金额合计超过当年接待预算（各类计划数之和）的，"
        "即被标出；没有公开当年预算的年度属于第7条。",
        "From the contracts and reception budgets the office publishes: a year whose contracts add"
        " up to more than that year's reception budget (the sum of its planned categories) is"
        " flagged; a year without a published budget falls under R7.",
    ),
}
"""How the portal checks each rule, in plain words: (Chinese, English)."""


def how_checked(code: str, language: str) -> str:
    """How the portal checks a rule, in the page's language ("" for a rule not described)."""
    zh, en = HOW_CHECKED.get(code, ("", ""))
    return en if language == "en" else zh
