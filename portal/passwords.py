"""The password rule (ASVS 5.0 V6.2): long enough, and not one that attackers try first.

Three checks, and no composition rules (no "one digit, one capital"):

- at least MIN_PASSWORD_LENGTH characters;
- not in a list of common and breached passwords: the list shipped in `portal/data` (Django's,
  from Royce Williams' list of the passwords most frequent in public breaches) and the 30,000
  passwords of zxcvbn's own list (from Xato's breach corpus);
- not easy to guess by the patterns attackers use, as zxcvbn estimates them: runs such as
  `123456789012`, keyboard rows, repeats, dates, common words and names, l33t spellings. A
  password zxcvbn guesses in fewer than 10⁸ tries (its score 0 to 2) is refused. No list can
  enumerate every `1234…` run or `qwerty…` row; the estimator sees them.

zxcvbn (MIT, pinned in requirements.lock) is maintained, works offline, ships its lists inside
the package and has no dependencies. Each refusal says why, in the page's language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_LENGTH = 12
MIN_GUESSES_LOG10 = 8
"""zxcvbn's score 3 starts here: a password guessed in fewer than 10⁸ tries is refused."""
ESTIMATED_LENGTH = 72
"""zxcvbn refuses longer input (its cost grows with length); the first 72 characters are judged."""
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"
SITE_WORDS = ("liaison", "office", "portal", "transparency", "supervisor", "complaint")
"""Words of this site that an attacker would try in a password made for it."""

_TRAILING_DIGITS_AND_SYMBOLS = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Both lists of common and breached passwords, lower case ("# " lines are comments)."""
    lines = COMMON_PASSWORDS_FILE.read_text("utf-8").splitlines()
    shipped = (line.strip().lower() for line in lines if line and not line.startswith("# "))
    return frozenset(shipped) | frozenset(FREQUENCY_LISTS["passwords"])


def _too_easy(reason: LazyString | None = None) -> LazyString:
    if reason is None:
        return _l("This password is too easy to guess. A few unrelated words make a good password.")
    return reason


def _reason(matches: list[dict]) -> LazyString | None:
    """Why zxcvbn finds the password easy: the pattern covering the most characters."""
    found = [match for match in matches if match.get("pattern") != "bruteforce"]
    if not found:
        return None
    match = max(found, key=lambda m: m["j"] - m["i"])
    pattern = match["pattern"]
    if pattern == "dictionary" and match.get("dictionary_name") == "passwords":
        return _l(
            "This password is too easy to guess: it is built on a common password. "
            "A few unrelated words make a good password."
        )
    if pattern == "dictionary":
        return _l(
            "This password is too easy to guess: it is made of too few common words or names. "
            "Add another unrelated word."
        )
    if pattern == "sequence":
        return _l("This password is too easy to guess: it contains a run such as 1234 or abcd.")
    if pattern == "spatial":
        return _l(
            "This password is too easy to guess: it contains a row of neighbouring keys, "
            "such as qwerty."
        )
    if pattern == "repeat":
        return _l("This password is too easy to guess: it repeats the same characters or words.")
    if pattern in ("date", "regex"):
        return _l("This password is too easy to guess: it is built on a date or a year.")
    return None


def password_problem(password: str, email: str | None = None) -> LazyString | None:
    """What is wrong with a new password (a lazy translation), or None when it is acceptable.

    The one place for the password rule (see the module's docstring). `email` is the account's
    address: the password may not be it, nor be built on it.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l(
            "The password must have at least %(count)d characters.", count=MIN_PASSWORD_LENGTH
        )
    lowered = password.lower()
    address = (email or "").strip().lower()
    if address and lowered in (address, address.split("@")[0]):
        return _l("The password must not be your email address.")
    common = common_passwords()
    stem = _TRAILING_DIGITS_AND_SYMBOLS.sub("", lowered)
    if lowered in common or (stem and stem in common):
        return _l(
            "This password is in lists of common and breached passwords, which attackers try "
            "first. Please choose another."
        )
    if len(set(lowered)) < 5:
        return _l("The password needs at least five different characters.")
    own_words = [address, *address.replace("@", ".").split(".")] if address else []
    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=[*own_words, *SITE_WORDS])
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        return _too_easy(_reason(estimate["sequence"]))
    return None
