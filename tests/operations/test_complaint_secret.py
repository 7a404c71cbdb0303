"""The complaint secret is stored as a keyed SHA-256 digest; old Argon2 hashes keep working (issue 20)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from complaints import receipts
from complaints.models import Complaint
from complaints.tracking import find_for_tracking
from tests.complaints.conftest import file_complaint

OLD_KEY = "1" * 64


@pytest.fixture
def filed(app, db, registry):
    """(complaint id, reference, secret) of a complaint filed through the intake service."""
    complaint, secret = file_complaint(app, db, contact_name=None, contact_email=None)
    return complaint.id, complaint.reference, secret


def stored_hash(db, complaint_id: int) -> str:
    db.expire_all()
    return db.scalar(select(Complaint.secret_hash).where(Complaint.id == complaint_id))


def test_a_new_complaint_stores_a_keyed_digest_not_argon2_nor_the_secret(db, filed):
    complaint_id, _reference, secret = filed
    stored = stored_hash(db, complaint_id)
    assert stored.startswith("hmac-sha256$")
    assert not stored.startswith("$argon2")
    assert secret not in stored
    assert len(stored) == len("hmac-sha256$") + 64


def test_the_right_secret_finds_the_complaint_and_a_wrong_one_does_not(client, db, filed):
    _id, reference, secret = filed
    right = client.post("/complaints/track", data={"reference": reference, "secret": secret})
    assert right.status_code == 303
    wrong_secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    wrong = client.post("/complaints/track", data={"reference": reference, "secret": wrong_secret})
    assert wrong.status_code == 400


def test_an_old_argon2_hash_still_opens_tracking_and_is_stored_again_as_a_digest(client, db, filed):
    complaint_id, reference, secret = filed
    complaint = db.get(Complaint, complaint_id)
    complaint.secret_hash = PasswordHasher(time_cost=1, memory_cost=1024).hash(secret)
    db.commit()

    response = client.post("/complaints/track", data={"reference": reference, "secret": secret})
    assert response.status_code == 303  # the complainant notices nothing

    assert find_for_tracking(db, reference, secret.lower()) is not None
    db.commit()
    assert stored_hash(db, complaint_id) == receipts.hash_secret(secret)
    assert find_for_tracking(db, reference, secret) is not None  # and the digest works after


def test_a_wrong_secret_against_an_old_argon2_hash_changes_nothing(db, filed):
    complaint_id, reference, secret = filed
    argon2_hash = PasswordHasher(time_cost=1, memory_cost=1024).hash(secret)
    db.get(Complaint, complaint_id).secret_hash = argon2_hash
    db.commit()
    assert find_for_tracking(db, reference, "A" * 28) is None
    db.commit()
    assert stored_hash(db, complaint_id) == argon2_hash


def test_a_digest_under_an_old_data_key_verifies_and_moves_to_the_current_key(app, db, filed):
    complaint_id, reference, secret = filed
    db.get(Complaint, complaint_id).secret_hash = receipts.hash_secret(secret, OLD_KEY)
    db.commit()
    assert find_for_tracking(db, reference, secret) is None  # the old key is not configured

    app.config["OLD_DATA_KEYS"] = [OLD_KEY]
    assert find_for_tracking(db, reference, secret) is not None
    db.commit()
    assert stored_hash(db, complaint_id) == receipts.hash_secret(secret, app.config["DATA_KEY"])


def test_an_unknown_reference_is_refused_like_a_wrong_secret(db, filed):
    _id, _reference, secret = filed
    assert find_for_tracking(db, "TS-2026-ZZZZZZ", secret) is None
    assert receipts.verify_secret(None, secret) is False
    assert receipts.verify_secret("", secret) is False
