"""POST requests: a partner app files a complaint for a citizen, with its API key, under the web
form's validation (the same form class), rate limit and privacy rules, through the complaints
intake service. Every use of a key is audited; nothing about the client is stored."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from api.open311 import bp, keys
from api.open311.formats import errors, render
from complaints.delivery import deliver_after_response
from complaints.forms import UNLISTED, ComplaintForm
from complaints.intake import IntakeError, submit_complaint
from complaints.receipts import group_secret, new_nonce
from portal.database import database
from portal.extensions import limiter
from portal.security import client_key, pseudonym

ACTION = "post_request"


def filing_limit() -> str:
    """The web form's limit (PORTAL_COMPLAINT_RATE_LIMIT), counted per partner key."""
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def _limit_key() -> str:
    key = request.form.get("api_key") or request.args.get("api_key")
    return pseudonym(key, "open311-key") if key else client_key()


def _form_data() -> MultiDict:
    """The Open311 fields under the web form's names (location fields are accepted and ignored:
    the portal has no map)."""
    sent = request.form
    attribute = {name: (sent.get(f"attribute[{name}]") or "").strip() for name in (
        "office", "unlisted_name", "unlisted_city", "unlisted_province", "occurred_on",
        "occurred_where")}  # fmt: skip
    office = attribute["office"] or (UNLISTED if attribute["unlisted_name"] else "")
    name = " ".join(p for p in (sent.get("first_name"), sent.get("last_name")) if p).strip()
    return MultiDict(
        {
            "category": sent.get("service_code", ""),
            "body": sent.get("description", ""),
            "office": office,
            "unlisted_name": attribute["unlisted_name"],
            "unlisted_city": attribute["unlisted_city"],
            "unlisted_province": attribute["unlisted_province"],
            "occurred_on": attribute["occurred_on"][:10],
            "occurred_where": attribute["occurred_where"],
            "contact_name": name,
            "contact_phone": sent.get("phone", ""),
            "contact_email": sent.get("email", ""),
        }
    )


def _refuse(key, field: str, message: str, fmt: str):
    database.session.rollback()
    keys.record_use(database.session, key, ACTION, field=field)
    database.session.commit()
    return errors(400, f"{field}: {message}", fmt)


@bp.post("/open311/v2/requests.<any(json, xml):fmt>")
@limiter.limit(filing_limit, key_func=_limit_key)
def create_request(fmt: str):
    db = database.session
    config = current_app.config
    try:
        key = keys.key_for(db, config["SECRET_KEY"], request.form.get("api_key"))
    except keys.ApiKeyError as error:
        return errors(403, error.message, fmt)
    data = _form_data()
    with_nul = next((name for name, value in data.items() if "\x00" in value), None)
    if with_nul is not None:  # PostgreSQL refuses NUL in text: refused here, on its field
        return _refuse(key, with_nul, _("This field contains a NUL character."), fmt)
    form = ComplaintForm(formdata=data, meta={"csrf": False})
    form.unlisted_province.choices = []  # any code: the intake service checks it
    if not form.validate():
        field, messages = next(iter(form.errors.items()))
        return _refuse(key, field, str(messages[0]), fmt)
    # A fresh nonce: each POST is one complaint (partners retry with their own checks).
    intake = form.intake(new_nonce())
    try:
        receipt = submit_complaint(
            db, intake, data_key=config["DATA_KEY"], upload_dir=config["UPLOAD_DIR"]
        )
        keys.record_use(db, key, ACTION, reference=receipt.complaint.reference)
        db.commit()
    except IntakeError as error:
        return _refuse(key, error.field or "description", str(error.message), fmt)
    except IntegrityError:
        return _refuse(key, "service_request", _("Please send the request again."), fmt)
    answer = {
        "service_request_id": receipt.complaint.reference,
        "service_notice": _(
            "Give the citizen the reference and the secret: with both they follow the "
            "complaint on the portal. The secret is shown only this once."
        ),
        "account_id": None,
        "secret": group_secret(receipt.secret),
    }
    response = render([answer], "service_requests", fmt, status=201)
    response.headers["Cache-Control"] = "no-store"
    return deliver_after_response(response)
