"""The financial rules as the board and the CEO meet them: shares that add up to 100,
budget versus actual to any day of a year, the funding table, project budgets, and the
checks of a transaction and a budget line.

Plain domain objects only, no database. The budgets are chosen so the figures are easy to
check by hand: 36 500 € a year is 100 € a day (36 600 € in a leap year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.finance import (
    BudgetLine,
    Category,
    CategoryKind,
    ProjectFinance,
    Transaction,
    budget_vs_actual,
    check_category_name,
    elapsed_share,
    funding_table,
)
from domain.i18n import _, set_language
from domain.shares import largest_remainder

D = Decimal
INCOME, EXPENSE = CategoryKind.INCOME, CategoryKind.EXPENSE

# ------------------------------------------------------------------ largest remainder

cents = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c).scaleb(-2))


@given(st.lists(cents, min_size=1, max_size=30).filter(lambda amounts: sum(amounts) > 0))
def test_money_shares_add_up_to_100_each_within_one_point_of_its_exact_share(amounts):
    shares = largest_remainder(amounts)
    total = sum(amounts)
    assert sum(shares) == 100
    for amount, share in zip(amounts, shares, strict=True):
        exact = Fraction(amount) * 100 / Fraction(total)
        assert abs(share - exact) < 1


@given(
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(
        lambda n: sum(n) > 0
    )
)
def test_count_shares_add_up_to_100_each_within_one_point_of_its_exact_share(counts):
    shares = largest_remainder(counts)
    assert sum(shares) == 100
    assert all(
        abs(share - Fraction(n * 100, sum(counts))) < 1
        for n, share in zip(counts, shares, strict=True)
    )


# ------------------------------------------------------------------ the elapsed share


@pytest.mark.parametrize(
    ("day", "share"),
    [
        (date(2025, 1, 1), Fraction(1, 365)),
        (date(2025, 7, 2), Fraction(183, 365)),
        (date(2024, 7, 1), Fraction(1, 2)),  # day 183 of 366
        (date(2024, 2, 29), Fraction(60, 366)),
        (date(2025, 12, 31), Fraction(1)),
        (date(2024, 12, 31), Fraction(1)),
    ],
)
def test_the_share_of_the_year_elapsed_counts_the_day_itself_and_leap_days(day, share):
    assert elapsed_share(day) == share


# ------------------------------------------------------------------ budget versus actual

GRANT = Category("Valtionavustus perustoimintaan", INCOME, 1)
SALES = Category("Asiantuntijapalvelujen myynti", INCOME, 2)
PERSONNEL = Category("Henkilöstökulut", EXPENSE, 1)
TRAVEL = Category("Matkakulut", EXPENSE, 2)
OLD = Category("Koulutusmaksut", EXPENSE, 3, retired=True)
CATEGORIES = [GRANT, SALES, PERSONNEL, TRAVEL, OLD]

BUDGET_2025 = {GRANT.id: D("365000.00"), PERSONNEL.id: D("292000.00"), TRAVEL.id: D("7300.00")}


def row(comparison, category):
    return next(r for s in comparison.sections for r in s.rows if r.category is category)


def test_on_1_january_one_day_of_the_budget_is_due():
    c = budget_vs_actual(date(2025, 1, 1), CATEGORIES, BUDGET_2025, {TRAVEL.id: D("98.40")})
    travel = row(c, TRAVEL)
    assert c.elapsed_percent == D("0.3")
    assert travel.to_date_budget == D("20.00")  # 7 300 € / 365
    assert travel.variance == D("78.40")
    assert travel.realised_percent == D("1.3")
    assert travel.over_budget
    assert row(c, PERSONNEL).to_date_budget == D("800.00")
    assert not row(c, PERSONNEL).over_budget  # nothing booked yet: behind, not over
    assert row(c, GRANT).variance == D("-1000.00")


def test_on_2_july_of_a_common_year_183_days_are_due():
    actual = {
        GRANT.id: D("182500.00"),
        SALES.id: D("41250.50"),
        PERSONNEL.id: D("140000.00"),
        TRAVEL.id: D("4000.00"),
    }
    c = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, actual)
    assert c.elapsed_percent == D("50.1")
    grant, personnel, travel = row(c, GRANT), row(c, PERSONNEL), row(c, TRAVEL)
    assert (grant.to_date_budget, grant.variance, grant.realised_percent) == (
        D("183000.00"),
        D("-500.00"),
        D("50.0"),
    )
    assert (personnel.to_date_budget, personnel.variance, personnel.realised_percent) == (
        D("146400.00"),
        D("-6400.00"),
        D("47.9"),
    )
    assert (travel.to_date_budget, travel.variance, travel.realised_percent) == (
        D("3660.00"),
        D("340.00"),
        D("54.8"),
    )
    assert [r.over_budget for r in c.expenses.rows] == [False, True]


def test_income_without_a_budget_has_no_realised_per_cent_and_is_never_over_budget():
    c = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, {SALES.id: D("41250.50")})
    sales = row(c, SALES)
    assert sales.budget == D("0.00")
    assert sales.realised_percent is None
    assert sales.variance == D("41250.50")
    assert not sales.over_budget


def test_the_sections_and_the_result_add_up_the_rows():
    actual = {
        GRANT.id: D("182500.00"),
        SALES.id: D("41250.50"),
        PERSONNEL.id: D("140000.00"),
        TRAVEL.id: D("4000.00"),
    }
    c = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, actual)
    assert (c.income.budget, c.income.actual, c.income.to_date_budget) == (
        D("365000.00"),
        D("223750.50"),
        D("183000.00"),
    )
    assert c.income.variance == D("40750.50")
    assert (
        c.expenses.budget,
        c.expenses.actual,
        c.expenses.to_date_budget,
        c.expenses.variance,
    ) == (D("299300.00"), D("144000.00"), D("150060.00"), D("-6060.00"))
    assert c.expenses.realised_percent == D("48.1")
    assert (c.result_budget, c.result_actual) == (D("65700.00"), D("79750.50"))
    assert c.result_variance == D("46810.50")


def test_on_1_july_of_a_leap_year_exactly_half_is_due():
    budget = {PERSONNEL.id: D("292800.00")}
    c = budget_vs_actual(date(2024, 7, 1), CATEGORIES, budget, {PERSONNEL.id: D("146400.01")})
    personnel = row(c, PERSONNEL)
    assert c.elapsed_percent == D("50.0")
    assert personnel.to_date_budget == D("146400.00")
    assert personnel.variance == D("0.01")
    assert personnel.over_budget  # one cent ahead is ahead


def test_on_29_february_sixty_days_of_366_are_due():
    budget = {TRAVEL.id: D("36600.00"), GRANT.id: D("400000.00")}
    c = budget_vs_actual(date(2024, 2, 29), CATEGORIES, budget, {TRAVEL.id: D("6000.00")})
    assert c.elapsed_percent == D("16.4")
    assert row(c, TRAVEL).to_date_budget == D("6000.00")
    assert row(c, TRAVEL).variance == D("0.00")
    assert not row(c, TRAVEL).over_budget
    assert row(c, GRANT).to_date_budget == D("65573.77")  # 400 000 × 60 / 366 = 65 573,770…


def test_on_31_december_the_whole_budget_is_due():
    actual = {GRANT.id: D("365000.00"), PERSONNEL.id: D("291999.99"), TRAVEL.id: D("8395.00")}
    c = budget_vs_actual(date(2025, 12, 31), CATEGORIES, BUDGET_2025, actual)
    assert c.elapsed_percent == D("100.0")
    assert [r.to_date_budget for r in c.expenses.rows] == [D("292000.00"), D("7300.00")]
    assert row(c, PERSONNEL).variance == D("-0.01")
    assert row(c, TRAVEL).realised_percent == D("115.0")
    assert [r.category.name for r in c.expenses.rows if r.over_budget] == ["Matkakulut"]
    assert c.result_budget == D("65700.00")
    assert c.result_actual == D("64605.01")


def test_the_to_date_budget_is_rounded_half_up_to_the_cent():
    # 1 000 € / 365 = 2,7397… €. In a leap year 1,83 € / 366 is exactly half a cent and
    # 9,15 € / 366 two and a half: both round up (banker's rounding would round them down).
    def due(day, budget):
        return row(
            budget_vs_actual(day, CATEGORIES, {TRAVEL.id: D(budget)}, {}), TRAVEL
        ).to_date_budget

    assert due(date(2025, 1, 1), "1000.00") == D("2.74")
    assert due(date(2024, 1, 1), "1.83") == D("0.01")
    assert due(date(2024, 1, 1), "9.15") == D("0.03")


def test_a_retired_category_is_listed_only_in_a_year_it_has_figures_in():
    empty = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, {})
    used = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, {OLD.id: D("120.00")})
    assert OLD not in [r.category for r in empty.expenses.rows]
    assert [r.category for r in used.expenses.rows] == [PERSONNEL, TRAVEL, OLD]


def test_the_comparison_lists_income_first_in_the_categories_order():
    c = budget_vs_actual(date(2025, 7, 2), CATEGORIES, BUDGET_2025, {})
    assert [r.category.name for r in c.income.rows] == [
        "Valtionavustus perustoimintaan",
        "Asiantuntijapalvelujen myynti",
    ]
    assert [s.kind for s in c.sections] == [INCOME, EXPENSE]
    assert (c.start, c.year) == (date(2025, 1, 1), 2025)


# ------------------------------------------------------------------ funding sources


def test_the_funding_table_shares_income_by_largest_remainder_to_exactly_100():
    income = {GRANT.id: D("400000.00"), SALES.id: D("200000.00"), PERSONNEL.id: D("999.00")}
    table = funding_table(2025, CATEGORIES, income | {TRAVEL.id: D("1.00")})
    assert [(r.name, r.amount, r.percent) for r in table.rows] == [
        ("Valtionavustus perustoimintaan", D("400000.00"), 67),
        ("Asiantuntijapalvelujen myynti", D("200000.00"), 33),
    ]
    assert (table.total, table.total_percent) == (D("600000.00"), 100)


def test_a_funding_source_whose_refunds_exceed_its_income_keeps_its_euros_but_takes_no_share():
    third = Category("Kuntarahoitus", INCOME, 3)
    income = {GRANT.id: D("300000.00"), SALES.id: D("100000.00"), third.id: D("-50.10")}
    table = funding_table(2025, [GRANT, SALES, third], income)
    assert [(r.amount, r.percent) for r in table.rows] == [
        (D("300000.00"), 75),
        (D("100000.00"), 25),
        (D("-50.10"), 0),
    ]
    assert table.total == D("399949.90")
    assert table.total_percent == 100


def test_a_year_without_income_has_an_empty_funding_table():
    table = funding_table(2025, CATEGORIES, {PERSONNEL.id: D("10.00")})
    assert table.rows == ()
    assert (table.total, table.total_percent) == (D("0.00"), 0)


# ------------------------------------------------------------------ project finances


def project(our_budget: str | None, costs: str) -> ProjectFinance:
    return ProjectFinance(
        "p",
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        None if our_budget is None else D(our_budget),
        D(costs),
        D("0.00"),
    )


def test_a_project_shows_the_share_of_its_budget_used_and_what_remains():
    p = project("436068.00", "264255.60")
    assert p.used_percent == D("60.6")
    assert p.remaining == D("171812.40")
    assert not p.over_budget


def test_a_project_spent_past_its_budget_is_over_it():
    p = project("45000.00", "45000.01")
    assert p.used_percent == D("100.0")
    assert p.remaining == D("-0.01")
    assert p.over_budget


def test_a_project_without_a_budget_of_our_own_has_no_per_cent():
    p = project(None, "1200.00")
    assert (p.used_percent, p.remaining, p.over_budget) == (None, None, False)


# ------------------------------------------------------------------ checks


def transaction(**changes) -> Transaction:
    fields = {
        "day": date(2025, 3, 14),
        "category_id": "c",
        "amount": D("1480.00"),
        "description": "Kirjanpitopalvelut 3/2025",
    }
    fields.update(changes)
    return Transaction(**fields)


def problems(record) -> dict[str, str]:
    record.tidy()
    with pytest.raises(ValidationError) as caught:
        record.validate()
    return caught.value.by_field()


def test_a_valid_transaction_and_a_refund_pass():
    transaction().validate()
    transaction(amount=D("-15.10"), work_days=D("2.5")).validate()


def test_an_amount_with_three_decimals_is_refused_naming_the_amount():
    assert problems(transaction(amount=D("10.005"))) == {
        "amount": "Summa: enintään kaksi desimaalia (senttiä)"
    }


def test_a_zero_amount_is_refused():
    assert problems(transaction(amount=D("0.00"))) == {"amount": _("The amount cannot be zero")}


def test_a_transaction_without_a_category_is_refused_naming_the_category():
    found = problems(transaction(category_id=""))
    assert list(found) == ["category_id"]
    assert _("Category") in found["category_id"]


def test_negative_work_days_are_refused_naming_the_work_days():
    found = problems(transaction(work_days=D("-1")))
    assert list(found) == ["work_days"]
    assert _("Work days") in found["work_days"]


def test_work_days_with_three_decimals_are_refused():
    assert list(problems(transaction(work_days=D("1.125")))) == ["work_days"]


def test_every_problem_of_a_transaction_is_reported_at_once():
    found = problems(transaction(day=None, category_id="", amount=None))
    assert set(found) == {"day", "category_id", "amount"}


def test_a_negative_budget_is_refused_naming_the_amount():
    assert problems(BudgetLine(2025, "c", D("-1.00"))) == {
        "amount": "Summa ei voi olla negatiivinen"
    }


def test_a_budget_with_three_decimals_is_refused_naming_the_amount():
    assert problems(BudgetLine(2025, "c", D("1000.001"))) == {
        "amount": "Summa: enintään kaksi desimaalia (senttiä)"
    }


def test_a_budget_for_an_impossible_year_or_without_a_category_is_refused():
    assert set(problems(BudgetLine(20250, "", D("1.00")))) == {"year", "category_id"}


def test_a_category_is_named_in_english_in_english_and_in_finnish_without_an_english_name():
    travel = Category("Matkakulut", CategoryKind.EXPENSE, name_en="Travel expenses")
    donations = Category("Lahjoitukset", CategoryKind.INCOME)

    assert (travel.name_in("en"), travel.name_in("fi")) == ("Travel expenses", "Matkakulut")
    assert donations.name_in("en") == "Lahjoitukset"


def test_a_retired_category_is_labelled_in_the_interface_language():
    set_language("en")
    travel = Category("Matkakulut", CategoryKind.EXPENSE, retired=True, name_en="Travel expenses")

    assert travel.label == "Travel expenses (retired)"


def test_a_category_tidies_its_english_name():
    travel = Category("Matkakulut", CategoryKind.EXPENSE, name_en="  Travel \t expenses ")
    travel.tidy()

    assert travel.name_en == "Travel expenses"


def test_an_english_name_another_category_has_is_refused_whatever_its_case():
    set_language("en")
    travel = Category("Matkakulut", CategoryKind.EXPENSE, name_en="Travel expenses")
    trips = Category("Matkat", CategoryKind.EXPENSE, name_en="travel  EXPENSES")

    with pytest.raises(ValidationError) as refused:
        check_category_name(trips, [travel])

    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("name_en", "The English name “travel  EXPENSES” is already used by “Matkakulut”")
    ]


def test_categories_without_english_names_may_be_many():
    check_category_name(
        Category("Matkat", CategoryKind.EXPENSE),
        [Category("Matkakulut", CategoryKind.EXPENSE)],
    )


def test_the_funding_table_names_its_sources_in_english_in_english():
    set_language("en")
    grant = Category("Valtionavustus", INCOME, 1, name_en="Government grant")
    donations = Category("Lahjoitukset", INCOME, 2)
    table = funding_table(2025, [grant, donations], {grant.id: D("3.00"), donations.id: D("1.00")})

    assert [(r.name, r.category_id) for r in table.rows] == [
        ("Government grant", grant.id),
        ("Lahjoitukset", donations.id),
    ]
