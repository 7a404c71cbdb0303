"""The unified social credit code check of GB 32100-2015."""

import pytest

from disclosures.uscc import (
    UsccError,
    check_character,
    is_valid_uscc,
    make_uscc,
    normalise_uscc,
    validate_uscc,
)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("91350100M000100Y4", "3"),
        ("91110000600037341", "L"),
        ("91440300708461136", "T"),
    ],
)
def test_check_character_of_real_codes(first17, check):
    assert check_character(first17) == check
    assert validate_uscc(first17 + check) == first17 + check


def test_typing_is_forgiven_but_not_a_wrong_check_character():
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert normalise_uscc("9135-0100 M000100Y43") == "91350100M000100Y43"
    with pytest.raises(UsccError) as raised:
        validate_uscc("91350100M000100Y44")
    assert "3" in str(raised.value.message) and raised.value.field == "uscc"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100M000100O43",  # O is not in the alphabet
        "9135010IM000100Y43",  # I is not in the alphabet
        "91ABCDEFM000100Y43",  # no division code
        "91350100M000100Y4!",
    ],
)
def test_invalid_codes_are_refused(code):
    assert not is_valid_uscc(code)
    with pytest.raises(UsccError):
        validate_uscc(code)


def test_every_single_character_typo_is_caught():
    code = "91350100M000100Y43"
    for position in range(17):
        for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            if typo[2:8].isdigit():
                assert not is_valid_uscc(typo), typo


def test_made_codes_are_valid():
    code = make_uscc("91", "130100", "MA0H7TEL1")
    assert len(code) == 18 and is_valid_uscc(code)
