"""The change history's use cases: reading it (the CLI, the Changes sheet, the window),
the retention period, and purging what is older.

The history is written by storage (``storage/history.py``) in every transaction that
changes a record; nothing here writes an entry except the purge, which logs itself.
Reading for a window: ``uow.history.count(HistoryFilter(...))`` and
``uow.history.page(filter, offset, limit)`` (newest first), ``uow.history.of_record(kind,
record_id)`` and ``uow.history.last_of(kind, record_id)``; ``kind_of(record)`` names a
record's kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain.board import BoardSeat, BoardTerm, Meeting
from domain.caselog import CaseEvent, Guardian, GuardianRequest, ReferenceValue
from domain.errors import ValidationError
from domain.finance import BudgetLine, Category, Transaction
from domain.history import DEFAULT_KEEP_YEARS, Entry, HistoryFilter, kind_name, utc_start
from domain.i18n import _
from domain.projects import FundingLine, Project, ProjectAssignment, ProjectPartner
from domain.staff import StaffMember, Trainee
from storage.database import Database
from storage.uow import UnitOfWork

# A record's kind in the history: the name of its table
KINDS: dict[type, str] = {
    StaffMember: "staff",
    Trainee: "trainees",
    BoardTerm: "board_terms",
    BoardSeat: "board_seats",
    Meeting: "meetings",
    Project: "projects",
    ProjectPartner: "project_partners",
    FundingLine: "project_funding",
    ProjectAssignment: "project_assignments",
    ReferenceValue: "reference_values",
    CaseEvent: "case_events",
    Guardian: "guardians",
    GuardianRequest: "guardian_requests",
    Category: "categories",
    BudgetLine: "budget_lines",
    Transaction: "transactions",
}
KEEP_YEARS_MAX = 100


def kind_of(record: Any) -> str:
    """The history's name for a record's kind ("transactions")."""
    return KINDS[type(record)]


def last_change(db: Database, record: Any) -> Entry | None:
    """The latest change of a record, or None when the history has none."""
    with db.unit_of_work() as uow:
        return uow.history.last_of(kind_of(record), record.id)


def entries(uow: UnitOfWork, query: HistoryFilter) -> Iterator[Entry]:
    """Every entry the filter finds, oldest first, read a batch at a time."""
    return iter(uow.history.oldest_first(query))


def newest_fitting(uow: UnitOfWork, query: HistoryFilter, max_rows: int) -> list[Entry]:
    """The newest entries whose lines (one per changed field) fit in ``max_rows``, oldest
    first: the Changes sheet of a workbook, which Excel limits."""
    kept: list[Entry] = []
    rows, offset, batch = 0, 0, 5000
    while True:
        page = uow.history.page(query, offset, batch)
        for entry in page:
            rows += max(1, len(entry.changes))
            if rows > max_rows:
                return kept[::-1]
            kept.append(entry)
        if len(page) < batch:
            return kept[::-1]
        offset += batch


def known_kind(kind: str) -> bool:
    return kind in KINDS.values() or kind in ("database", "history", "settings")


def history_lines(entry: Entry) -> list[str]:
    """An entry as the CLI prints it: one line per changed field, with old and new value."""
    record = f" [{entry.record_id}]" if entry.record_id else ""
    head = f"{entry.shown_time()}  {entry.who()}  {entry.title()}{record}  {entry.action.label()}"
    if not entry.changes:
        return [head]
    return [f"{head}  {c.field}: {_shown(c.old)} → {_shown(c.new)}" for c in entry.changes]


def _shown(value: str | None) -> str:
    return "–" if value is None else repr(value) if value == "" else value


def keep_years(db: Database) -> int:
    """How many years the history is kept (the setting; 5 unless changed)."""
    with db.unit_of_work() as uow:
        return uow.history.keep_years() or DEFAULT_KEEP_YEARS


def set_keep_years(db: Database, years: int) -> None:
    """Store the retention period; a change is itself an entry (kind ``settings``)."""
    if not 1 <= years <= KEEP_YEARS_MAX:
        raise ValidationError(
            "keep_years",
            _("Keep the history for 1 to {most} years.").format(most=KEEP_YEARS_MAX),
        )
    with db.unit_of_work() as uow:
        uow.history.set_keep_years(years)
        uow.commit()


def purge_cutoff(years: int, today: date) -> date:
    """The first day kept: ``years`` years before ``today`` (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def purge_preview(db: Database, years: int, today: date | None = None) -> tuple[date, int]:
    """What a purge keeping ``years`` years would do: the first day kept, and how many
    entries written before it would go (for the question asked before purging)."""
    first_kept = purge_cutoff(years, today or date.today())
    with db.unit_of_work() as uow:
        older = uow.history.count(HistoryFilter(end=first_kept - timedelta(days=1)))
    return first_kept, older


def purge_history(db: Database, today: date | None = None) -> int:
    """Remove the entries older than the retention period; the purge is itself an entry.
    Returns how many were removed."""
    years = keep_years(db)
    first_kept = purge_cutoff(years, today or date.today())
    with db.unit_of_work() as uow:
        note = _("entries before {day} (kept {years} years)").format(
            day=first_kept.isoformat(), years=years
        )
        removed = uow.history.purge_before(utc_start(first_kept), note)
        uow.commit()
    return removed


__all__ = [
    "HistoryFilter",
    "entries",
    "history_lines",
    "keep_years",
    "kind_name",
    "kind_of",
    "last_change",
    "purge_history",
    "purge_preview",
    "set_keep_years",
]
