"""Recompute the portal's national summary (/reports/summary.json) from a bulk-download bundle.

    python docs/recompute_summary.py portal-open-data-all.zip > summary.json

Only Python's standard library. It reads the bundle's datasets (never its copy of the summary)
and counts as the portal does:

- offices open on the baseline day and today, closures between, and offices established since
  (with or without approval), by the province whose government (or one below it: the first two
  digits of the division code) set the office up;
- findings per rule against the same province (a finding that names no office, R8, against the
  province in its facts);
- progress reports of every round by timing (on time, late, missing; "not due" is not counted),
  against the reporting province;
- complaints received and resolved in time, by host province (from the complaint statistics:
  complaints are never published one by one);
- applications for approval by status, and the urgent ones, against the host province;
- published inspections by result, against the province that set the office up.

The baseline is the first reporting round's, or the circular's date (2015-03-16) when there is
no round; "today" is the bundle's `as_of` day. Only the 31 mainland divisions the circular
addresses have figures; Taiwan, Hong Kong and Macao are listed as not applicable. The output has
the keys of /reports/summary.json.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import Counter
from typing import Any

CIRCULAR_DATE = "2015-03-16"
OUTSIDE_THE_CIRCULAR = {"71", "81", "82"}
"""Taiwan, Hong Kong and Macao: listed as not applicable, counted in no figure."""
NUMBERS = ("offices_before", "closures", "new_with_approval", "new_without_approval", "offices_now")
REPORT_KEYS = ["on_time", "late", "missing"]
APPROVAL_KEYS = ["approved", "refused", "pending", "urgent"]
INSPECTION_KEYS = ["compliant", "rectification_required", "ordered_to_close"]


def read(bundle: zipfile.ZipFile, name: str) -> Any:
    return json.loads(bundle.read(name).decode("utf-8"))


def rule_key(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    digits = code[len(prefix) :]
    return prefix, int(digits) if digits else 0


def new_row(code: str, name_zh: str, name_en: str) -> dict[str, Any]:
    return {
        "code": code, "name_zh": name_zh, "name_en": name_en,
        "offices_before": 0, "offices_now": 0, "closures": 0,
        "new_with_approval": 0, "new_without_approval": 0,
        "findings": Counter(), "reports": Counter(), "approvals": Counter(),
        "inspections": Counter(), "complaints_received": None, "complaints_in_time": None,
    }  # fmt: skip


def open_on(office: dict[str, Any], day: str) -> bool:
    """Open that day: established on or before it, not closed by then (an office with no
    establishment date, pending approval, was open on no day)."""
    established, closed = office.get("established_on"), office.get("closed_on")
    return established is not None and established <= day and (closed is None or closed > day)


def recompute(bundle: zipfile.ZipFile) -> dict[str, Any]:
    """The summary's document, from the bundle's datasets."""
    today = read(bundle, "manifest.json")["as_of"]
    names = set(bundle.namelist())
    governments = read(bundle, "data/governments.json")
    provinces = sorted(
        (g for g in governments if g.get("level") == "provincial"), key=lambda g: g["code"]
    )
    rows = {
        p["code"][:2]: new_row(p["code"], p["name_zh"], p.get("name_en") or p["name_zh"])
        for p in provinces
    }
    by_code = {row["code"]: row for row in rows.values()}
    rounds = read(bundle, "data/reports.json")
    baseline = rounds[0]["baseline_on"] if rounds else CIRCULAR_DATE

    offices = read(bundle, "data/offices.json")
    founder = {office["slug"]: office["establishing_government"]["code"][:2] for office in offices}
    for office in offices:
        row = rows.get(founder[office["slug"]])
        if row is None:
            continue
        row["offices_before"] += open_on(office, baseline)
        row["offices_now"] += open_on(office, today)
        established, closed = office.get("established_on"), office.get("closed_on")
        if established is None:
            continue
        row["closures"] += closed is not None and baseline < closed <= today
        if baseline < established <= today:
            approved = office.get("approved_on") is not None
            row["new_with_approval" if approved else "new_without_approval"] += 1

    rules = set()
    for finding in read(bundle, "data/findings.json"):
        rules.add(finding["rule"])
        if finding.get("office"):
            row = rows.get(founder.get(finding["office"], ""))
        else:
            row = by_code.get(str(finding.get("facts", {}).get("province", "")))
        if row is not None:
            row["findings"][finding["rule"]] += 1

    for round_ in rounds:
        for standing in round_["provinces"]:
            row = by_code.get(standing["province"]["code"])
            if row is not None and standing["timing"] not in ("not_due", "not_applicable"):
                row["reports"][standing["timing"]] += 1

    for application in read(bundle, "data/approvals.json"):
        row = by_code.get(application["host_province"]["code"])
        if row is not None:
            row["approvals"][application["status"]] += 1
            row["approvals"]["urgent"] += 1 if application["urgent"] else 0

    for inspection in read(bundle, "data/inspections.json"):
        row = rows.get(founder.get(inspection["office"]["slug"], ""))
        if row is not None:
            row["inspections"][inspection["result"]] += 1

    complaints = "data/complaint-statistics.json" in names
    if complaints:
        counted = {
            entry["province"]["code"]: (entry["count"], entry["resolved_on_time"])
            for entry in read(bundle, "data/complaint-statistics.json")["by_province"]
        }
        for row in rows.values():
            row["complaints_received"], row["complaints_in_time"] = counted.get(row["code"], (0, 0))

    ordered = [row for row in rows.values() if row["code"][:2] not in OUTSIDE_THE_CIRCULAR]
    outside = [row for row in rows.values() if row["code"][:2] in OUTSIDE_THE_CIRCULAR]
    total = new_row("000000", "全国", "National total")
    for row in ordered:
        for key in NUMBERS:
            total[key] += row[key]
        for key in ("findings", "reports", "approvals", "inspections"):
            total[key].update(row[key])
    if complaints:
        total["complaints_received"] = sum(r["complaints_received"] or 0 for r in ordered)
        total["complaints_in_time"] = sum(r["complaints_in_time"] or 0 for r in ordered)
    rule_codes = sorted(rules, key=rule_key)
    return {
        "as_of": today,
        "baseline": baseline,
        "rules": rule_codes,
        "complaints_available": complaints,
        "provinces": [record(row, rule_codes) for row in ordered],
        "national": record(total, rule_codes),
        "not_applicable": [
            {"province_code": r["code"], "province_zh": r["name_zh"], "province_en": r["name_en"]}
            for r in outside
        ],
    }


def record(row: dict[str, Any], rules: list[str]) -> dict[str, Any]:
    """One row with the summary's flat keys."""
    flat: dict[str, Any] = {
        "province_code": row["code"],
        "province_zh": row["name_zh"],
        "province_en": row["name_en"],
        "scope": "circular",
        **{key: row[key] for key in NUMBERS},
    }
    flat.update({f"findings_{rule}": row["findings"].get(rule, 0) for rule in rules})
    flat.update({f"reports_{key}": row["reports"].get(key, 0) for key in REPORT_KEYS})
    flat["complaints_received"] = row["complaints_received"]
    flat["complaints_handled_in_time"] = row["complaints_in_time"]
    flat.update({f"approvals_{key}": row["approvals"].get(key, 0) for key in APPROVAL_KEYS})
    flat.update({f"inspections_{key}": row["inspections"].get(key, 0) for key in INSPECTION_KEYS})
    return flat


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print("usage: python recompute_summary.py portal-open-data-all.zip", file=sys.stderr)
        return 2
    with zipfile.ZipFile(arguments[0]) as bundle:
        document = recompute(bundle)
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
