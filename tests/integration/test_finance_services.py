"""Financial use cases on a real SQLite database: what a booking or a budget is checked
against, the category list, money exact to the cent, and — on the demo ledger — every
figure of the tab's tables equal to the sum of the transactions its drill-down lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from domain.errors import ValidationError
from domain.finance import SALES_CATEGORY, BudgetLine, Category, CategoryKind, Transaction
from domain.projects import OurRole, Project
from services.demo import load_demo
from services.finance import (
    add_category,
    budget_comparison,
    check_budget_line,
    customer_sales,
    delete_category,
    delete_transaction,
    drill_down_query,
    funding_sources,
    move_category,
    project_finances,
    rename_category,
    save_transaction,
    set_budget,
    set_category_retired,
)
from services.projects import save_project
from storage.database import Database
from storage.repositories import ListQuery, TransactionQuery
from tests.databases import new_database

D = Decimal
INCOME, EXPENSE = CategoryKind.INCOME, CategoryKind.EXPENSE


def category(db: Database, name: str) -> Category:
    with db.unit_of_work() as uow:
        found = uow.categories.by_name(name)
    assert found is not None
    return found


def booking(
    db: Database, name: str = "Matkakulut", amount: str = "87.40", **changes
) -> Transaction:
    fields = {
        "day": date(2025, 3, 14),
        "category_id": category(db, name).id,
        "amount": D(amount),
        "description": "Junaliput Tampere–Helsinki",
    }
    fields.update(changes)
    return Transaction(**fields)


def stored(db: Database) -> list[Transaction]:
    with db.unit_of_work() as uow:
        return uow.transactions.all()


def refused(action) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value.by_field()


# ------------------------------------------------------------------ what a booking is checked against


def test_a_transaction_in_an_unknown_category_is_refused_and_nothing_is_saved(db):
    t = booking(db, category_id="no-such-category")
    assert list(refused(lambda: save_transaction(db, t, None))) == ["category_id"]
    assert stored(db) == []


def test_a_retired_category_is_refused_for_a_new_booking(db):
    set_category_retired(db, category(db, "Muut kulut").id, True)
    found = refused(lambda: save_transaction(db, booking(db, "Muut kulut"), None))
    assert list(found) == ["category_id"]
    assert "Muut kulut" in found["category_id"]
    assert stored(db) == []


def test_a_booking_keeps_its_category_when_edited_after_the_category_was_retired(db):
    original = save_transaction(db, booking(db, "Muut kulut"), None)
    set_category_retired(db, original.category_id, True)
    changed = booking(db, "Muut kulut", amount="90.10")
    save_transaction(db, changed, original)
    assert [(t.category_id, t.amount) for t in stored(db)] == [(original.category_id, D("90.10"))]


def test_a_transaction_booked_to_an_unknown_project_is_refused(db):
    t = booking(db, project_id="no-such-project")
    assert list(refused(lambda: save_transaction(db, t, None))) == ["project_id"]
    assert stored(db) == []


def test_a_transaction_booked_to_a_project_is_saved_with_it(db):
    project = Project("MONNI", "Monialainen nuorten palveluohjaus", OurRole.LEAD_IMPLEMENTER)
    save_project(db, project, None)
    save_transaction(db, booking(db, project_id=project.id), None)
    assert [t.project_id for t in stored(db)] == [project.id]


def test_a_deleted_transaction_is_gone(db):
    t = save_transaction(db, booking(db), None)
    delete_transaction(db, t.id)
    assert stored(db) == []


# ------------------------------------------------------------------ the budget


def test_the_same_year_and_category_cannot_be_budgeted_twice(db):
    personnel = category(db, "Henkilöstökulut")
    set_budget(db, 2025, personnel.id, D("985000.00"))
    with db.unit_of_work() as uow:
        found = refused(
            lambda: check_budget_line(uow, BudgetLine(2025, personnel.id, D("1000.00")))
        )
    assert list(found) == ["category_id"]
    assert "Henkilöstökulut" in found["category_id"] and "2025" in found["category_id"]


def test_setting_a_budget_again_changes_the_one_line_and_no_amount_removes_it(db):
    personnel = category(db, "Henkilöstökulut")
    set_budget(db, 2025, personnel.id, D("985000.00"))
    set_budget(db, 2025, personnel.id, D("990000.50"))
    with db.unit_of_work() as uow:
        assert uow.budget.amounts(2025) == {personnel.id: D("990000.50")}
    set_budget(db, 2025, personnel.id, None)
    with db.unit_of_work() as uow:
        assert uow.budget.amounts(2025) == {}


def test_a_budget_in_an_unknown_category_is_refused(db):
    assert list(refused(lambda: set_budget(db, 2025, "no-such-category", D("1.00")))) == [
        "category_id"
    ]


# ------------------------------------------------------------------ the categories


def names(db: Database, kind: CategoryKind) -> list[str]:
    with db.unit_of_work() as uow:
        return [c.name for c in uow.categories.all() if c.kind is kind]


def test_a_used_category_cannot_be_deleted_only_retired(db):
    travel = category(db, "Matkakulut")
    save_transaction(db, booking(db), None)
    assert list(refused(lambda: delete_category(db, travel.id))) == [""]
    assert "Matkakulut" in names(db, EXPENSE)


def test_an_unused_category_can_be_deleted(db):
    typo = add_category(db, Category("Muut kulutt", EXPENSE))
    delete_category(db, typo.id)
    assert "Muut kulutt" not in names(db, EXPENSE)


def test_a_new_category_comes_last_of_its_kind(db):
    add_category(db, Category("Lahjoitukset", INCOME))
    assert names(db, INCOME)[-1] == "Lahjoitukset"


def test_a_category_name_is_unique_whatever_its_case_and_spacing(db):
    assert list(refused(lambda: add_category(db, Category("  matkakulut ", EXPENSE)))) == ["name"]


def test_a_category_moves_within_its_kind_and_stops_at_the_ends(db):
    travel = category(db, "Matkakulut")
    move_category(db, travel.id, -1)
    assert names(db, EXPENSE)[:3] == ["Henkilöstökulut", "Matkakulut", "Toimitilakulut"]
    move_category(db, category(db, "Henkilöstökulut").id, -1)
    assert names(db, EXPENSE)[0] == "Henkilöstökulut"
    assert names(db, INCOME)[0] == "Valtionavustus perustoimintaan"


def test_a_renamed_category_shows_its_new_name_on_its_bookings(db):
    t = save_transaction(db, booking(db), None)
    rename_category(db, t.category_id, "Matka- ja majoituskulut")
    with db.unit_of_work() as uow:
        assert (
            uow.categories.by_id()[uow.transactions.get(t.id).category_id].name
            == "Matka- ja majoituskulut"
        )


def test_a_category_cannot_take_the_name_of_another(db):
    travel = category(db, "Matkakulut")
    assert list(refused(lambda: rename_category(db, travel.id, "ICT-kulut"))) == ["name"]
    assert "Matkakulut" in names(db, EXPENSE)


# ------------------------------------------------------------------ money exact to the cent

AMOUNTS = ["0.07", "9250.23", "1234567.89", "-15.10"]


def test_money_is_stored_and_read_back_exact_to_the_cent(db):
    for amount in AMOUNTS:
        save_transaction(db, booking(db, amount=amount, work_days=D("0.25")), None)
    with db.unit_of_work() as uow:
        amounts = sorted(t.amount for t in uow.transactions.all())
        totals = uow.transactions.totals(ListQuery())
    assert amounts == sorted(D(a) for a in AMOUNTS)
    assert all(str(a) in AMOUNTS for a in amounts)
    assert totals[EXPENSE] == D("1243803.09")
    assert all(t.work_days == D("0.25") for t in stored(db))


def test_a_budget_is_stored_exact_to_the_cent(db):
    travel = category(db, "Matkakulut")
    set_budget(db, 2025, travel.id, D("1234567.89"))
    set_budget(db, 2026, travel.id, D("0.07"))
    with db.unit_of_work() as uow:
        assert (uow.budget.amounts(2025), uow.budget.amounts(2026)) == (
            {travel.id: D("1234567.89")},
            {travel.id: D("0.07")},
        )


def test_the_running_total_of_a_list_counts_expenses_negative(db):
    income = save_transaction(
        db, booking(db, "Muut tuotot", amount="9250.23", day=date(2025, 1, 2)), None
    )
    refund = save_transaction(db, booking(db, amount="-15.10", day=date(2025, 1, 3)), None)
    cost = save_transaction(db, booking(db, amount="0.07", day=date(2025, 1, 4)), None)
    with db.unit_of_work() as uow:
        running = uow.transactions.running_totals(
            ListQuery(), [income.id, refund.id, cost.id], net=True
        )
    assert running == {income.id: D("9250.23"), refund.id: D("9265.33"), cost.id: D("9265.26")}


# ------------------------------------------------------------------ the demo ledger: figures = drill-downs

TODAY = date(2025, 6, 15)
DATES = [
    date(2024, 1, 1),
    date(2024, 2, 29),
    date(2024, 7, 1),
    date(2024, 12, 31),
    date(2025, 1, 1),
    TODAY,
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Database]:
    """The demo, loaded once for the tests below that only read it."""
    database = new_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    load_demo(database, TODAY)
    yield database
    database.close()


def listed(uow, query: ListQuery) -> list[Transaction]:
    """Every row the drill-down list shows, read a page at a time as the table does."""
    rows: list[Transaction] = []
    while len(rows) < uow.transactions.count(query):
        rows += uow.transactions.page(query, len(rows), 200)
    return rows


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_every_figure_of_the_budget_comparison_is_the_sum_of_its_drill_down(demo, as_of):
    with demo.unit_of_work() as uow:
        comparison = budget_comparison(uow, as_of)
        checked = 0
        for section in comparison.sections:
            for row in section.rows:
                query = drill_down_query(row.category.id, comparison.start, as_of)
                assert uow.transactions.totals(query)[section.kind] == row.actual
                assert sum((t.amount for t in listed(uow, query)), D("0.00")) == row.actual
                checked += 1
            kind_query = drill_down_query(None, comparison.start, as_of, kind=section.kind)
            assert uow.transactions.totals(kind_query)[section.kind] == section.actual
    assert checked == 11


def test_the_demo_comparison_has_figures_to_compare(demo):
    with demo.unit_of_work() as uow:
        comparison = budget_comparison(uow, TODAY)
    assert all(r.budget > 0 and r.actual > 0 for s in comparison.sections for r in s.rows)


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_funding_table_adds_up_to_100_and_to_the_year_s_income(demo, year):
    with demo.unit_of_work() as uow:
        table = funding_sources(uow, year)
        income = uow.transactions.totals(TransactionQuery(year=year))[INCOME]
    assert table.total_percent == 100
    assert table.total == income
    assert len(table.rows) == 5


@pytest.mark.parametrize("year", [2024, 2025])
def test_sales_per_customer_add_up_to_the_sales_booked_with_a_customer(demo, year):
    with demo.unit_of_work() as uow:
        sales = customer_sales(uow, year)
        sales_id = uow.categories.by_name(SALES_CATEGORY).id
        booked = listed(uow, drill_down_query(sales_id, date(year, 1, 1), date(year, 12, 31)))
        per_customer = {
            r.customer: listed(
                uow,
                drill_down_query(
                    sales_id, date(year, 1, 1), date(year, 12, 31), customer=r.customer
                ),
            )
            for r in sales.rows
        }
    assert sales.amount == sum(t.amount for t in booked if t.customer)
    assert sales.work_days == sum(t.work_days for t in booked if t.customer)
    assert sales.count == len([t for t in booked if t.customer])
    for r in sales.rows:
        rows = per_customer[r.customer]
        assert (sum(t.amount for t in rows), sum(t.work_days for t in rows), len(rows)) == (
            r.amount,
            r.work_days,
            r.count,
        )


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2024, 12, 31), TODAY], ids=str)
def test_each_project_s_costs_and_income_are_the_sums_of_its_drill_downs(demo, as_of):
    with demo.unit_of_work() as uow:
        rows = project_finances(uow, as_of)
        for r in rows:
            costs = uow.transactions.totals(
                drill_down_query(None, None, as_of, project_id=r.project_id, kind=EXPENSE)
            )
            income = uow.transactions.totals(
                drill_down_query(None, None, as_of, project_id=r.project_id, kind=INCOME)
            )
            listed_costs = listed(
                uow, drill_down_query(None, None, as_of, project_id=r.project_id, kind=EXPENSE)
            )
            assert (costs[EXPENSE], income[INCOME]) == (r.costs, r.income)
            assert sum((t.amount for t in listed_costs), D("0.00")) == r.costs
    assert {"TulLas", "MONNI"} <= {r.code for r in rows}
