"""Keys derived from the data key: contact details encrypted at rest, nonce digests, receipt secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CONTACT_PURPOSE = b"complaints/contact/v1"
NONCE_PURPOSE = b"complaints/form-nonce/v1"
SECRET_PURPOSE = b"complaints/receipt-secret/v1"


def derive_key(data_key: str, purpose: bytes) -> bytes:
    """A 256-bit key for one purpose, derived from the data key with HKDF-SHA256."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        data_key.encode()
    )


def encrypt_json(data_key: str, value: dict, purpose: bytes = CONTACT_PURPOSE) -> str:
    """AES-GCM encrypt a small JSON object; returns base64(nonce || ciphertext)."""
    nonce = os.urandom(12)
    plaintext = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    sealed = AESGCM(derive_key(data_key, purpose)).encrypt(nonce, plaintext, purpose)
    return base64.b64encode(nonce + sealed).decode()


def decrypt_json(data_key: str, token: str, purpose: bytes = CONTACT_PURPOSE) -> dict:
    """The object encrypt_json sealed; raises cryptography's InvalidTag on a wrong key or tampering."""
    raw = base64.b64decode(token)
    plaintext = AESGCM(derive_key(data_key, purpose)).decrypt(raw[:12], raw[12:], purpose)
    return json.loads(plaintext)


def keyed_digest(data_key: str, purpose: bytes, message: str) -> bytes:
    """HMAC-SHA256 of a message under the purpose's key."""
    return hmac.new(derive_key(data_key, purpose), message.encode(), hashlib.sha256).digest()
