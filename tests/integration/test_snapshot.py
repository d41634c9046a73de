"""Exports and reports read one consistent snapshot of the database.

Workstation ``a`` exports (or prints a report) while workstation ``b`` — a Database of its
own on the same file or server, as another process would have — commits a project and a
transaction booked to it in one transaction. The write is made deterministic by
SQLAlchemy's own ``after_cursor_execute`` event on ``a``'s engine: it commits ``b``'s
write right after ``a`` has read the projects (for the workbook) or after ``a``'s first
query (for the reports), and before ``a`` reads the rest. The workbook then has either
both records or neither, and a report shows the figures of one moment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event

from domain.finance import Category, CategoryKind, Transaction
from domain.projects import OurRole, Project
from services.finance import add_category, save_transaction
from services.projects import save_project
from services.reports import annual_report, board_summary
from services.workbook import export_database, import_file
from storage.database import Database

DAY = date(2024, 5, 15)


@pytest.fixture
def books(a: Database) -> Category:
    """One project with a transaction booked to it, in an income category of our own."""
    category = add_category(a, Category("Hankeavustus", CategoryKind.INCOME))
    old = save_project(
        a, Project("OLD-1", "Vanha hanke", OurRole.ADMINISTRATOR, date(2024, 1, 1)), None
    )
    save_transaction(a, Transaction(DAY, category.id, Decimal("100.00"), project_id=old.id), None)
    return category


def write_project_and_its_transaction(b: Database, category: Category) -> tuple[str, str]:
    """``b`` commits a new project and a transaction booked to it, in one transaction."""
    project = Project(
        "NEW-1", "Uusi hanke", OurRole.LEAD_IMPLEMENTER, date(2024, 1, 1), our_budget=Decimal(500)
    )
    transaction = Transaction(DAY, category.id, Decimal("250.00"), project_id=project.id)
    with b.unit_of_work() as uow:
        uow.projects.add(project)
        uow.flush()
        uow.transactions.add(transaction)
        uow.commit()
    return project.id, transaction.id


@contextmanager
def committed_while_reading(
    reader: Database, when: Callable[[str], bool], write: Callable[[], object]
) -> Iterator[list[object]]:
    """Run ``write`` once, right after ``reader`` runs the first query ``when`` accepts."""
    done: list[object] = []

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        if not done and statement.lstrip().upper().startswith("SELECT") and when(statement):
            done.append(write())

    event.listen(reader.engine, "after_cursor_execute", after)
    try:
        yield done
    finally:
        event.remove(reader.engine, "after_cursor_execute", after)


def reads_projects(statement: str) -> bool:
    return "FROM projects" in statement


def shown(report: object) -> str:
    """A report's every figure and name (records compare by identity, their text does not)."""
    return repr(report)


def sheet_ids(path: Path, sheet: str) -> set[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {row[0] for row in wb[sheet].iter_rows(min_row=2, values_only=True) if row[0]}
    finally:
        wb.close()


@pytest.mark.parametrize("year", [None, 2024], ids=["all", "year"])
def test_a_project_and_its_transaction_committed_during_an_export_are_both_out(
    a, b, books, tmp_path, year
):
    path = tmp_path / "export.xlsx"
    with committed_while_reading(
        a, reads_projects, lambda: write_project_and_its_transaction(b, books)
    ) as done:
        export_database(a, path, year=year)

    assert done, "the write was committed while the export read"
    project_id, transaction_id = done[0]  # type: ignore[misc]
    assert project_id not in sheet_ids(path, "Hankkeet")
    assert transaction_id not in sheet_ids(path, "Kirjaukset")
    assert len(sheet_ids(path, "Kirjaukset")) == 1  # the old one is there


def test_an_export_after_the_write_has_both(a, b, books, tmp_path):
    project_id, transaction_id = write_project_and_its_transaction(b, books)
    path = tmp_path / "export.xlsx"

    export_database(a, path)

    assert project_id in sheet_ids(path, "Hankkeet")
    assert transaction_id in sheet_ids(path, "Kirjaukset")


def test_reimporting_an_export_made_during_a_write_keeps_every_transaction_linked(
    a, b, books, tmp_path, empty_db
):
    path = tmp_path / "export.xlsx"
    with committed_while_reading(
        a, reads_projects, lambda: write_project_and_its_transaction(b, books)
    ):
        export_database(a, path)

    report = import_file(empty_db, path)

    assert report.ok, [str(e) for e in report.errors]
    with empty_db.unit_of_work() as uow:
        codes = {p.id: p.code for p in uow.projects.all()}
        booked = [codes.get(t.project_id or "") for t in uow.transactions.all()]
    assert booked == ["OLD-1"]


def test_the_board_summary_shows_the_figures_of_one_moment(a, b, books):
    before = board_summary(a, DAY)
    with committed_while_reading(
        a, lambda _statement: True, lambda: write_project_and_its_transaction(b, books)
    ) as done:
        during = board_summary(a, DAY)

    assert done
    assert shown(during) == shown(before)
    assert shown(board_summary(a, DAY)) != shown(before)  # the write does show once committed


def test_the_annual_report_shows_the_figures_of_one_moment(a, b, books):
    before = annual_report(a, 2024, today=DAY)
    with committed_while_reading(
        a, lambda _statement: True, lambda: write_project_and_its_transaction(b, books)
    ) as done:
        during = annual_report(a, 2024, today=DAY)

    assert done
    assert shown(during) == shown(before)
    assert shown(annual_report(a, 2024, today=DAY)) != shown(before)


def test_a_snapshot_leaves_the_connection_as_it_found_it_for_the_next_save(a, b, books):
    with a.snapshot() as uow:
        uow.projects.all()
    # the same pooled connection writes again: not read-only, not stuck in a transaction
    saved = save_project(a, Project("NEXT-1", "Seuraava", OurRole.OTHER), None)
    with b.unit_of_work() as uow:
        assert uow.projects.get(saved.id) is not None
