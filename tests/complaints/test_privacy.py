"""No address or user agent anywhere; contact details encrypted; complaints never indexed."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select, text

from complaints.models import CONTACT_PURPOSE, Complaint
from portal.database import database
from portal.encryption import DecryptionError, decrypt_json

ADDRESS = "203.0.113.199"
AGENT = "SentinelBrowser/9.9 (privacy-check-7f3a)"


def database_dump() -> str:
    """Every row of every table, as text (works on SQLite and PostgreSQL)."""
    chunks = []
    with database.engine.connect() as connection:
        for table in database.metadata.sorted_tables:
            try:
                rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).all()
            except Exception:  # noqa: BLE001 - a table another package has not migrated yet
                connection.rollback()
                continue
            chunks.extend(repr(tuple(row)) for row in rows)
    return "\n".join(chunks)


def files_text(*roots: Path) -> bytes:
    found = b""
    for root in roots:
        if root.exists():
            for path in root.rglob("*"):
                if path.is_file():
                    found += path.read_bytes()
    return found


def test_no_address_or_user_agent_is_stored_anywhere(registry, client, db, app, caplog):
    import io

    from tests.complaints.conftest import complaint_form, jpeg_with_exif

    caplog.set_level(logging.DEBUG)
    environ = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT}
    data = complaint_form(contact_email="witness@example.cn", contact_name="Li Witness")
    data["attachments"] = [(io.BytesIO(jpeg_with_exif()), "photo.jpg")]
    response = client.post(
        "/complaints/new",
        data=data,
        content_type="multipart/form-data",
        environ_base=environ,
        follow_redirects=True,
    )
    assert response.status_code == 200
    reference = db.scalar(select(Complaint.reference))
    client.post(
        "/complaints/track",
        data={"reference": reference, "secret": "WRONG"},
        environ_base=environ,
    )
    runner = app.test_cli_runner()
    runner.invoke(args=["complaints", "deliver"])
    dump = database_dump()
    assert reference in dump  # the dump really holds the complaint
    for needle in (ADDRESS, AGENT, "privacy-check-7f3a"):
        assert needle not in dump
        assert needle not in caplog.text
        stores = files_text(Path(app.config["UPLOAD_DIR"]), Path(app.instance_path))
        assert needle.encode() not in stores
        assert needle.encode() not in files_text(Path(app.config["SEARCH_INDEX_DIR"]))


def test_contact_details_are_encrypted_with_the_data_key(registry, post_complaint, db, app):
    post_complaint(
        contact_name="Wang Xiaoming", contact_phone="13800138000", contact_email="wang@example.cn"
    )
    dump = database_dump()
    assert (
        "Wang Xiaoming" not in dump and "13800138000" not in dump and "wang@example.cn" not in dump
    )
    complaint = db.scalar(select(Complaint))
    contact = decrypt_json(CONTACT_PURPOSE, complaint.contact_encrypted, app.config["DATA_KEY"])
    assert contact == {"name": "Wang Xiaoming", "phone": "13800138000", "email": "wang@example.cn"}


def test_a_wrong_data_key_cannot_read_the_contact_details(registry, post_complaint, db):
    import pytest

    post_complaint(contact_name="Wang Xiaoming")
    complaint = db.scalar(select(Complaint))
    with pytest.raises(DecryptionError):
        decrypt_json(CONTACT_PURPOSE, complaint.contact_encrypted, "1" * 64)


def test_an_anonymous_complaint_keeps_no_contact_details(registry, post_complaint, db):
    post_complaint()
    assert db.scalar(select(Complaint)).is_anonymous


def test_complaint_pages_ask_not_to_be_indexed(registry, client, post_complaint):
    assert 'name="robots" content="noindex"' in post_complaint().text
    assert 'name="robots" content="noindex"' in client.get("/complaints/track").text


def test_receipt_digests_are_the_ones_the_old_crypto_module_made():
    """Stored nonce digests and the secrets complainants hold must survive the move to
    portal.encryption: HMAC-SHA256 under HKDF(DATA_KEY, info=purpose), purposes unchanged."""
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from complaints import receipts

    def old_digest(key: str, purpose: bytes, message: str) -> bytes:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
            key.encode()
        )
        return hmac.new(derived, message.encode(), hashlib.sha256).digest()

    key, nonce = "0" * 64, "n" * 43
    assert (
        receipts.nonce_digest(key, nonce)
        == old_digest(key, b"complaints/form-nonce/v1", nonce).hex()
    )
    number = int.from_bytes(old_digest(key, b"complaints/receipt-secret/v1", nonce), "big") >> 116
    secret = receipts.secret_for_nonce(key, nonce)
    assert len(secret) == 28
    assert (
        int(
            secret.translate(
                str.maketrans(receipts.SECRET_ALPHABET, "0123456789ABCDEFGHIJKLMNOPQRSTUV")
            ),
            32,
        )
        == number
    )
