from decimal import Decimal

from domain.shares import largest_remainder, rounded_percent


def test_three_equal_shares_give_the_leftover_point_to_the_first():
    assert largest_remainder([1, 1, 1]) == [34, 33, 33]


def test_the_whole_per_cents_add_up_to_100():
    assert sum(largest_remainder([7, 13, 29, 51, 2])) == 100


def test_nothing_to_share_gives_zeros():
    assert largest_remainder([0, 0]) == [0, 0]


def test_money_is_shared_exactly_without_floats():
    # 400 000,01 / 399 999,99 / 0,01 €: the tiny amount gets no whole per cent
    assert largest_remainder([Decimal("400000.01"), Decimal("399999.99"), Decimal("0.01")]) == [
        50,
        50,
        0,
    ]


def test_a_share_that_need_not_add_up_rounds_half_up():
    assert rounded_percent(1, 8) == 13  # 12.5 %
    assert rounded_percent(Decimal("0.5"), 100) == 1
