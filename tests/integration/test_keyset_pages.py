"""A list's pages read by their neighbour's sort key (keyset) are the rows the list's
order has there: walking forward from the top, or back from the end, gives the very
order of an OFFSET read, for every sort the list offers, with NULLs and ties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.caselog import CaseEvent, Sector
from domain.finance import CategoryKind, Transaction
from services.demo import load_demo
from storage.repositories import (
    CaseEventQuery,
    DatedQuery,
    GuardianQuery,
    ListQuery,
    PeriodQuery,
    TransactionQuery,
)

PAGE = 7


def forward(repo, query, total: int) -> list[str]:
    """The whole list, a page at a time, each from the last row of the one before."""
    ids: list[str] = []
    while True:
        key = repo.sort_key(query, ids[-1]) if ids else None
        page = repo.ids_after(query, key, PAGE)
        ids += page
        if len(page) < PAGE:
            return ids
        assert len(ids) <= total, "a page came twice"


def backward(repo, query, total: int) -> list[str]:
    """The whole list from its end, a page at a time before the first row read."""
    ids: list[str] = []
    while True:
        key = repo.sort_key(query, ids[0]) if ids else None
        page = repo.ids_after(query, key, PAGE, backwards=True)
        ids = page[::-1] + ids
        if len(page) < PAGE:
            return ids
        assert len(ids) <= total, "a page came twice"


def assert_pages_alike(repo, query) -> None:
    for sort in repo_sorts(repo):
        for descending in (False, True):
            q = replace(query, sort=sort, descending=descending)
            total = repo.count(q)
            expected = repo.ids(q, 0, total + 1)
            assert forward(repo, q, total) == expected, (sort, descending)
            assert backward(repo, q, total) == expected, (sort, descending)


def repo_sorts(repo) -> list[str]:
    return [*repo.sort_columns, "notes"] if "notes" in repo.table.c else list(repo.sort_columns)


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


def test_case_events_page_alike_by_key_in_every_order_with_nulls_and_ties(demo):
    with demo.unit_of_work() as uow:
        first = uow.case_events.page(CaseEventQuery(), 0, 1)[0]
        # no ombudsman, no service area nor nature, no minutes: NULLs in those orders
        bare = [
            CaseEvent(day=first.day, area="", sector=Sector.HEALTH, summary=f"tyhjä {i}")
            for i in range(3)
        ]
        uow.case_events.add_all(bare)
        uow.commit()
    with demo.unit_of_work() as uow:
        assert uow.case_events.count(CaseEventQuery()) > 3 * PAGE
        assert_pages_alike(uow.case_events, CaseEventQuery())


def test_case_events_page_alike_by_key_within_a_search_and_a_year(demo):
    with demo.unit_of_work() as uow:
        year = uow.case_events.years()[0]
        assert_pages_alike(uow.case_events, CaseEventQuery(year=year, text="a"))


def test_transactions_page_alike_by_key_in_every_order(demo):
    with demo.unit_of_work() as uow:
        income = next(c for c in uow.categories.all() if c.kind is CategoryKind.INCOME)
        # equal amounts on one day: ties broken by the ID alone
        uow.transactions.add_all(
            Transaction(day=date(2025, 5, 5), category_id=income.id, amount=1, description="x")
            for _ in range(PAGE + 2)
        )
        uow.commit()
    with demo.unit_of_work() as uow:
        assert_pages_alike(uow.transactions, TransactionQuery())
        assert_pages_alike(uow.transactions, TransactionQuery(category_id=income.id))


def test_staff_and_trainees_page_alike_by_key_with_open_periods(demo):
    with demo.unit_of_work() as uow:
        assert_pages_alike(uow.staff, PeriodQuery())
        assert_pages_alike(uow.trainees, PeriodQuery())


def test_guardians_and_requests_page_alike_by_key(demo):
    with demo.unit_of_work() as uow:
        assert_pages_alike(uow.guardians, GuardianQuery())
        assert_pages_alike(uow.guardian_requests, DatedQuery())


def test_projects_page_alike_by_key(demo):
    with demo.unit_of_work() as uow:
        assert_pages_alike(uow.projects, ListQuery())


def test_a_page_after_a_row_can_skip_rows(demo):
    """A jump into the middle of a long list: the rows ``skip`` on from a known row."""
    with demo.unit_of_work() as uow:
        repo, query = uow.case_events, CaseEventQuery(sort="day", descending=True)
        every = repo.ids(query, 0, 100)
        key = repo.sort_key(query, every[9])
        assert repo.ids_after(query, key, 5, skip=20) == every[30:35]
        back = repo.ids_after(query, repo.sort_key(query, every[60]), 5, backwards=True, skip=20)
        assert back == every[35:40][::-1]
