"""The receipt after filing (POST/redirect/GET, issue 16 item 1) and its text download.

The form's POST keeps, in the signed session, the reference and the form nonce, then redirects
to GET /complaints/receipt. The first GET pops the nonce and recomputes the secret from it
(`receipts.secret_for_nonce`, which takes the nonce *and* the data key): the secret itself is
never in a URL, a cookie or a log, and the nonce was already in the form's page. Every later
visit finds only the reference and says the secret was shown once.
"""

from __future__ import annotations

import re

from flask import current_app, make_response, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from complaints import bp
from complaints.models import Complaint
from complaints.receipts import (
    REFERENCE_PATTERN,
    group_secret,
    nonce_digest,
    normalise_reference,
    normalise_secret,
    secret_for_nonce,
)
from portal.database import database
from portal.errors import render_error

RECEIPT_REFERENCE = "receipt_reference"
RECEIPT_NONCE = "receipt_nonce"
RECEIPT_RETRIED = "receipt_retried"
SECRET_SHAPE = re.compile(r"[0-9A-Z]{28}")


def remember_receipt(reference: str, nonce: str, *, retried: bool) -> None:
    """Keep what the receipt page needs for its one showing of the secret."""
    session[RECEIPT_REFERENCE] = reference
    session[RECEIPT_NONCE] = nonce
    session[RECEIPT_RETRIED] = retried


def _no_store(page, status: int = 200):
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/complaints/receipt")
def receipt():
    reference = session.get(RECEIPT_REFERENCE)
    nonce = session.pop(RECEIPT_NONCE, None)
    retried = bool(session.pop(RECEIPT_RETRIED, False))
    complaint = None
    if isinstance(reference, str):
        complaint = database.session.scalar(
            select(Complaint).where(Complaint.reference == reference)
        )
    if complaint is None:
        session.pop(RECEIPT_REFERENCE, None)
        return render_error(
            404,
            _(
                "There is no receipt to show in this browser. To follow a complaint, use its "
                "reference and secret."
            ),
        )
    secret = None
    data_key = current_app.config["DATA_KEY"]
    if isinstance(nonce, str) and nonce_digest(data_key, nonce) == complaint.nonce_digest:
        secret = group_secret(secret_for_nonce(data_key, nonce))
    page = render_template(
        "complaints/receipt.html", complaint=complaint, secret=secret, retried=retried
    )
    return _no_store(page)


@bp.post("/complaints/receipt.txt")
def receipt_text():
    """The receipt as a text file: what the page posts back (reference and secret) is only
    formatted, never stored or logged; anything that is not a reference and a secret is a 400."""
    reference = normalise_reference(request.form.get("reference", ""))
    secret = normalise_secret(request.form.get("secret", ""))
    if not REFERENCE_PATTERN.fullmatch(reference) or not SECRET_SHAPE.fullmatch(secret):
        return render_error(
            400, _("This is not a receipt: the reference or the secret is missing.")
        )
    lines = [
        _("Complaint receipt"),
        "",
        f"{_('Your reference')}: {reference}",
        f"{_('Your secret')}: {group_secret(secret)}",
        "",
        _(
            "Keep this file private: with the reference and the secret, anyone can read the "
            "complaint and add to it."
        ),
        _(
            "Follow your complaint at %(address)s",
            address=url_for("complaints.track", reference=reference, _external=True),
        ),
        "",
    ]
    response = make_response("\r\n".join(lines).encode("utf-8"))
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{reference}.txt"'
    response.headers["Cache-Control"] = "no-store"
    return response
