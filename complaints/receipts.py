"""Receipts: the public reference, the complainant's secret, and how a retried form finds both.

The secret is derived from the form nonce with an HMAC under a key derived from the data key:
a retried submission (same nonce) recomputes the same secret, while the database keeps only
an HMAC digest of the nonce (to find the complaint) and a keyed digest of the secret. Neither
a database dump nor the nonce alone gives the secret: it takes the raw nonce *and* the data key.

The secret is random and 140 bits long, so nobody can guess it and a slow password hash buys
nothing: it is stored as HMAC-SHA256 under its own HKDF-derived key (`SECRET_DIGEST_PURPOSE`),
which costs microseconds instead of Argon2's ~90 ms a submission and a tracking request
(issue 20). Complaints stored earlier keep an Argon2 hash; `verify_secret` still accepts it and
`needs_rehash` says when to store the new digest instead (tracking does, on a correct secret).
"""

from __future__ import annotations

import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.encryption import data_keys, keyed_digest

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U
SECRET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: 5 bits a character
SECRET_CHARACTERS = 28  # 140 bits, shown as 7 groups of 4
REFERENCE_PATTERN = re.compile(r"TS-\d{4}-[" + REFERENCE_ALPHABET + r"]{6}")
NONCE_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# The purposes name the HKDF keys; changing one would change every stored digest and secret.
NONCE_PURPOSE = "complaints/form-nonce/v1"
SECRET_PURPOSE = "complaints/receipt-secret/v1"
SECRET_DIGEST_PURPOSE = "complaints/receipt-secret-digest/v1"
SECRET_DIGEST_PREFIX = "hmac-sha256$"

# Only for complaints stored before issue 20 (their secret_hash starts with "$argon2").
_legacy_hasher = PasswordHasher()


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


def hash_secret(secret: str, data_key: str | None = None) -> str:
    """What is stored instead of the secret: "hmac-sha256$" and the keyed digest in hex.

    `data_key` defaults to the application's current DATA_KEY."""
    key = data_key or data_keys()[0]
    return SECRET_DIGEST_PREFIX + keyed_digest(key, SECRET_DIGEST_PURPOSE, secret).hex()


def _matches_digest(secret_hash: str, secret: str, keys: tuple[str, ...]) -> bool:
    """Whether the digest was made from this secret under any configured key (rotation)."""
    expected = secret_hash.removeprefix(SECRET_DIGEST_PREFIX)
    found = False
    for key in keys:
        candidate = keyed_digest(key, SECRET_DIGEST_PURPOSE, secret).hex()
        found |= hmac.compare_digest(candidate, expected)
    return found


def verify_secret(
    secret_hash: str | None, secret: str, keys: tuple[str, ...] | None = None
) -> bool:
    """Whether a typed secret matches the stored digest (or a pre-issue-20 Argon2 hash).

    With no hash (unknown reference) it still computes the digests, so a wrong reference and a
    wrong secret take the same time. `keys` defaults to the configured data keys."""
    typed = normalise_secret(secret)
    keys = keys or data_keys()
    if secret_hash and secret_hash.startswith("$argon2"):
        try:
            return _legacy_hasher.verify(secret_hash, typed)
        except (VerificationError, InvalidHashError):
            return False
    matched = _matches_digest(secret_hash or SECRET_DIGEST_PREFIX, typed, keys)
    return matched and bool(secret_hash)


def needs_rehash(secret_hash: str, secret: str, data_key: str | None = None) -> bool:
    """Whether a verified hash should be stored again: Argon2, or a digest under an old key."""
    return secret_hash != hash_secret(normalise_secret(secret), data_key)
