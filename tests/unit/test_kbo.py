"""The KBO (enterprise number) mod-97 check used when an organisation is created."""

from __future__ import annotations

import pytest

from aanbodplatform.services.organisations import (
    format_kbo,
    is_valid_kbo,
    kbo_check_digits,
    normalise_kbo,
)


def _with_check(first_eight: str) -> str:
    # The rule, written out independently of the code under test.
    return first_eight + f"{97 - int(first_eight) % 97:02d}"


def test_the_rule_gives_the_check_digits_of_a_real_number() -> None:
    # 0403.170.701: 97 - (04031707 mod 97) = 97 - 96 = 1 → "01".
    assert 4031707 % 97 == 96
    assert kbo_check_digits("04031707") == 1
    assert is_valid_kbo("0403.170.701")


@pytest.mark.parametrize(
    "first_eight", ["04031707", "08765432", "10000000", "00000097", "12345678"]
)
def test_numbers_built_with_the_rule_pass(first_eight: str) -> None:
    number = _with_check(first_eight)
    assert is_valid_kbo(number)
    assert is_valid_kbo(format_kbo(number))


@pytest.mark.parametrize(
    "value",
    [
        "0403.170.702",  # last digit off by one
        "0403.170.710",  # check digits swapped
        "2403.170.701",  # must start with 0 or 1
        "0403.170.70",  # nine digits: padded to 0040317070, which fails the check
        "04031707011",  # too long
        "0403.17O.701",  # a letter O
        "",
    ],
)
def test_wrong_numbers_fail(value: str) -> None:
    assert not is_valid_kbo(value)


def test_writing_variants_are_normalised() -> None:
    assert normalise_kbo("BE 0403.170.701") == "0403170701"
    assert normalise_kbo("be0403170701") == "0403170701"
    # Older 9-digit numbers get their leading zero back.
    assert normalise_kbo("403.170.701") == "0403170701"
    assert is_valid_kbo("403170701")
    assert format_kbo("0403170701") == "0403.170.701"


@pytest.mark.parametrize(
    "typed",
    ["۰۴۰۳.۱۷۰.۷۰۱", "BE ۰۴۰۳ ۱۷۰ ۷۰۱", "٠٤٠٣١٧٠٧٠١", "۴۰۳۱۷۰۷۰۱"],
)
def test_a_kbo_number_typed_in_eastern_arabic_digits_is_the_same_number(typed: str) -> None:
    assert normalise_kbo(typed) == "0403170701"
    assert is_valid_kbo(typed)


def test_a_wrong_kbo_number_in_eastern_arabic_digits_is_still_refused() -> None:
    assert not is_valid_kbo("۰۴۰۳.۱۷۰.۷۰۲")
