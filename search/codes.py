"""Credit codes as people write them: joined when typed in groups, and the likely code when the
check character is wrong.

A unified social credit code is indexed as one 18-character word. People copy it from letters
and invoices in groups (`9144 0100 MA7A RCWR5W`) or with a hyphen after the division
(`91440100-MA7ARCWR5W`): `join_codes` rewrites such a run as the one word before the query is
parsed. A code whose check character (GB 32100, `disclosures.uscc`) is wrong was mistyped
somewhere: `likely_codes` lists the valid codes one typing slip away, for the page to look up.
"""

from __future__ import annotations

import re

from disclosures.uscc import ALPHABET, LENGTH, check_character

_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]+(?:[ \t\-\u2010-\u2014]+[0-9A-Za-z]+)+")
_GROUP = re.compile(r"[0-9A-Za-z]+")
_SHAPE = re.compile(r"[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}")
_WORD = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
LOOKALIKES = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"}
"""Letters the code's alphabet leaves out, and the character a person most likely meant."""


def looks_like_code(word: str) -> bool:
    """Whether an 18-character word has the shape of a credit code (a division code inside)."""
    return bool(_SHAPE.fullmatch(word.upper()))


def _join_run(run: str) -> str:
    groups = _GROUP.findall(run)
    pieces: list[str] = []
    start = 0
    while start < len(groups):
        length, end = 0, start
        while end < len(groups) and length < LENGTH:
            length += len(groups[end])
            end += 1
        joined = "".join(groups[start:end])
        if end - start > 1 and length == LENGTH and looks_like_code(joined):
            pieces.append(joined)
            start = end
        else:
            pieces.append(groups[start])
            start += 1
    return " ".join(pieces) if len(pieces) < len(groups) else run


def join_codes(text: str) -> str:
    """The text with every credit code typed in groups (spaces, hyphens) written as one word."""
    return _RUN.sub(lambda match: _join_run(match.group()), text)


def _valid(code: str) -> bool:
    return all(char in ALPHABET for char in code) and check_character(code[:17]) == code[17]


def mistyped_codes(text: str) -> list[str]:
    """The credit codes in a (joined) query text that are not valid (a wrong check character,
    a letter the alphabet leaves out), upper-cased."""
    return [
        code
        for match in _WORD.finditer(text)
        if looks_like_code(code := match.group().upper()) and not _valid(code)
    ]


def likely_codes(code: str) -> list[str]:
    """The valid codes one typing slip away from `code`, most likely first.

    In order: the look-alike letters replaced (O for 0 …); the check character itself mistyped
    (the first 17 kept); two neighbouring characters swapped; one other character mistyped.
    """
    code = code.upper()
    fixed = "".join(LOOKALIKES.get(char, char) for char in code)
    candidates: list[str] = []
    if fixed != code and _valid(fixed):
        candidates.append(fixed)
    if all(char in ALPHABET for char in fixed[:17]):
        candidates.append(fixed[:17] + check_character(fixed[:17]))
    for index in range(LENGTH - 1):
        swapped = fixed[:index] + fixed[index + 1] + fixed[index] + fixed[index + 2 :]
        if swapped != fixed and _valid(swapped):
            candidates.append(swapped)
    for index in range(LENGTH - 1):
        for char in ALPHABET:
            if char != fixed[index]:
                changed = fixed[:index] + char + fixed[index + 1 :]
                if _valid(changed):
                    candidates.append(changed)
    return list(dict.fromkeys(c for c in candidates if looks_like_code(c)))
