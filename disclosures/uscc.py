"""The unified social credit code (统一社会信用代码) of GB 32100-2015: normalise, check, compute.

An 18-character code: registering authority (1), organisation category (1), administrative
division of the registering authority (6 digits), organisation code (9), check character (1).
Characters come from the 31-character alphabet below (no I, O, S, V, Z); the check character is
computed modulo 31 with the weights 3^i mod 31.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.errors import PortalError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, …
LENGTH = 18


class UsccError(PortalError):
    """A code that is not a valid unified social credit code; `message` says why, for a person."""

    def __init__(self, message, field: str | None = "uscc") -> None:
        super().__init__(message, field)


def normalise_uscc(raw: str) -> str:
    """Upper-case the code and drop the spaces and dashes people type or paste into it."""
    return "".join(raw.split()).replace("-", "").upper()


def check_character(first17: str) -> str:
    """The check character (18th) for the first 17 characters of a code.

    Raises UsccError when a character is outside the code's alphabet.
    """
    if len(first17) != LENGTH - 1:
        raise UsccError(_l("A unified social credit code has 18 characters."))
    total = 0
    for char, weight in zip(first17, WEIGHTS, strict=True):
        if char not in VALUES:
            raise UsccError(
                _l(
                    "The code contains a character that is not allowed (I, O, S, V, Z and symbols are never used)."
                )
            )
        total += VALUES[char] * weight
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(raw: str) -> str:
    """Return the normalised code when it is valid; raise UsccError saying what is wrong.

    Checks the length, the alphabet, that characters 3–8 are a division code (digits) and the
    check character. The organisation code inside (characters 9–17) is not checked further:
    codes issued to individual businesses do not always carry a GB 11714 check digit.
    """
    code = normalise_uscc(raw or "")
    if not code:
        raise UsccError(_l("The unified social credit code is required."))
    if len(code) != LENGTH:
        raise UsccError(
            _l(
                "A unified social credit code has 18 characters; this one has %(count)d.",
                count=len(code),
            )
        )
    if any(char not in VALUES for char in code):
        raise UsccError(
            _l(
                "The code contains a character that is not allowed (I, O, S, V, Z and symbols are never used)."
            )
        )
    if not code[2:8].isdigit():
        raise UsccError(
            _l("Characters 3 to 8 of the code must be the six digits of a division code.")
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise UsccError(
            _l(
                "The check character is wrong: it should be “%(expected)s”, not “%(found)s”. Please check the code for a typing mistake.",
                expected=expected,
                found=code[17],
            )
        )
    return code


def is_valid_uscc(raw: str) -> bool:
    try:
        validate_uscc(raw)
    except UsccError:
        return False
    return True


def province_code(code: str) -> str:
    """The 6-digit code of the province of the registering authority (e.g. "440000")."""
    return code[2:4] + "0000"


def make_uscc(prefix: str, division: str, organisation: str) -> str:
    """Build a valid code from its parts (used by the demo data and the tests).

    `prefix` is the two characters of authority and category (e.g. "91", a company),
    `division` the six-digit division code and `organisation` nine characters of the alphabet.
    """
    first17 = f"{prefix}{division}{organisation}"
    return first17 + check_character(first17)
