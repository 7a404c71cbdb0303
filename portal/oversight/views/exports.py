"""CSV and JSON of the approvals and inspections lists (all matching rows, the same filters)."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response

from portal.atom import public_url
from portal.csv import csv_response
from portal.database import database
from portal.oversight import bp
from portal.oversight.exports import (
    APPLICATION_COLUMNS,
    EXPORT_LIMIT,
    INSPECTION_COLUMNS,
    application_record,
    inspection_record,
)
from portal.oversight.forms import application_query, inspection_query
from portal.oversight.queries import list_applications, published_inspections
from portal.queries import provinces


def _application_records() -> list[dict]:
    db = database.session
    query = replace(application_query(provinces(db)), page=1)
    rows, _total = list_applications(db, query, EXPORT_LIMIT)
    return [
        application_record(item, public_url("oversight.approval", application_id=item.id))
        for item in rows
    ]


def _inspection_records() -> list[dict]:
    db = database.session
    query = replace(inspection_query(provinces(db)), page=1)
    rows, _total = published_inspections(db, query, EXPORT_LIMIT)
    return [
        inspection_record(item, public_url("oversight.inspection", inspection_id=item.id))
        for item in rows
    ]


def _json(records: list[dict]) -> Response:
    body = json.dumps({"count": len(records), "items": records}, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


@bp.get("/approvals/export.csv")
def approvals_csv():
    return csv_response(APPLICATION_COLUMNS, _application_records(), "approvals.csv")


@bp.get("/approvals/export.json")
def approvals_json():
    return _json(_application_records())


@bp.get("/inspections/export.csv")
def inspections_csv():
    return csv_response(INSPECTION_COLUMNS, _inspection_records(), "inspections.csv")


@bp.get("/inspections/export.json")
def inspections_json():
    return _json(_inspection_records())
