"""The demo database as a newcomer meets it: a case log with two years of events, a bank of
guardians and their requests, a ledger of last year and this year with their budgets, every
record as valid as a form would have saved it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from domain.caselog import Outcome, Sector
from domain.finance import SALES_CATEGORY, CategoryKind
from services.caselog import case_statistics, check_case_event, check_request
from services.demo import NotEmpty, load_demo
from services.finance import budget_comparison, check_transaction, customer_sales, funding_sources
from tests.databases import new_database

TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo, loaded once: the tests only read it."""
    database = new_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    load_demo(database, TODAY)
    yield database
    database.close()


def test_the_demo_goes_only_into_an_empty_database(demo_db):
    with pytest.raises(NotEmpty):
        load_demo(demo_db, TODAY)


def test_the_demo_case_log_has_about_two_thousand_events_from_last_year_to_today(demo_db):
    with demo_db.unit_of_work() as uow:
        events = uow.case_events.all()
    assert 1900 <= len(events) <= 2100
    assert min(e.day for e in events) >= date(2024, 1, 1)
    assert max(e.day for e in events) <= TODAY
    assert {e.day.year for e in events} == {2024, 2025}


def test_the_demo_events_cover_both_sectors_health_care_more(demo_db):
    with demo_db.unit_of_work() as uow:
        sectors = Counter(e.sector for e in uow.case_events.all())
    assert sectors[Sector.HEALTH] > sectors[Sector.SOCIAL] > 500


def test_the_demo_events_come_mostly_from_the_first_two_areas_served(demo_db):
    with demo_db.unit_of_work() as uow:
        stats = case_statistics(uow, date(2024, 1, 1), TODAY)
    pirkanmaa, kanta_hame = stats.areas.rows[:2]
    assert pirkanmaa.area == "Pirkanmaan hyvinvointialue"
    assert kanta_hame.area == "Kanta-Hämeen hyvinvointialue"
    assert pirkanmaa.total + kanta_hame.total >= 0.9 * stats.total
    assert min(pirkanmaa.social, pirkanmaa.health, kanta_hame.social, kanta_hame.health) > 100


def test_the_demo_events_are_by_the_demo_ombudsman(demo_db):
    with demo_db.unit_of_work() as uow:
        ombudsman_ids = {e.ombudsman_id for e in uow.case_events.all()}
        names = {uow.staff.get(i).full_name for i in ombudsman_ids}
    assert names == {"Heikkinen Satu"}


def test_every_demo_event_passes_the_check_a_form_makes(demo_db):
    with demo_db.unit_of_work() as uow:
        events = uow.case_events.all()
        staff = uow.staff.all()  # held, so the check finds the ombudsman without asking SQL again
        values = uow.references.by_id()
        uow.references.by_id = lambda: values  # the lists do not change meanwhile: read them once
        for event in events:
            # For a stored event, allow_retired changes nothing (its own values are kept
            # anyway); it spares a query per event. No demo value is retired, as checked below.
            check_case_event(uow, event, allow_retired=True)
    assert staff
    assert not any(
        values[i].retired for e in events for ids in e.reference_ids().values() for i in ids
    )
    assert all(1 <= len(e.reason_ids) <= 2 and 1 <= len(e.measure_ids) <= 2 for e in events)
    assert all(10 <= e.minutes <= 90 for e in events)


def test_the_demo_bank_has_thirty_guardians_some_inactive(demo_db):
    with demo_db.unit_of_work() as uow:
        guardians = uow.guardians.all()
        active = uow.guardians.active_count()
    assert len(guardians) == 30
    assert 20 <= active < 30


def test_the_demo_has_about_ninety_requests_each_valid(demo_db):
    with demo_db.unit_of_work() as uow:
        requests = uow.guardian_requests.all()
        for request in requests:
            check_request(uow, request)
    assert 80 <= len(requests) <= 100
    assert all(r.closed is None or r.closed >= r.day for r in requests)
    assert {r.outcome for r in requests} == set(Outcome)


def test_a_placed_demo_request_names_a_guardian_who_was_in_the_bank_then(demo_db):
    with demo_db.unit_of_work() as uow:
        requests = uow.guardian_requests.all()
        guardians = {g.id: g for g in uow.guardians.all()}
    placed = [r for r in requests if r.outcome is Outcome.PLACED]
    assert placed and all(r.guardian_id in guardians for r in placed)
    # Someone who has since left the bank was placed only before the newest requests.
    newest = max(r.day for r in placed)
    assert all(guardians[r.guardian_id].active for r in placed if r.day == newest)


def test_the_demo_has_a_budget_for_every_category_last_year_and_this_year(demo_db):
    with demo_db.unit_of_work() as uow:
        categories = uow.categories.all()
        budgets = {year: uow.budget.amounts(year) for year in (2024, 2025)}
    for year in (2024, 2025):
        assert set(budgets[year]) == {c.id for c in categories}
        assert all(
            amount > 0 and amount == amount.quantize(Decimal(1))
            for amount in budgets[year].values()
        )


def test_the_demo_ledger_has_about_300_transactions_a_year_up_to_today(demo_db):
    with demo_db.unit_of_work() as uow:
        days = Counter(t.day.year for t in uow.transactions.all())
        last = max(t.day for t in uow.transactions.all())
    assert set(days) == {2024, 2025}
    assert 270 <= days[2024] <= 340
    assert 0.4 * days[2024] <= days[2025] <= 0.55 * days[2024]  # 15.6. is 45 % of the year
    assert last <= TODAY


def test_the_demo_income_comes_from_the_three_sources_in_equal_measure(demo_db):
    with demo_db.unit_of_work() as uow:
        table = funding_sources(uow, 2024)
    euros = {r.name: r.amount for r in table.rows}
    for source in ("Valtionavustus perustoimintaan", SALES_CATEGORY, "Hankerahoitus"):
        assert 370_000 <= euros[source] <= 430_000, source
    assert 0 < euros["Kuntarahoitus"] <= 40_000
    assert 0 < euros["Muut tuotot"] <= 20_000
    assert table.total_percent == 100


def test_the_demo_sales_go_to_several_customers_each_with_work_days_and_a_voucher(demo_db):
    with demo_db.unit_of_work() as uow:
        sales_id = uow.categories.by_name(SALES_CATEGORY).id
        sales = [t for t in uow.transactions.all() if t.category_id == sales_id]
        table = customer_sales(uow, 2024)
    assert 6 <= len(table.rows) <= 10
    assert all(t.customer and t.work_days and t.work_days > 0 and t.voucher for t in sales)
    assert {"Pirkanmaan hyvinvointialue", "Tampereen kaupunki", "Tampereen yliopisto"} <= {
        r.customer for r in table.rows
    }


def test_demo_personnel_costs_are_the_biggest_expense_and_some_are_booked_to_projects(demo_db):
    with demo_db.unit_of_work() as uow:
        comparison = budget_comparison(uow, date(2024, 12, 31))
        projects = {p.id: p.code for p in uow.projects.all()}
        booked = {projects[t.project_id] for t in uow.transactions.all() if t.project_id}
    expenses = sorted(comparison.expenses.rows, key=lambda r: r.actual, reverse=True)
    assert expenses[0].category.name == "Henkilöstökulut"
    assert expenses[0].actual > comparison.expenses.actual / 2
    assert {"TulLas", "MONNI", "Tool4Teen", "SOTE-digi", "AISAPA"} <= booked


def test_demo_project_funding_is_booked_to_the_demo_projects(demo_db):
    with demo_db.unit_of_work() as uow:
        funding_id = uow.categories.by_name("Hankerahoitus").id
        funding = [t for t in uow.transactions.all() if t.category_id == funding_id]
    assert funding and all(t.project_id for t in funding)


def test_a_demo_expense_or_two_runs_ahead_of_its_budget_today(demo_db):
    with demo_db.unit_of_work() as uow:
        comparison = budget_comparison(uow, TODAY)
    assert [r.category.name for r in comparison.expenses.rows if r.over_budget] == [
        "Matkakulut",
        "ICT-kulut",
    ]
    assert comparison.income.actual > comparison.expenses.actual


def test_the_demo_vouchers_are_numbered_from_one_each_year_in_date_order(demo_db):
    with demo_db.unit_of_work() as uow:
        ledger = uow.transactions.all()
    for year in (2024, 2025):
        rows = sorted((t for t in ledger if t.day.year == year), key=lambda t: t.voucher)
        assert [t.voucher for t in rows] == [f"{year}-{n:04d}" for n in range(1, len(rows) + 1)]
        assert [t.day for t in rows] == sorted(t.day for t in rows)


def test_every_demo_transaction_passes_the_check_a_form_makes(demo_db):
    with demo_db.unit_of_work() as uow:
        ledger = uow.transactions.all()
        categories = uow.categories.by_id()
        uow.projects.all()  # held, so the check finds the projects without asking SQL again
        for t in ledger:
            check_transaction(uow, t, categories=categories)
    assert all(t.amount == t.amount.quantize(Decimal("0.01")) and t.description for t in ledger)
    assert {categories[t.category_id].kind for t in ledger} == set(CategoryKind)


def test_the_demo_is_the_same_every_time(db, tmp_path):
    other = new_database(tmp_path / "other.sqlite")
    try:
        for database in (db, other):
            load_demo(database, TODAY)

        def summary(database):
            with database.unit_of_work() as uow:
                names = {c.id: c.name for c in uow.categories.all()}
                return (
                    sorted(
                        (e.day, e.area, e.sector.value, e.minutes, e.summary)
                        for e in uow.case_events.all()
                    ),
                    sorted(
                        (t.voucher, t.day, names[t.category_id], t.amount, t.description)
                        for t in uow.transactions.all()
                    ),
                )

        assert summary(db) == summary(other)
    finally:
        other.close()
