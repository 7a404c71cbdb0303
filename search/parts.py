"""The parts of documents that several kinds share: dates as numbers, coded values and kinds in
both languages, governments, offices, providers, and findings as a person reads them."""

from __future__ import annotations

from datetime import date

from disclosures.models import Provider
from portal.labels import SEVERITY_LABELS
from portal.models import Office
from portal.rule_texts import RULES
from portal.rules import Finding
from search.documents import HIDDEN, Document, Part, Places
from search.labels import KIND_LABELS, OVER_STANDARD, bilingual

EXTRA_WORDS = {"hotel": "宾馆 饭店", "restaurant": "饭店 餐馆"}
"""Words people use for a kind of provider beside its label."""

EXCESS_LIMITS = frozenset({"night_cap", "meal_cap", "work_meals", "hosts"})
"""The limits of R6 a reception can exceed: breaking one puts it "over the standard" (a
missing element or a cash payment breaks R6 too, but is not an excess)."""


def finding_part(finding: Finding) -> Part:
    """A finding as a person reads it: rule code, severity, the rule's title, the message."""
    severity_zh, severity_en = bilingual(SEVERITY_LABELS, str(finding.severity))
    rule = RULES.get(finding.rule)
    title_zh, title_en = (rule.title_zh, rule.title_en) if rule else ("", "")
    return Part(
        "finding",
        f"{finding.rule} {severity_zh}（{title_zh}）：{finding.message_zh}",
        f"{finding.rule} {severity_en} ({title_en}): {finding.message_en}",
    )


MESSAGES_PER_RULE = 3
"""An office's document quotes at most this many findings of one rule (its receptions carry
their own)."""


def quoted_findings(findings: list[Finding]) -> list[Part]:
    """The findings an office's document quotes: at most MESSAGES_PER_RULE of each rule."""
    quoted: dict[str, int] = {}
    parts = []
    for finding in findings:
        quoted[finding.rule] = quoted.get(finding.rule, 0) + 1
        if quoted[finding.rule] <= MESSAGES_PER_RULE:
            parts.append(finding_part(finding))
    return parts


def over_standard(findings: list[Finding]) -> bool:
    """Whether some findings say a reception exceeded a limit of the standard (R6)."""
    return any(f.rule == "R6" and f.facts.get("limit") in EXCESS_LIMITS for f in findings)


def over_standard_part() -> Part:
    """The words that find a reception over the standard: 超标, 超标准接待, "over the standard"."""
    return Part("standard", *OVER_STANDARD)


def day(value: date | None) -> int:
    """A date as the number YYYYMMDD (0 for none): what the index sorts and ranges on."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def coded(field: str, mapping, value) -> list[Part]:
    """A coded value's labels in both languages, and (hidden) its code and synonyms."""
    zh, en = bilingual(mapping, value)
    code = str(getattr(value, "value", value) or "")
    words = [EXTRA_WORDS.get(code, ""), code.replace("_", " ")]
    extra = " ".join(word for word in words if word and word.lower() != en.lower())
    return [Part(field, zh, en), *([Part(HIDDEN, extra)] if extra else [])]


def kind_part(kind: str) -> Part:
    return Part("kind", *bilingual(KIND_LABELS, kind))


def government_parts(places: Places, government_id: int | None, field: str) -> list[Part]:
    row = places.rows.get(government_id)
    if row is None:
        return []
    parts = [Part(field, row.name_zh, row.name_en or "")]
    if row.capital_zh or row.capital_en:
        parts.append(Part("capital", row.capital_zh or "", row.capital_en or ""))
    return parts


def office_part(office: Office) -> Part:
    return Part("office", office.name_zh, office.name_en or "")


def provider_parts(provider: Provider | None) -> list[Part]:
    if provider is None:
        return []
    return [Part("provider", provider.name_zh, provider.name_en or ""), Part("uscc", provider.uscc)]


def office_record(
    kind: str, row, places: Places, *, title_zh: str, title_en: str, parts: list[Part], **extra
) -> Document:
    """A document about one of an office's records (budget, contract, listing, reception,
    inspection): keyed by the row, with the office's slug and provinces for links and facets."""
    office = row.office
    return Document(
        kind=kind,
        key=str(row.id),
        title_zh=title_zh,
        title_en=title_en,
        parts=tuple(part for part in (*parts, kind_part(kind)) if part.zh or part.en),
        office_ref=office.slug,
        host=places.code(office.host_province_id),
        est=places.province_code(office.establishing_government_id),
        **extra,
    )
