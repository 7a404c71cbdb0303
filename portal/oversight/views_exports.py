"""CSV and JSON of the approvals and inspections lists (all matching rows, the same filters)."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response, url_for

from portal.database import database
from portal.oversight import bp
from portal.oversight.approvals import list_applications
from portal.oversight.exports import (
    APPLICATION_COLUMNS,
    EXPORT_LIMIT,
    INSPECTION_COLUMNS,
    application_record,
    inspection_record,
    to_csv,
)
from portal.oversight.inspections import published_inspections
from portal.oversight.views_public import application_query, inspection_query, province_list


def _application_records() -> list[dict]:
    db = database.session
    query = replace(application_query(province_list(db)), page=1)
    rows, _total = list_applications(db, query, EXPORT_LIMIT)
    return [
        application_record(
            item, url_for("oversight.approval", application_id=item.id, _external=True)
        )
        for item in rows
    ]


def _inspection_records() -> list[dict]:
    db = database.session
    query = replace(inspection_query(province_list(db)), page=1)
    rows, _total = published_inspections(db, query, EXPORT_LIMIT)
    return [
        inspection_record(
            item, url_for("oversight.inspection", inspection_id=item.id, _external=True)
        )
        for item in rows
    ]


def _csv(body: str, name: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _json(records: list[dict]) -> Response:
    body = json.dumps({"count": len(records), "items": records}, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


@bp.get("/approvals/export.csv")
def approvals_csv():
    return _csv(to_csv(_application_records(), APPLICATION_COLUMNS), "approvals")


@bp.get("/approvals/export.json")
def approvals_json():
    return _json(_application_records())


@bp.get("/inspections/export.csv")
def inspections_csv():
    return _csv(to_csv(_inspection_records(), INSPECTION_COLUMNS), "inspections")


@bp.get("/inspections/export.json")
def inspections_json():
    return _json(_inspection_records())
