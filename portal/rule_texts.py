"""Plain-language explanations of the circular's rules, with the sentence of the circular quoted.

The office page shows these beside each finding. When `portal.rules.RULES` provides a text it
wins; these are the fallback, so a page never shows a bare rule code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleText:
    """A rule's title, its explanation in plain words, and the circular's sentence it rests on."""

    code: str
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    quote_en: str
    quote_zh: str

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_zh

    def explanation(self, language: str) -> str:
        return self.explanation_en if language == "en" else self.explanation_zh


_TEXTS = [
    RuleText(
        "R1",
        "县级政府及县、市级部门在本省省会的办事处须撤销",
        "County offices in their own province's capital must close",
        "县级政府，以及县级和市级政府的部门，不得在本省省会城市设立办事处；已设立的应当撤销。",
        "A county government, or a department of a county or city government, may not keep an "
        "office in the capital of its own province. Such offices must be shut down.",
        "Offices set up in their own province’s capital by county-level governments — and "
        "government-affiliated departments at the county and municipality level — will be shut down.",
        "县级政府以及县级、市级政府部门在本省省会城市设立的办事机构将予撤销。",
    ),
    RuleText(
        "R2",
        "民族自治地方的办事处须经省级政府批准",
        "Offices of autonomous areas need the provincial government's approval",
        "民族自治地方的市、县在本省省会设立的办事处，只有经省级人民政府批准才能保留。",
        "An office of a city or county in a national autonomous area may stay in its own "
        "province's capital only if the provincial government has approved it.",
        "Offices that represent municipalities and counties in national autonomous areas may "
        "continue to operate only if the provincial government approves.",
        "民族自治地方的市、县设立的办事机构，经省级政府批准后方可继续保留。",
    ),
    RuleText(
        "R3",
        "在省外每个省会城市最多一个办事处",
        "At most one office in any one outside provincial capital",
        "一个地方政府及其部门在本省以外的任何一个省会城市，合计最多只能设立一个办事处。",
        "A local government and its departments together may keep at most one office in any "
        "provincial capital outside their own province.",
        "A local government and its functional departments can only operate one liaison office "
        "in any provincial capital outside their own province.",
        "地方政府及其部门在本省以外的每个省会城市只能设立一个办事机构。",
    ),
    RuleText(
        "R4",
        "新设办事处须经省级政府批准",
        "A new office needs a provincial government's approval",
        "确有必要新设办事处的，必须事先得到省级人民政府批准；未经批准设立的属于擅自设立。",
        "Where a new office is truly needed, a provincial government must approve it first. "
        "An office set up without that approval is unauthorised.",
        "Authorities that do have any urgent need to set up new offices must get approvals from "
        "the provincial government.",
        "确有紧急需要新设办事机构的，必须经省级政府批准。",
    ),
    RuleText(
        "R5",
        "专项任务办事处任务完成后须撤销",
        "A special-mission office must close when its mission ends",
        "为完成专项任务设立的办事处，任务完成后必须撤销。",
        "An office set up for a specific mission must be closed once the mission is completed.",
        "And any offices established for specific missions must be closed when the job is completed.",
        "为专项任务设立的办事机构，任务完成后必须撤销。",
    ),
    RuleText(
        "R6",
        "接待须符合标准",
        "Receptions must keep to the standard",
        "公务接待必须符合本省规定的标准：住宿和用餐有上限，陪同人数有限，手续齐全，不得用现金。超标准接待被禁止。",
        "Official receptions must keep to the province's standard: caps on rooms and meals, few "
        "hosts, the required paperwork, and no cash. Receptions beyond the standard are banned.",
        "Receptions beyond the standard will be banned, according to the guidelines.",
        "禁止超标准接待。",
    ),
    RuleText(
        "R7",
        "须公开接待预算、服务提供商和服务清单",
        "Budgets, providers and service lists must be published",
        "运营中的办事处每年都应公开其公务接待预算、服务提供商和对公众提供的服务清单。",
        "An operating office must publish, for each completed year, its reception budget, its "
        "service providers and the list of services it offers.",
        "Information regarding business receptions should be made public, including the budgets, "
        "service providers and list of services.",
        "公务接待信息应当公开，包括预算、服务提供商和服务清单。",
    ),
    RuleText(
        "R8",
        "省级政府须按期报送进展情况",
        "Provinces must report their progress on time",
        "各省级人民政府须在2015年12月1日前向国管局报送办事处精简规范工作的进展情况，此后各轮也须按期报送。",
        "Each provincial government had to report its progress in downsizing the offices to the "
        "National Government Offices Administration before 1 December 2015, and each later round "
        "on time.",
        "The State Council required that all provincial governments must submit reports — "
        "regarding their progress in downsizing and regulating liaison offices — to the National "
        "Government Offices Administration, before Dec 1, 2015.",
        "各省级政府须在2015年12月1日前向国家机关事务管理局报送精简规范办事机构的进展情况。",
    ),
    RuleText(
        "R9",
        "拒不撤销",
        "Refusing to close",
        "已被要求撤销（依据规定或检查结论）的办事处仍在运营，属于拒不撤销，应当严肃处理。",
        "An office that was ordered to close (by the rules or by an inspection) and still "
        "operates is refusing to close, which must be dealt with seriously.",
        "Those who set up liaison offices without permission or refuse to shut down offices as "
        "required according to the latest guidelines will be dealt with seriously.",
        "擅自设立办事机构或拒不按要求撤销办事机构的，将严肃处理。",
    ),
    RuleText(
        "R10",
        "不得向本级政府所属宾馆购买接待服务",
        "No receptions bought from the government's own hotels",
        "办事处应向社会购买接待服务，不得向设立它的政府自己所属的宾馆、招待所购买。",
        "An office should buy reception services from private businesses, not from a hotel or "
        "guesthouse owned by its own government.",
        "Additionally, the offices are encouraged to purchase services for business receptions "
        "from private sectors — such as accommodation, dining and vehicles.",
        "鼓励办事机构向社会购买住宿、餐饮、用车等公务接待服务。",
    ),
    RuleText(
        "R11",
        "整改须经复查确认",
        "Rectification must be confirmed by a follow-up inspection",
        "检查中责令的整改，须在期限之前由复查确认完成。",
        "A rectification ordered by an inspection must be confirmed by a follow-up inspection "
        "before its deadline.",
        "Governments at all levels are required to strengthen supervision, inspect the liaison "
        "offices from time to time, and provide contact information to allow the public to file "
        "complaints.",
        "各级政府要加强监督，不定期对办事机构进行检查，并公布联系方式，接受群众投诉。",
    ),
]
TEXTS: dict[str, RuleText] = {text.code: text for text in _TEXTS}


def _pick(info: Any, name: str) -> str | None:
    value = info.get(name) if isinstance(info, dict) else getattr(info, name, None)
    return value if isinstance(value, str) and value else None


def rule_text(code: str) -> RuleText | None:
    """The texts of a rule: those of `portal.rules.RULES` where given, ours otherwise."""
    from portal import rules

    ours = TEXTS.get(code)
    info = getattr(rules, "RULES", {}).get(code)
    if info is None:
        return ours
    fields = {}
    for name in RuleText.__dataclass_fields__:
        if name == "code":
            continue
        fields[name] = _pick(info, name) or (getattr(ours, name) if ours else "")
    return RuleText(code, **fields)
