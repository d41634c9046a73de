"""The workbook's sheets, one handler each, registered once in ``SHEET_HANDLERS``.

The export (``services.workbook``), the import and its preview (``services.workbook_store``)
and the year's workbook (``services.workbook_year``) iterate this registry and ask each
sheet's handler; none of them names a sheet. A new sheet is its description in
``exports.sheets`` (``SHEETS`` and ``IMPORT_ORDER``), a handler (``SheetHandler`` itself
when the repository's own reads and writes do, else a subclass in this package), and one
line below.
"""

from __future__ import annotations

from typing import Any

from exports.sheets import (
    BOARD,
    BUDGET,
    CASE_EVENTS,
    CATEGORIES,
    FUNDING,
    GUARDIAN_REQUESTS,
    GUARDIANS,
    MEETINGS,
    PARTNERS,
    PROJECT_ROLES,
    PROJECTS,
    SHEETS,
    STAFF,
    TRAINEES,
    TRANSACTIONS,
)
from services.sheets.base import ImportContext, SheetHandler, Year
from services.sheets.board import BoardSheet
from services.sheets.caselog import CaseEventsSheet, GuardianRequestsSheet, GuardiansSheet
from services.sheets.finance import BudgetSheet, CategoriesSheet, TransactionsSheet
from services.sheets.projects import (
    FundingSheet,
    ProjectPartSheet,
    ProjectRolesSheet,
    ProjectsSheet,
)
from services.sheets.staff import StaffSheet

__all__ = ["SHEET_HANDLERS", "ImportContext", "SheetHandler", "Year", "handler_of"]


def _in_period(record: Any, year: Year) -> bool:
    """A period (an employment, a project) that overlaps the year."""
    return year.during(record.start, record.end)


def _dated(record: Any, year: Year) -> bool:
    """A record of a day (an event, a request, a transaction) in the year."""
    return year.dated(record.day)


# In the workbook's order. Without ``in_year`` a sheet goes whole into a year's workbook
# (the reference sheets: guardians, categories); ``year_follows`` sheets go with the rows
# of the sheets they follow. See services.workbook_year.
SHEET_HANDLERS: tuple[SheetHandler, ...] = (
    StaffSheet(STAFF, lambda uow: uow.staff, in_year=_in_period),
    SheetHandler(TRAINEES, lambda uow: uow.trainees, in_year=_in_period),
    BoardSheet(
        BOARD,
        lambda uow: uow.board_seats,
        in_year=lambda seat, year: year.during(seat.term_start, seat.term_end),
    ),
    SheetHandler(
        MEETINGS,
        lambda uow: uow.meetings,
        in_year=lambda meeting, year: year.dated(meeting.held_on),
    ),
    ProjectsSheet(PROJECTS, lambda uow: uow.projects, in_year=_in_period),
    ProjectPartSheet(PARTNERS, lambda uow: uow.partners),
    FundingSheet(FUNDING, lambda uow: uow.funding),
    ProjectRolesSheet(PROJECT_ROLES, lambda uow: uow.assignments),
    CaseEventsSheet(CASE_EVENTS, lambda uow: uow.case_events, in_year=_dated, reads_ahead=True),
    GuardiansSheet(GUARDIANS, lambda uow: uow.guardians),
    GuardianRequestsSheet(GUARDIAN_REQUESTS, lambda uow: uow.guardian_requests, in_year=_dated),
    CategoriesSheet(CATEGORIES, lambda uow: uow.categories),
    BudgetSheet(
        BUDGET, lambda uow: uow.budget, in_year=lambda line, year: line.year == year.number
    ),
    TransactionsSheet(TRANSACTIONS, lambda uow: uow.transactions, in_year=_dated, reads_ahead=True),
)

_BY_KEY = {handler.key: handler for handler in SHEET_HANDLERS}


def handler_of(key: str) -> SheetHandler:
    """The handler of the sheet whose key is ``key`` (``"transactions"``)."""
    return _BY_KEY[key]


# Every sheet the workbook describes has one handler, in the same order.
assert tuple(h.spec for h in SHEET_HANDLERS) == SHEETS, "SHEET_HANDLERS must follow SHEETS"
