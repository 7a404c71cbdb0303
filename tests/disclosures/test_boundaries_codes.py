"""The credit code's length and the money parser's limits, below, at and above.

GB 32100-2015: a unified social credit code has exactly 18 characters. Money (disclosures/money.py):
non-negative, at most two decimals (fen), at most MAX_FEN fen; each limit itself is accepted.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosures.money import MAX_FEN, MoneyError, fen_to_yuan_text, parse_yuan
from disclosures.uscc import LENGTH, UsccError, validate_uscc

CODE = "91350100M000100Y43"  # a valid code of 18 characters


@pytest.mark.parametrize(
    ("code", "count"),
    [(CODE[:17], 17), (CODE, None), (CODE + "3", 19)],
    ids=["below", "exactly 18", "above"],
)
def test_a_credit_code_has_exactly_eighteen_characters(code, count):
    """One character short or one too many is refused, and the message gives the count."""
    if count is None:
        assert validate_uscc(code) == CODE and len(code) == LENGTH
        return
    with pytest.raises(UsccError) as raised:
        validate_uscc(code)
    assert raised.value.field == "uscc"
    assert str(raised.value.message) == (
        f"A unified social credit code has 18 characters; this one has {count}."
    )


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        (str(Decimal(MAX_FEN - 1) / 100), MAX_FEN - 1),
        (str(Decimal(MAX_FEN) / 100), MAX_FEN),
        (str(Decimal(MAX_FEN + 1) / 100), None),
    ],
    ids=["below", "at the limit", "above"],
)
def test_the_largest_amount_is_accepted_and_one_fen_more_is_not(raw, fen):
    if fen is None:
        with pytest.raises(MoneyError) as raised:
            parse_yuan(raw, field="amount")
        assert raised.value.field == "amount" and "too large" in str(raised.value.message)
    else:
        assert parse_yuan(raw) == fen


@pytest.mark.parametrize(
    ("raw", "fen", "words"),
    [
        ("-0.01", None, "negative"),
        ("0", 0, None),
        ("0.01", 1, None),
        ("0.001", None, "two decimals"),
        ("1.10", 110, None),
        ("1.105", None, "two decimals"),
    ],
    ids=["below zero", "zero", "one fen", "a third decimal", "two decimals", "three decimals"],
)
def test_zero_and_two_decimals_are_the_limits(raw, fen, words):
    """An amount is a sum of yuan "with at most two decimals", never below zero."""
    if fen is None:
        with pytest.raises(MoneyError) as raised:
            parse_yuan(raw, field="amount")
        assert raised.value.field == "amount" and words in str(raised.value.message)
    else:
        assert parse_yuan(raw) == fen


@pytest.mark.parametrize(
    ("fen", "text"),
    [(-123456, "-1234.56"), (-5, "-0.05"), (0, "0.00"), (5, "0.05"), (100, "1.00")],
    ids=["below zero", "one fen below", "zero", "five fen", "one yuan"],
)
def test_fen_are_written_back_as_yuan_with_a_sign_only_below_zero(fen, text):
    """The inverse of parse_yuan: zero has no sign; amounts below zero (differences of totals)
    keep theirs."""
    assert fen_to_yuan_text(fen) == text
    if fen >= 0:
        assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "An amount is required."),
        ("", "An amount is required."),
        ("   ", "An amount is required."),
        (True, "“True” is not an amount of money."),
        ("abc", "“abc” is not an amount of money."),
        ("x" * 50, f"“{'x' * 40}” is not an amount of money."),
        ("Infinity", "“Infinity” is not an amount of money."),
        ("NaN" + "1" * 45, f"“NaN{'1' * 37}” is not an amount of money."),
        ("0.001", "An amount has at most two decimals (fen)."),
        ("10000000000000.01", "This amount is too large."),
        ("-5", "An amount cannot be negative."),
    ],
    ids=[
        "none",
        "empty",
        "blank",
        "a yes/no",
        "words",
        "long words",
        "infinity",
        "long not-a-number",
        "three decimals",
        "too large",
        "negative",
    ],
)
def test_each_refused_amount_says_why_on_its_field(raw, message):
    """The refusal names the value as typed (cut at 40 characters) on the form's own field."""
    with pytest.raises(MoneyError) as raised:
        parse_yuan(raw, field="accommodation")
    assert raised.value.field == "accommodation"
    assert str(raised.value.message) == message


def test_a_credit_code_names_its_province():
    from disclosures.uscc import province_code

    assert province_code("91440300708461136T") == "440000"


NOT_ALLOWED = (
    "The code contains a character that is not allowed (I, O, S, V, Z and symbols are never used)."
)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "The unified social credit code is required."),
        ("  ", "The unified social credit code is required."),
        ("91350100M000100O43", NOT_ALLOWED),
        ("91ABCDEFM000100Y43", "Characters 3 to 8 of the code must be the six digits of a division code."),
        ("91A50100M000100Y42", "Characters 3 to 8 of the code must be the six digits of a division code."),
        (
            "91350100M000100Y44",
            "The check character is wrong: it should be “3”, not “4”. Please check the code for a typing mistake.",
        ),
    ],
    ids=["none", "blank", "letter O", "no division code", "a letter at 3", "wrong check character"],
)  # fmt: skip
def test_each_refused_credit_code_says_what_is_wrong(raw, message):
    with pytest.raises(UsccError) as raised:
        validate_uscc(raw)
    assert raised.value.field == "uscc" and str(raised.value.message) == message


def test_the_check_character_needs_seventeen_characters_of_the_alphabet():
    from disclosures.uscc import check_character

    with pytest.raises(UsccError) as raised:
        check_character("9135010")
    assert str(raised.value.message) == "A unified social credit code has 18 characters."
    with pytest.raises(UsccError) as raised:
        check_character("91350100M000100S4")  # S is not in the alphabet
    assert str(raised.value.message) == NOT_ALLOWED and raised.value.field == "uscc"
