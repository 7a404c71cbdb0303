"""complaints: contact details and outbox recipients re-encrypted with Fernet

Revision ID: complaints_0003
Revises: complaints_0002
Create Date: 2026-11-30 09:57:02.034859

Until this revision complaints/crypto.py sealed the complainant's contact details
(`complaint.contact_encrypted`) and the outbox recipients (`notification_outbox.recipient_encrypted`)
with AES-GCM: base64(nonce || AESGCM(HKDF-SHA256(DATA_KEY, info=purpose)).encrypt(nonce, json,
purpose)). The portal now has one scheme for data at rest, portal.encryption (Fernet, with key
rotation), and this revision re-encrypts every such value with it under DATA_KEY (the same JSON
text, the same purposes). A value that already is a Fernet token (written by the new code, or by
an interrupted earlier run) is left as it is: Fernet is tried first.

The AES-GCM code below is history: it lives only in this file, as the old code wrote it. A value
that neither scheme opens with DATA_KEY or OLD_DATA_KEYS stops the upgrade with the row named,
rather than being left unreadable: configure the key it was written with and run it again.

Downgrade reverses it: every Fernet value is sealed with AES-GCM under DATA_KEY again, the way
the code before this revision reads it.
"""

from __future__ import annotations

import base64
import os

import sqlalchemy as sa
from alembic import op
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from portal.encryption import DecryptionError, data_keys, decrypt_text, encrypt_text

# revision identifiers, used by Alembic.
revision = "complaints_0003"
down_revision = "complaints_0002"
branch_labels = None
depends_on = None

ENCRYPTED_COLUMNS = (
    ("complaint", "contact_encrypted", "complaints/contact/v1"),
    ("notification_outbox", "recipient_encrypted", "complaints/outbox-recipient/v1"),
)
BATCH = 500  # rows read at a time, by id: a large table never sits whole in memory


def _aes_key(data_key: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        data_key.encode()
    )


def _aes_open(keys, purpose: str, token: str) -> str | None:
    """The text an old AES-GCM value holds, or None when it is not one (under these keys)."""
    try:
        raw = base64.b64decode(token, validate=True)
    except ValueError:
        return None
    if len(raw) < 12 + 16:  # nonce and tag
        return None
    for key in keys:
        try:
            plain = AESGCM(_aes_key(key, purpose)).decrypt(raw[:12], raw[12:], purpose.encode())
        except InvalidTag:
            continue
        return plain.decode()
    return None


def _aes_seal(key: str, purpose: str, text: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_aes_key(key, purpose)).encrypt(nonce, text.encode(), purpose.encode())
    return base64.b64encode(nonce + sealed).decode()


def _fernet_open(keys, purpose: str, token: str) -> str | None:
    try:
        return decrypt_text(purpose, token, keys)
    except DecryptionError:
        return None


def _rewrite(convert) -> None:
    """Apply convert(purpose, value, where) to every non-null value of the encrypted columns."""
    connection = op.get_bind()
    for table_name, column_name, purpose in ENCRYPTED_COLUMNS:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column_name, sa.Text))
        column = table.c[column_name]
        after = 0
        while True:
            rows = connection.execute(
                sa.select(table.c.id, column)
                .where(table.c.id > after, column.is_not(None))
                .order_by(table.c.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            for row_id, value in rows:
                new = convert(purpose, value, f"{table_name}.{column_name} of id {row_id}")
                if new != value:
                    connection.execute(
                        table.update().where(table.c.id == row_id).values({column_name: new})
                    )
            after = rows[-1][0]


def upgrade():
    keys = data_keys(current_app.config)

    def to_fernet(purpose: str, value: str, where: str) -> str:
        if _fernet_open(keys, purpose, value) is not None:
            return value
        text = _aes_open(keys, purpose, value)
        if text is None:
            raise RuntimeError(
                f"{where} opens neither as Fernet nor as AES-GCM with DATA_KEY or OLD_DATA_KEYS; "
                "configure the key it was written with and upgrade again"
            )
        return encrypt_text(purpose, text, keys[0])

    _rewrite(to_fernet)


def downgrade():
    keys = data_keys(current_app.config)

    def to_aes_gcm(purpose: str, value: str, where: str) -> str:
        text = _fernet_open(keys, purpose, value)
        if text is not None:
            return _aes_seal(keys[0], purpose, text)
        if _aes_open(keys, purpose, value) is not None:
            return value
        raise RuntimeError(f"{where} cannot be decrypted with DATA_KEY or OLD_DATA_KEYS")

    _rewrite(to_aes_gcm)
