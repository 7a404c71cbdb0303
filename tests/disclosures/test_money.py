"""Amounts typed by people become integer fen, or a clear refusal."""

import pytest

from disclosures.money import MoneyError, fen_to_yuan_text, parse_yuan


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("1,234.56", 123456),
        ("¥1234.5", 123450),
        ("1234.56 元", 123456),
        ("0", 0),
        (0.1, 10),
        (1234, 123400),
        ("38,000", 3800000),
    ],
)
def test_amounts_are_read_in_fen(raw, fen):
    assert parse_yuan(raw) == fen


@pytest.mark.parametrize("raw", ["", None, "-5", "12.345", "abc", "1e400", "NaN", True])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(MoneyError):
        parse_yuan(raw)


def test_fen_back_to_yuan_text():
    assert fen_to_yuan_text(123456) == "1234.56" and fen_to_yuan_text(5) == "0.05"
