"""Filing a complaint through the form: receipt, routing shown, bad input refused, retries."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from complaints.models import Complaint, ComplaintAttachment, ComplaintRoute


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_a_complaint_gets_a_receipt_with_reference_and_secret(registry, post_complaint, db):
    response = post_complaint()
    assert response.status_code == 200, response.text
    page = response.text
    reference = re.search(r"TS-\d{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}", page).group(0)
    secret = re.search(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", page).group(0)
    complaint = db.scalar(select(Complaint).where(Complaint.reference == reference))
    assert complaint is not None
    assert secret.replace("-", "") not in complaint.secret_hash
    assert complaint.secret_hash.startswith("$argon2")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Baoding" in page or "保定市" in page
