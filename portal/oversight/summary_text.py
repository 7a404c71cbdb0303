"""The national summary in words: a few paragraphs generated from its figures, in Chinese and
in English, so the national office can hand the page to the State Council as it is (pure)."""

from __future__ import annotations

from portal.oversight.summary import NationalSummary, ProvinceRow
from portal.rule_texts import RULES

LARGEST = 3
"""How many provinces a paragraph names (the largest reductions, the missing reports)."""


def _names(rows: list[ProvinceRow], language: str) -> str:
    names = [row.name(language) for row in rows]
    if language == "en":
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return "、".join(names)


def _offices(s: NationalSummary, language: str) -> str:
    t = s.totals
    new = t.new_with_approval + t.new_without_approval
    change = t.offices_now - t.offices_before
    if language == "en":
        text = (
            f"As of {s.today.isoformat()}, the governments of the {len(s.rows)} provincial-level"
            f" divisions of the mainland had {t.offices_now} liaison offices. On"
            f" {s.baseline.isoformat()} they had {t.offices_before}; {t.closures} have closed"
            f" since and {new} have been set up ({t.new_with_approval} with approval,"
            f" {t.new_without_approval} without), a net change of {change:+d}."
        )
    else:
        text = (
            f"截至 {s.today.isoformat()}，中国大陆 {len(s.rows)} 个省级行政区的各级政府共有驻外"
            f"办事处 {t.offices_now} 个。{s.baseline.isoformat()} 时为 {t.offices_before} 个；"
            f"此后撤销 {t.closures} 个，新设 {new} 个（经批准 {t.new_with_approval} 个，未经批准"
            f" {t.new_without_approval} 个），净变化 {change:+d} 个。"
        )
    reduced = sorted(
        (row for row in s.rows if row.offices_now < row.offices_before),
        key=lambda row: (row.offices_now - row.offices_before, row.code),
    )[:LARGEST]
    if reduced:
        figures = [row.offices_before - row.offices_now for row in reduced]
        if language == "en":
            text += f" The largest reductions: {_names(reduced, language)} ({', '.join(f'−{n}' for n in figures)})."
        else:
            text += f"减少最多的是{_names(reduced, language)}（分别减少 {'、'.join(str(n) for n in figures)} 个）。"
    return text


def _reports(s: NationalSummary, language: str) -> str:
    r = s.totals.reports
    on_time, late, missing = r.get("on_time", 0), r.get("late", 0), r.get("missing", 0)
    lacking = [row for row in s.rows if row.reports.get("missing", 0)][:LARGEST]
    if language == "en":
        text = (
            f"Progress reports due so far: {on_time} submitted on time, {late} late and"
            f" {missing} missing."
        )
        if lacking:
            more = " among others" if missing > len(lacking) else ""
            text += f" Reports are missing from {_names(lacking, language)}{more}."
        return text
    text = f"已到期的进展报告中，按时提交 {on_time} 份，逾期提交 {late} 份，未提交 {missing} 份。"
    if lacking:
        more = "等" if missing > len(lacking) else ""
        text += f"未提交报告的有{_names(lacking, language)}{more}。"
    return text


def _findings(s: NationalSummary, language: str) -> str:
    found = s.totals.findings
    total = sum(found.values())
    if not total:
        if language == "en":
            return "No rule of the circular is broken, as far as the registry's data shows."
        return "根据登记数据，没有发现违反《通知》规则的情况。"
    rule, count = max(found.items(), key=lambda item: (item[1], item[0]))
    title = RULES[rule].title(language) if rule in RULES else rule
    if language == "en":
        return (
            f"The portal's checks find {total} breaches of the circular's rules; the most"
            f" frequent is {rule} ({title}), with {count}."
        )
    return f"本门户的核查共发现违反《通知》规则的情况 {total} 项，最多的是 {rule}（{title}），共 {count} 项。"


def _oversight(s: NationalSummary, language: str) -> str:
    a, i = s.totals.approvals, s.totals.inspections
    approved, refused, pending = a.get("approved", 0), a.get("refused", 0), a.get("pending", 0)
    inspected = sum(i.values())
    to_close, to_rectify = i.get("ordered_to_close", 0), i.get("rectification_required", 0)
    if language == "en":
        text = (
            f"Provincial governments approved {approved} applications and refused {refused};"
            f" {pending} are pending. {inspected} inspections were published: {to_rectify}"
            f" ordered rectification and {to_close} ordered an office to close."
        )
    else:
        text = (
            f"省级政府批准申请 {approved} 件，不予批准 {refused} 件，待审批 {pending} 件。"
            f"已公布检查 {inspected} 次，其中责令整改 {to_rectify} 次，责令撤销 {to_close} 次。"
        )
    t = s.totals
    if s.complaints_available and t.complaints_received is not None:
        in_time = t.complaints_in_time or 0
        if language == "en":
            text += (
                f" The public filed {t.complaints_received} complaints; {in_time} were handled"
                " within the deadline."
            )
        else:
            text += f"公众投诉 {t.complaints_received} 件，其中 {in_time} 件在期限内办结。"
    return text


def written_summary(summary: NationalSummary, language: str) -> list[str]:
    """The summary's paragraphs in the language asked for ("en" or Chinese otherwise)."""
    return [
        _offices(summary, language),
        _reports(summary, language),
        _findings(summary, language),
        _oversight(summary, language),
    ]
