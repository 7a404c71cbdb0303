"""Receipts: the public reference, the complainant's secret, and how a retried form finds both.

The secret is derived from the form nonce with an HMAC under a key derived from the data key:
a retried submission (same nonce) recomputes the same secret, while the database keeps only
an HMAC digest of the nonce (to find the complaint) and an Argon2 hash of the secret. Neither
a database dump nor the nonce alone gives the secret: it takes the raw nonce *and* the data key.
"""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.encryption import keyed_digest

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U
SECRET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: 5 bits a character
SECRET_CHARACTERS = 28  # 140 bits, shown as 7 groups of 4
REFERENCE_PATTERN = re.compile(r"TS-\d{4}-[" + REFERENCE_ALPHABET + r"]{6}")
NONCE_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# The purposes name the HKDF keys; changing one would change every stored digest and secret.
NONCE_PURPOSE = "complaints/form-nonce/v1"
SECRET_PURPOSE = "complaints/receipt-secret/v1"

_hasher = PasswordHasher()
# Verifying against this when a reference is unknown takes as long as a real check.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def new_reference(year: int) -> str:
    """A short public reference such as TS-2026-7K3P9Q (random, unambiguous characters)."""
    return f"TS-{year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def normalise_reference(text: str) -> str:
    """What a person typed, as a reference: upper case, no spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def new_nonce() -> str:
    """A fresh form nonce (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def nonce_digest(data_key: str, nonce: str) -> str:
    """What the database keeps of a nonce: enough to find a retried submission, no more."""
    return keyed_digest(data_key, NONCE_PURPOSE, nonce).hex()


def secret_for_nonce(data_key: str, nonce: str) -> str:
    """The complainant's secret for a submission: 140 bits of an HMAC of the nonce."""
    number = int.from_bytes(keyed_digest(data_key, SECRET_PURPOSE, nonce), "big")
    number >>= 256 - 5 * SECRET_CHARACTERS
    chars = []
    for _ in range(SECRET_CHARACTERS):
        number, digit = divmod(number, 32)
        chars.append(SECRET_ALPHABET[digit])
    return "".join(reversed(chars))


def group_secret(secret: str) -> str:
    """The secret in groups of four, the way it is shown: ABCD-EFGH-…"""
    return "-".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_secret(text: str) -> str:
    """What a person typed, as a secret: no spaces or dashes, upper case, O→0 and I/L→1."""
    cleaned = re.sub(r"[\s\-]+", "", text or "").upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def hash_secret(secret: str, hasher: PasswordHasher | None = None) -> str:
    """The Argon2 hash stored instead of the secret."""
    return (hasher or _hasher).hash(secret)


def verify_secret(secret_hash: str | None, secret: str) -> bool:
    """Whether a typed secret matches; with no hash (unknown reference) it spends the same time."""
    try:
        return _hasher.verify(secret_hash or _DUMMY_HASH, normalise_secret(secret)) and bool(
            secret_hash
        )
    except (VerificationError, InvalidHashError):
        return False
