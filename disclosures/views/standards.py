"""The published reception standards (`/standards/`): every province's caps per year, each
province's history, and the CSV and JSON of them all."""

from __future__ import annotations

import json

from flask import Response, abort, render_template

from disclosures import bp
from disclosures.standards import (
    STANDARD_COLUMNS,
    published_standards,
    standard_record,
    standards_of_province,
)
from portal.csv import csv_response
from portal.database import database
from portal.models import GovernmentLevel
from portal.queries import load_government

JSON_TYPE = "application/json; charset=utf-8"


@bp.get("/standards/")
def standards():
    """Each province's latest standard, with a link to its history."""
    latest: dict[int, object] = {}
    years: dict[int, int] = {}
    for standard in published_standards(database.session):
        latest.setdefault(standard.province_id, standard)
        years[standard.province_id] = years.get(standard.province_id, 0) + 1
    return render_template(
        "disclosures/public/standards.html", latest=list(latest.values()), years=years
    )


@bp.get("/standards/<code>")
def province_standards(code: str):
    """One province's standard for every year it set one, the latest first."""
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        abort(404)
    province = load_government(database.session, code)
    if province is None or province.level != GovernmentLevel.PROVINCIAL:
        abort(404)
    return render_template(
        "disclosures/public/standards_province.html",
        province=province,
        standards=standards_of_province(database.session, province),
    )


@bp.get("/standards/standards.csv")
def standards_csv():
    records = [standard_record(s) for s in published_standards(database.session)]
    return csv_response(STANDARD_COLUMNS, records, "reception-standards.csv")


@bp.get("/standards/standards.json")
def standards_json():
    records = [standard_record(s) for s in published_standards(database.session)]
    body = json.dumps({"standards": records}, ensure_ascii=False, indent=1)
    return Response(body, content_type=JSON_TYPE)
