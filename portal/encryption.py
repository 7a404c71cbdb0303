"""Encryption at rest and keyed digests: one scheme, with key rotation.

The scheme is Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`), each purpose
("totp", "complaints/contact/v1", …) with its own key derived from a data key by HKDF-SHA256, so
that a value encrypted for one use can never be decrypted as another.

Rotation: `DATA_KEY` is the current key and encrypts; `OLD_DATA_KEYS` (a list, or a
comma-separated string in `PORTAL_OLD_DATA_KEYS`) are earlier keys that still decrypt.
`flask keys rotate`-style re-encryption is `rotate()`: decrypt with any key, encrypt with the first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

Keys = str | Sequence[str]


class DecryptionError(Exception):
    """A ciphertext that none of the configured keys opens (wrong key, or tampered with)."""


def data_keys(config: Mapping | None = None) -> tuple[str, ...]:
    """The configured data keys, current first: DATA_KEY, then OLD_DATA_KEYS."""
    config = config if config is not None else current_app.config
    old = config.get("OLD_DATA_KEYS") or ()
    if isinstance(old, str):
        old = [key.strip() for key in old.split(",") if key.strip()]
    return (str(config["DATA_KEY"]), *(str(key) for key in old))


@lru_cache(maxsize=256)
def derive_key(data_key: str, purpose: str) -> bytes:
    """A 256-bit key for one purpose, derived from a data key with HKDF-SHA256."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        data_key.encode()
    )


def _as_keys(keys: Keys | None) -> tuple[str, ...]:
    if keys is None:
        return data_keys()
    return (keys,) if isinstance(keys, str) else tuple(keys)


def cipher(purpose: str, keys: Keys | None = None) -> MultiFernet:
    """The cipher for one purpose: the first key encrypts, every key decrypts."""
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(derive_key(key, purpose))) for key in _as_keys(keys)]
    )


def encrypt_text(purpose: str, text: str, keys: Keys | None = None) -> str:
    """Encrypt text for one purpose with the current key; returns a URL-safe token."""
    return cipher(purpose, keys).encrypt(text.encode()).decode()


def decrypt_text(purpose: str, token: str, keys: Keys | None = None) -> str:
    """The text a token holds; DecryptionError when no configured key opens it."""
    try:
        return cipher(purpose, keys).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise DecryptionError(f"cannot decrypt a {purpose} value with the configured keys") from (
            error
        )


def encrypt_json(purpose: str, value: Mapping, keys: Keys | None = None) -> str:
    """Encrypt a small JSON object (contact details, a recipient) for one purpose."""
    return encrypt_text(purpose, json.dumps(value, ensure_ascii=False, sort_keys=True), keys)


def decrypt_json(purpose: str, token: str, keys: Keys | None = None) -> dict:
    """The object encrypt_json sealed; DecryptionError on a wrong key or tampering."""
    return json.loads(decrypt_text(purpose, token, keys))


def rotate(purpose: str, token: str, keys: Keys | None = None) -> str:
    """The same value encrypted again with the current key (for re-encrypting after rotation)."""
    try:
        return cipher(purpose, keys).rotate(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise DecryptionError(f"cannot rotate a {purpose} value") from error


def keyed_digest(key: str, purpose: str, message: str) -> bytes:
    """HMAC-SHA256 of a message under the purpose's derived key: a value that stands for another
    without revealing it (rate-limit keys, form nonces), or a secret derived from one."""
    return hmac.new(derive_key(key, purpose), message.encode(), hashlib.sha256).digest()
