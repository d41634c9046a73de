from datetime import date
from decimal import Decimal

import pytest

from domain.errors import ValidationError
from domain.formats import (
    format_date,
    format_decimal_short,
    format_money,
    format_number,
    format_percent,
    format_period,
    parse_date,
    parse_decimal,
)
from domain.i18n import set_language

NBSP = "\u00a0"


def test_a_date_has_no_leading_zeros():
    assert format_date(date(2022, 6, 7)) == "7.6.2022"


def test_a_period_from_a_date_reads_alkaen():
    assert format_period(date(2022, 4, 1), None) == "1.4.2022 alkaen"


def test_a_period_until_a_date_reads_saakka():
    assert format_period(None, date(2022, 10, 26)) == "26.10.2022 saakka"


def test_a_period_within_one_year_names_the_year_once():
    assert format_period(date(2022, 3, 21), date(2022, 4, 30)) == "21.3.\u201330.4.2022"


def test_a_period_across_years_names_both_years():
    assert format_period(date(2020, 1, 1), date(2022, 12, 31)) == "1.1.2020\u201331.12.2022"


def test_an_open_period_is_empty():
    assert format_period(None, None) == ""


def test_the_english_interface_says_from_and_until():
    set_language("en")
    assert format_period(date(2022, 4, 1), None) == "from 1.4.2022"
    assert format_period(None, date(2022, 10, 26)) == "until 26.10.2022"


def test_money_groups_thousands_with_a_no_break_space_and_a_decimal_comma():
    assert format_money(Decimal("4530.77")) == f"4{NBSP}530,77{NBSP}€"


def test_numbers_group_thousands():
    assert format_number(Decimal(937294)) == f"937{NBSP}294"


def test_a_per_cent_sign_follows_a_space():
    assert format_percent(Decimal(44)) == f"44{NBSP}%"
    assert format_percent(Decimal("62.5")) == f"62,5{NBSP}%"


def test_a_negative_sum_has_a_minus_and_its_thousands_grouped():
    assert format_money(Decimal("-1234567.5")) == f"-1{NBSP}234{NBSP}567,50{NBSP}€"


def test_a_short_number_drops_its_trailing_zeros():
    assert format_decimal_short(Decimal("12.50")) == "12,5"
    assert format_decimal_short(Decimal("80.00")) == "80"


@pytest.mark.parametrize(("value", "expected"), [("0.125", "0,12"), ("0.135", "0,14")])
def test_a_number_rounds_half_to_even(value, expected):
    assert format_number(Decimal(value), 2) == expected


def test_a_value_that_rounds_to_zero_has_no_minus_sign():
    assert format_money(Decimal("-0")) == f"0,00{NBSP}€"
    assert format_percent(Decimal("-0.001"), 1) == f"0,0{NBSP}%"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7.6.2022", date(2022, 6, 7)),
        ("07.06.2022", date(2022, 6, 7)),
        ("2022-06-07", date(2022, 6, 7)),
        ("  ", None),
    ],
)
def test_dates_are_read_in_finnish_and_iso_form(text, expected):
    assert parse_date(text) == expected


def test_31_november_is_refused_with_a_reason():
    with pytest.raises(ValidationError) as caught:
        parse_date("31.11.2023", "start")
    assert caught.value.field == "start"
    assert caught.value.message == "“31.11.2023” ei ole päivämäärä: kuussa 11 on 30 päivää"


def test_29_february_is_accepted_only_in_a_leap_year():
    assert parse_date("29.2.2024") == date(2024, 2, 29)
    with pytest.raises(ValidationError):
        parse_date("29.2.2023")


def test_text_that_is_no_date_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_date("ensi maanantaina", "end")
    assert caught.value.field == "end"


def test_numbers_are_read_with_a_comma_or_a_point():
    assert parse_decimal("62,5") == Decimal("62.5")
    assert parse_decimal("4 530,77 €") == Decimal("4530.77")
    assert parse_decimal("4530.77") == Decimal("4530.77")


def test_text_that_is_no_number_is_refused():
    with pytest.raises(ValidationError):
        parse_decimal("sata", "fte_percent")
