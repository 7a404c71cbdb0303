"""Public pages of the registry: home, offices, governments, exports, health."""

from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text

from portal import bp
from portal.database import database


@bp.get("/")
def home():
    return render_template("portal/home.html")


@bp.get("/healthz")
def healthz():
    try:
        database.session.execute(text("SELECT 1"))
        state = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        state = "unavailable"
    status = 200 if state == "ok" else 503
    return jsonify({"status": state, "database": state}), status


@bp.get("/offices/")
def office_directory():
    return render_template("portal/home.html")
