"""complaints_0003: what AES-GCM (the old complaints/crypto.py) sealed is Fernet after the upgrade.

Each test builds its own database at complaints_0002 (a SQLite file, or a PostgreSQL database of
its own beside the test database), stores values the way the old code stored them, upgrades, and
reads them back through portal.encryption, as the code after the upgrade does.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from app import create_app
from complaints.intake import contact_of
from complaints.models import (
    CONTACT_PURPOSE,
    OUTBOX_PURPOSE,
    Complaint,
    ComplaintCategory,
    NotificationOutbox,
)
from portal.database import database
from portal.encryption import DecryptionError, decrypt_json, encrypt_json
from portal.models import Government, GovernmentLevel
from tests.conftest import POSTGRES_URL, USE_POSTGRES, base_config, postgres_answers

OLD_KEY = "0" * 64
NEW_KEY = "f" * 64
CONTACT = {"email": "wang@example.cn", "name": "王芳 Wang Fang", "phone": "13800138000"}


def aes_gcm_as_the_old_code(data_key: str, value: dict, purpose: str) -> str:
    """complaints/crypto.py's encrypt_json before complaints_0003, written out again."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        data_key.encode()
    )
    nonce = os.urandom(12)
    plaintext = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    sealed = AESGCM(key).encrypt(nonce, plaintext, purpose.encode())
    return base64.b64encode(nonce + sealed).decode()


def aes_gcm_open_as_the_old_code(data_key: str, token: str, purpose: str) -> dict:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        data_key.encode()
    )
    raw = base64.b64decode(token)
    return json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], purpose.encode()))


@pytest.fixture
def database_url(tmp_path):
    """An empty database of this test's own: a SQLite file, or a PostgreSQL database."""
    if not USE_POSTGRES:
        yield f"sqlite:///{tmp_path / 'before.sqlite3'}"
        return
    if not POSTGRES_URL or not postgres_answers():
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES_URL!r}")
    server = make_url(POSTGRES_URL)
    name = f"{server.database}_complaints_0003"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_at_complaints_0002(tmp_path, url, **config):
    """Every other branch at its head (their session hooks need their tables), complaints at 0002."""
    app = create_app({**base_config(tmp_path), "DATABASE_URL": url, **config})
    with app.app_context():
        upgrade(revision="heads")
        downgrade(revision="complaints_0002")  # on empty tables: no data to convert back
    return app


def store_the_old_way(app, key: str) -> dict:
    """Complaints and outbox rows as the code before complaints_0003 wrote them."""
    with app.app_context():
        db = database.session
        hebei = Government(
            code="130000", name_zh="河北省", name_en="Hebei", level=GovernmentLevel.PROVINCIAL
        )
        db.add(hebei)
        db.flush()

        def complaint(reference: str, contact: str | None) -> Complaint:
            row = Complaint(
                reference=reference,
                secret_hash="argon2-hash-not-checked-here",
                nonce_digest=reference.lower().ljust(64, "0"),
                category=ComplaintCategory.OTHER,
                unlisted_office_name="某联络处",
                unlisted_office_city="石家庄",
                host_province_id=hebei.id,
                primary_government_id=hebei.id,
                body="Invented text.",
                contact_encrypted=contact,
                submitted_at=datetime(2026, 3, 1, tzinfo=UTC),
                acknowledge_due_on=date(2026, 3, 16),
                resolve_due_on=date(2026, 4, 30),
                escalation_level=0,
            )
            db.add(row)
            return row

        old = complaint("TS-2026-AAAAAA", aes_gcm_as_the_old_code(key, CONTACT, CONTACT_PURPOSE))
        anonymous = complaint("TS-2026-BBBBBB", None)
        # Written by the new code already (e.g. a complaint filed between deploy and upgrade).
        fernet = complaint("TS-2026-CCCCCC", encrypt_json(CONTACT_PURPOSE, {"name": "Li"}, key))
        db.flush()
        # Through the table, with the columns of complaints_0002 only: the model has more now.
        mail_token = aes_gcm_as_the_old_code(key, {"to": "wang@example.cn"}, OUTBOX_PURPOSE)
        mail_id = db.execute(
            insert(NotificationOutbox.__table__).values(
                complaint_id=old.id,
                recipient_encrypted=mail_token,
                subject="Complaint received",
                body="Follow it on the portal.",
                attempts=0,
                created_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        ).inserted_primary_key[0]
        db.commit()
        stored = {
            "old": old.id,
            "anonymous": anonymous.id,
            "fernet": fernet.id,
            "fernet_token": fernet.contact_encrypted,
            "mail": mail_id,
            "mail_token": mail_token,
        }
        database.session.remove()
    return stored


def test_upgrade_re_encrypts_aes_gcm_values_with_fernet(tmp_path, database_url):
    app = app_at_complaints_0002(tmp_path, database_url, DATA_KEY=OLD_KEY)
    stored = store_the_old_way(app, OLD_KEY)
    with app.app_context():
        upgrade(revision="heads")
        db = database.session
        old = db.get(Complaint, stored["old"])
        assert old.contact_encrypted.startswith("gAAAAA")  # a Fernet token now
        assert decrypt_json(CONTACT_PURPOSE, old.contact_encrypted) == CONTACT
        assert contact_of(old) == CONTACT  # what the supervisors' contact page reads
        mail = db.get(NotificationOutbox, stored["mail"])
        assert mail.recipient_encrypted != stored["mail_token"]
        assert decrypt_json(OUTBOX_PURPOSE, mail.recipient_encrypted) == {"to": "wang@example.cn"}
        assert db.get(Complaint, stored["anonymous"]).contact_encrypted is None
        # A value that already was Fernet is left exactly as it was.
        assert db.get(Complaint, stored["fernet"]).contact_encrypted == stored["fernet_token"]
        # The purposes keep values apart: a contact token is no outbox token.
        with pytest.raises(DecryptionError):
            decrypt_json(OUTBOX_PURPOSE, old.contact_encrypted)
        database.session.remove()
        database.engine.dispose()


def test_an_old_data_key_still_opens_what_it_sealed_and_the_current_one_seals_anew(
    tmp_path, database_url
):
    app = app_at_complaints_0002(tmp_path, database_url, DATA_KEY=NEW_KEY, OLD_DATA_KEYS=[OLD_KEY])
    stored = store_the_old_way(app, OLD_KEY)
    with app.app_context():
        upgrade(revision="heads")
        token = database.session.get(Complaint, stored["old"]).contact_encrypted
        assert decrypt_json(CONTACT_PURPOSE, token, NEW_KEY) == CONTACT  # sealed with DATA_KEY
        with pytest.raises(DecryptionError):
            decrypt_json(CONTACT_PURPOSE, token, OLD_KEY)
        database.session.remove()
        database.engine.dispose()


def test_downgrade_seals_with_aes_gcm_again_and_upgrade_again_is_the_same(tmp_path, database_url):
    app = app_at_complaints_0002(tmp_path, database_url, DATA_KEY=OLD_KEY)
    stored = store_the_old_way(app, OLD_KEY)
    with app.app_context():
        upgrade(revision="heads")
        downgrade(revision="complaints_0002")
        rows = database.session.execute(
            select(Complaint.id, Complaint.contact_encrypted).where(
                Complaint.contact_encrypted.is_not(None)
            )
        ).all()
        opened = {
            row_id: aes_gcm_open_as_the_old_code(OLD_KEY, token, CONTACT_PURPOSE)
            for row_id, token in rows
        }
        assert opened == {stored["old"]: CONTACT, stored["fernet"]: {"name": "Li"}}
        recipient = database.session.scalar(select(NotificationOutbox.recipient_encrypted))
        assert aes_gcm_open_as_the_old_code(OLD_KEY, recipient, OUTBOX_PURPOSE) == {
            "to": "wang@example.cn"
        }
        database.session.remove()
        upgrade(revision="heads")
        old = database.session.get(Complaint, stored["old"])
        assert decrypt_json(CONTACT_PURPOSE, old.contact_encrypted) == CONTACT
        database.session.remove()
        database.engine.dispose()


def test_a_value_no_configured_key_opens_stops_the_upgrade(tmp_path, database_url, caplog):
    app = app_at_complaints_0002(tmp_path, database_url, DATA_KEY=NEW_KEY)
    stored = store_the_old_way(app, OLD_KEY)  # written under a key the app no longer has
    with app.app_context():
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits 1
            upgrade(revision="heads")
        assert f"complaint.contact_encrypted of id {stored['old']} opens neither" in caplog.text
        token = database.session.get(Complaint, stored["old"]).contact_encrypted
        assert aes_gcm_open_as_the_old_code(OLD_KEY, token, CONTACT_PURPOSE) == CONTACT
        database.session.remove()
        database.engine.dispose()
