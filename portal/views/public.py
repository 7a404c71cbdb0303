"""Public pages of the registry: home, the office directory and its exports, offices, governments, health."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote

from flask import Response, abort, current_app, g, jsonify, render_template, request, url_for
from flask_babel import format_date, refresh
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import text

from portal import bp
from portal.atom import public_url
from portal.clock import today_in_china
from portal.csv import csv_response
from portal.database import database
from portal.directory import DirectoryQuery, DirectoryQueryError, parse_directory_query
from portal.exports import COLUMNS, export_records
from portal.findings import (
    findings_of_office,
    offices_with_findings_count,
    rule_sort_key,
)
from portal.findings_pages import answer_unchanged_public_pages, keep_public_page, remember_release
from portal.i18n import current_language
from portal.labels import (
    FINDINGS_LABELS,
    HOME_CARD_TEXTS,
    KIND_LABELS,
    LEVEL_LABELS,
    ORDER_LABELS,
    SORT_LABELS,
    STATUS_LABELS,
)
from portal.models import OfficeFunction
from portal.queries import (
    children_of,
    directory_page,
    load_government,
    load_office,
    offices_established_by,
    offices_hosted_in,
    provinces,
    status_counts,
)
from portal.registry import get_registry
from portal.rules import RULES
from portal.views import rules as rules_page  # noqa: F401 - registers /rules/

HOSTED_LIMIT = 50


@bp.before_app_request
def forget_cached_locale() -> None:
    """Choose the language afresh for each request.

    Flask-Babel caches the locale on `g`, which outlives a request when an app context is
    already pushed (as in the tests, where many requests share one app context).
    """
    refresh()
    g.pop("language_chosen", None)


# After `forget_cached_locale` (the language is part of the ETag), and after the sign-in is
# known (auth's hook is the app's own, registered before any blueprint's).
bp.before_app_request(answer_unchanged_public_pages)
bp.after_app_request(keep_public_page)
bp.record_once(remember_release)


@bp.app_template_filter("long_date")
def long_date(value: date | None) -> str:
    return format_date(value, "long") if value else "—"


PUNCTUATION = {"comma": (", ", "，"), "colon": (": ", "：")}
"""A mark between two parts of a title or a line: English or Chinese (full-width) form."""


@bp.app_template_global("punctuation")
def punctuation(mark: str) -> str:
    """`{{ punctuation("comma") }}`: ", " on an English page, "，" on a Chinese one."""
    english, chinese = PUNCTUATION[mark]
    return english if current_language() == "en" else chinese


def is_chinese(text: str | None) -> bool:
    """Whether a text holds any CJK ideograph (a correction reason, a service's name…)."""
    return any("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text or "")


@bp.app_template_filter("text_lang")
def text_lang(text: str | None) -> Markup:
    """` lang="zh-CN"` for Chinese text typed by a person (which exists in no other language)
    on an English page, so that screen readers read it as Chinese; nothing otherwise."""
    if current_language() == "en" and is_chinese(text):
        return Markup(' lang="zh-CN"')
    return Markup("")


@bp.get("/")
def home():
    db = database.session
    counts = status_counts(db)
    return render_template(
        "portal/home.html",
        counts=counts,
        total=sum(counts.values()),
        with_findings=offices_with_findings_count(db),
        provinces=provinces(db),
        rules=[RULES[code] for code in ("R1", "R2", "R3", "R4", "R5", "R9") if code in RULES],
        card_texts={
            url_for(endpoint): words
            for endpoint, words in HOME_CARD_TEXTS.items()
            if endpoint in current_app.view_functions
        },
    )


HEALTHY_STATES = frozenset({"ok", "ready"})
"""The states a registered health check reports when its part is well."""


@bp.get("/healthz")
def healthz():
    try:
        database.session.execute(text("SELECT 1"))
        state = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database.session.rollback()
        state = "unavailable"
    body: dict = {"status": state, "database": state}
    for name, check in get_registry().health_checks.items():
        body[name] = check()
        # A part that is not well (an index being rebuilt, findings not refreshed today) leaves
        # the pages up: "degraded", still 200, so a load balancer keeps this machine.
        if state == "ok" and body[name].get("state") not in HEALTHY_STATES:
            body["status"] = "degraded"
    return jsonify(body), 200 if state == "ok" else 503


def _parse(paged: bool = True) -> tuple[DirectoryQuery, list]:
    province_list = provinces(database.session)
    query = parse_directory_query(request.args, {p.code for p in province_list}, paged=paged)
    return query, province_list


def _form_context(query: DirectoryQuery, province_list: list) -> dict:
    return {
        "query": query,
        "provinces": province_list,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "level_labels": LEVEL_LABELS,
        "sort_labels": SORT_LABELS,
        "order_labels": ORDER_LABELS,
        "findings_labels": FINDINGS_LABELS,
        "rule_options": [(code, RULES[code]) for code in sorted(RULES, key=rule_sort_key)],
        # Translated once per page, not once per row.
        "status_names": {status: str(text) for status, text in STATUS_LABELS.items()},
        "kind_names": {kind: str(text) for kind, text in KIND_LABELS.items()},
    }


@bp.get("/offices/")
def office_directory():
    db = database.session
    try:
        query, province_list = _parse()
    except DirectoryQueryError as error:
        context = _form_context(error.partial, provinces(db))
        return render_template("portal/directory.html", errors=error.errors, **context), 400
    page_size = int(current_app.config.get("PAGE_SIZE", 25))
    result = directory_page(db, query, current_language(), today_in_china(), page_size)
    errors = {}
    status = 200
    if query.page > result.pages:
        errors["page"] = _page_error(result.pages)
        status = 400
    return render_template(
        "portal/directory.html",
        result=result,
        errors=errors,
        **_form_context(query, province_list),
    ), status


def _page_error(pages: int) -> str:
    return _("The results end at page %(num)d.", num=pages)


@bp.get("/offices/export.csv")
def export_csv():
    query, _provinces = _parse(paged=False)
    records = export_records(database.session, query, _office_urls())
    return csv_response(COLUMNS, records, "offices.csv")


@bp.get("/offices/export.json")
def export_json():
    query, _provinces = _parse(paged=False)
    records = export_records(database.session, query, _office_urls())
    body = json.dumps(records, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


def _office_urls():
    """slug -> the office page's absolute address (from PUBLIC_URL, never from the Host header);
    the address is built once, not once per office."""
    pattern = public_url("portal.office", slug="SLUG")
    return lambda slug: pattern.replace("SLUG", quote(slug, safe=""))


@bp.get("/offices/<slug>")
def office(slug: str):
    db = database.session
    found = load_office(db, slug)
    if found is None:
        abort(404)
    findings = findings_of_office(db, found)
    sections = [html for section in get_registry().office_sections if (html := section(found))]
    return render_template(
        "portal/office.html",
        office=found,
        supervisor=found.establishing_government.parent,
        functions=sorted(found.function_codes, key=list(OfficeFunction).index),
        findings=findings,
        findings_by_rule=group_by_rule(findings),
        sections=sections,
    )


SEVERITY_RANK = {"violation": 0, "warning": 1, "info": 2}


def group_by_rule(findings: list) -> list[dict]:
    """Findings grouped by rule (most severe first), so each rule is explained once."""
    groups: dict[str, dict] = {}
    for finding in findings:
        group = groups.setdefault(
            finding.rule,
            {"code": finding.rule, "text": RULES.get(finding.rule), "findings": []},
        )
        group["findings"].append(finding)
    for group in groups.values():
        group["severity"] = min(
            (str(f.severity) for f in group["findings"]), key=lambda s: SEVERITY_RANK.get(s, 9)
        )
    return sorted(
        groups.values(),
        key=lambda g: (SEVERITY_RANK.get(g["severity"], 9), len(g["code"]), g["code"]),
    )


@bp.get("/governments/<code>")
def government(code: str):
    db = database.session
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        abort(404)
    found = load_government(db, code)
    if found is None:
        abort(404)
    hosted, hosted_total = [], 0
    if found.level.value == "provincial":
        hosted, hosted_total = offices_hosted_in(db, found, HOSTED_LIMIT)
    return render_template(
        "portal/government.html",
        government=found,
        children=children_of(db, found),
        established=offices_established_by(db, found),
        hosted=hosted,
        hosted_total=hosted_total,
    )
