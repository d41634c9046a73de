"""A workbook sheet's handler, the state one import shares across its sheets, and a year.

A ``SheetHandler`` is everything the services know of one sheet beside its description in
``exports.sheets``: where its records are, how a row's record is found by its ID and by its
natural key, added, updated and checked with the other rows of the sheet, and which rows
belong to a year's workbook. The plain sheets (a record per row, the repository's own
reads and writes) need nothing more than this class; the others override what differs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from domain.caselog import ReferenceKind, ReferenceValue, Sector
from domain.finance import Category, name_key
from domain.records import match_key
from exports.columns import CategoryRef, PersonRef, ProjectRef
from exports.sheets import CATEGORIES, PROJECTS, SheetSpec
from exports.workbook import RecordProblem
from storage.repositories import Repository
from storage.uow import UnitOfWork

V = TypeVar("V")


@dataclass(frozen=True)
class Year:
    """A calendar year, as a year's workbook chooses rows by it."""

    number: int

    @cached_property
    def first(self) -> date:
        return date(self.number, 1, 1)

    @cached_property
    def last(self) -> date:
        return date(self.number, 12, 31)

    def during(self, start: date | None, end: date | None) -> bool:
        """Whether a period overlaps the year; an empty start means "before the records
        begin" and an empty end "still going"."""
        return (start is None or start <= self.last) and (end is None or end >= self.first)

    def dated(self, day: date | None) -> bool:
        """Whether a day is in the year."""
        return day is not None and self.first <= day <= self.last


class SheetHandler:
    """One sheet of the workbook (see the module's docstring).

    ``repository`` gives the sheet's repository in a unit of work; ``in_year`` tells whether
    a row belongs to a year on its own account (without it, every row does: the reference
    sheets go whole into a year's workbook); ``reads_ahead`` has an import read the stored
    records of a window of rows together, for the sheets big enough (the case log, the
    ledger) that a query per row would matter.
    """

    # The sheets whose rows kept in a year's workbook decide which of this sheet's rows are
    # kept (a project's partners go with the project): see ``year_rows``.
    year_follows: tuple[str, ...] = ()
    # Whether the repository builds the sheet's new records (``new_record``): the sheets
    # whose records are one per row, of one class, with no work in their __init__
    builds_fast = False

    def __init__(
        self,
        spec: SheetSpec,
        repository: Callable[[UnitOfWork], Repository[Any]],
        *,
        in_year: Callable[[Any, Year], bool] | None = None,
        reads_ahead: bool = False,
    ) -> None:
        self.spec = spec
        self.repository = repository
        self._in_year = in_year
        self.reads_ahead = reads_ahead
        # The columns that name a record of another sheet: column key → that sheet's key
        self._references = [
            (column.key, sheet)
            for column in spec.columns
            if (sheet := referenced_sheet(column.type)) is not None
        ]

    @property
    def key(self) -> str:
        return self.spec.key

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    # --- export ---------------------------------------------------------------------
    def rows(self, uow: UnitOfWork) -> list[Any]:
        """Every row of the sheet, as records that have the attributes its columns name."""
        return self.repository(uow).all()

    # --- a year's workbook (services.workbook_year) ----------------------------------
    def in_year(self, row: Any, year: Year) -> bool:
        """Whether ``row`` belongs to ``year`` on its own account."""
        return self._in_year is None or self._in_year(row, year)

    def brings(self, row: Any) -> Iterable[tuple[str, str]]:
        """The records a kept row names, as (sheet key, ID): they come along into a year's
        workbook even when outside the year, so that no reference is lost."""
        for key, sheet in self._references:
            value = getattr(row, key)
            if value:
                yield sheet, value

    def year_rows(
        self, rows: Sequence[Any], year: Year, kept: Mapping[str, list[Any]]
    ) -> list[Any]:
        """For a sheet with ``year_follows``: its rows that go with the rows ``kept`` of
        those sheets (sheet key → the rows a year's workbook keeps)."""
        return list(rows)

    # --- import (services.workbook_store) --------------------------------------------
    def prefetch(self, ctx: ImportContext, record_ids: list[str]) -> None:
        """The rows with these IDs come next: a sheet that ``reads_ahead`` reads their
        records together, and ``get`` answers from them."""
        if not self.reads_ahead:
            return
        ids = []
        for record_id in record_ids:
            try:
                ids.append(str(uuid.UUID(record_id)))  # as the row's ID is asked for
            except ValueError:
                continue  # the row reports it
        ctx.ahead = {self.key: self.read_ahead(ctx, ids)}

    def read_ahead(self, ctx: ImportContext, ids: list[str]) -> dict[str, Any | None]:
        """The stored records of ``ids`` (None: not stored), read together."""
        found = self.stored_with_ids(ctx, ids)
        return {i: found.get(i) for i in ids}

    def stored_with_ids(self, ctx: ImportContext, ids: list[str]) -> dict[str, Any]:
        """The stored records of ``ids``, by ID; none asked of a table that held no row
        when its sheet began (an import into a new database: 150 queries that find
        nothing for 75 000 rows). A row repeating an ID of the sheet is refused before its
        record is looked for, so no record this import added is missed."""
        held_rows = ctx.state(f"{self.key}:held rows", self.repository(ctx.uow).holds_any)
        return self.repository(ctx.uow).with_ids(ids) if held_rows else {}

    def get(self, ctx: ImportContext, record_id: str) -> Any | None:
        ahead = ctx.ahead.get(self.key)
        if ahead is not None and record_id in ahead:
            return ahead[record_id]
        return self.repository(ctx.uow).get(record_id)

    def find(self, ctx: ImportContext, natural_key: dict[str, Any]) -> Any | None:
        return self.repository(ctx.uow).find_by(natural_key)

    def take_id(self, ctx: ImportContext, record: Any, record_id: str) -> bool:
        """Whether the stored ``record``, found by its natural key, may take the row's ID."""
        return False

    def new_record(self, ctx: ImportContext, fields: dict[str, Any], record_id: str = "") -> Any:
        """A row's new record (with the row's ID, when it has one); a sheet of tens of
        thousands of rows has it built by its repository (``builds_fast``), as the same
        record, without a new ID made only to be replaced."""
        if self.builds_fast:
            values = {**fields, "id": record_id} if record_id else fields
            return self.repository(ctx.uow).new_record(values)
        return self.spec.new_record(fields)

    def add(self, ctx: ImportContext, record: Any) -> None:
        self.repository(ctx.uow).add(record)
        ctx.uow.flush()

    def update(self, ctx: ImportContext, record: Any, changes: dict[str, Any]) -> None:
        """Give the stored ``record`` (as ``get`` or ``find`` returned it) these new values."""
        for key, value in changes.items():
            setattr(record, key, value)
        # Written with the next rows, not a flush each: a sheet may change thousands.
        self.repository(ctx.uow).update_in_batch(record)

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        """The rules across the sheet's rows, once all are in (``RecordStore.check_sheet``);
        with them, the rows that could not be applied (``ImportContext.refuse``)."""
        return ctx.take_refused(self.key)

    # --- people named in other sheets (PersonRef) --------------------------------------
    def people_named(self, uow: UnitOfWork, full_name: str) -> list[Any]:
        """The records of a sheet of people whose ``Sukunimi Etunimi`` is ``full_name``."""
        raise KeyError(self.key)

    def on_day(self, people: list[Any], day: date) -> list[Any]:
        """Of several people so named, those the name means on ``day``."""
        return people


def referenced_sheet(column: Any) -> str | None:
    """The key of the sheet whose records a column type names by ID, if it names any."""
    if isinstance(column, PersonRef):
        return column.sheet
    if isinstance(column, ProjectRef):
        return PROJECTS.key
    if isinstance(column, CategoryRef):
        return CATEGORIES.key
    return None


class ImportContext:
    """What the sheets of one import share, inside one unit of work (not committed here):
    the records read ahead, the rows refused until their sheet's checks, the names and
    codes that rows refer to, read once, and each handler's own state."""

    def __init__(self, uow: UnitOfWork, handlers: Mapping[str, SheetHandler]) -> None:
        self.uow = uow
        self._handlers = handlers
        # The stored records of the rows that come next, read together:
        # sheet → record ID → record (None: not stored)
        self.ahead: dict[str, dict[str, Any | None]] = {}
        # Rows that could not be applied (a person not found, a code taken), by sheet;
        # reported with the sheet's checks
        self._refused: dict[str, list[RecordProblem]] = {}
        # What rows refer to, read once per sheet until that sheet's rows change:
        # people by name, projects by code, the categories
        self._lookups: dict[str, dict[Hashable, Any]] = {}
        self._lists: _ReferenceLists | None = None
        self._states: dict[str, Any] = {}
        # While a sheet's rows are checked together: the IDs of the records its rows leave
        # as stored. A rule of one record alone skips them (they passed it when written);
        # a rule across records counts them in.
        self.unchanged: frozenset[str] = frozenset()

    def refuse(self, sheet: str, problem: RecordProblem) -> None:
        """A row of ``sheet`` that could not be applied; reported with the sheet's checks."""
        self._refused.setdefault(sheet, []).append(problem)

    def take_refused(self, sheet: str) -> list[RecordProblem]:
        return self._refused.pop(sheet, [])

    def lookup(self, sheet: str, key: Hashable, read: Callable[[], V]) -> V:
        """``read()``, read once until a row of ``sheet`` is added or changed."""
        found = self._lookups.setdefault(sheet, {})
        if key not in found:
            found[key] = read()
        return found[key]

    def changed(self, sheet: str) -> None:
        """A record of ``sheet`` is added or changed: what was read of it is read again."""
        self._lookups.pop(sheet, None)

    def state(self, sheet: str, new: Callable[[], V]) -> V:
        """A handler's own state during this import (made by ``new`` when first asked)."""
        if sheet not in self._states:
            self._states[sheet] = new()
        return self._states[sheet]

    # --- what rows refer to ---------------------------------------------------------
    def person_ids(self, sheet: str, full_name: str, on: date | None = None) -> set[str]:
        handler = self._handlers[sheet]
        people = self.lookup(
            sheet, " ".join(full_name.split()), lambda: handler.people_named(self.uow, full_name)
        )
        if len(people) > 1 and on is not None:
            # One person with several employment periods: the one in force that day
            people = handler.on_day(people, on)
        return {p.id for p in people}

    def project_id(self, code: str) -> str | None:
        # By the code as written (None: no such project): checking a transaction's
        # project asks no query.
        project = self.lookup(PROJECTS.key, code, lambda: self.uow.projects.by_code(code))
        return None if project is None else project.id

    def categories(self) -> Categories:
        """Every category, read once until the categories sheet changes them: the
        transactions sheet may name them on tens of thousands of rows."""
        return self.lookup(CATEGORIES.key, None, lambda: Categories(self.uow.categories.all()))

    def category_id(self, name: str) -> str | None:
        category = self.categories().by_name.get(name_key(name))
        return None if category is None else category.id

    def reference_lists(self) -> _ReferenceLists:
        """Read once per import: a case-log sheet may name them on 200 000 rows."""
        if self._lists is None:
            self._lists = _ReferenceLists(self.uow.references.by_id())
        return self._lists

    def reference_id(
        self, kind: ReferenceKind, name: str, sector: Sector | None = None
    ) -> str | None:
        value = self.reference_lists().find(kind, name, sector)
        return None if value is None else value.id

    def reference_names(self, kind: ReferenceKind, sector: Sector | None = None) -> list[str]:
        return self.reference_lists().names(kind, sector)


class Categories:
    """Every category, by ID and by name (any case, spacing folded), read once."""

    def __init__(self, categories: list[Category]) -> None:
        self.by_id = {c.id: c for c in categories}
        self.by_name = {name_key(c.name): c for c in categories}


class _ReferenceLists:
    """Every value of the reference lists, found by name without a query per row."""

    def __init__(self, by_id: dict[str, ReferenceValue]) -> None:
        self.by_id = by_id
        self._by_name: dict[tuple[ReferenceKind, str], list[ReferenceValue]] = {}
        self._found: dict[tuple[ReferenceKind, str, Sector | None], ReferenceValue | None] = {}
        for value in by_id.values():
            for name in {match_key(value.name_fi), match_key(value.name_en)} - {""}:
                self._by_name.setdefault((value.kind, name), []).append(value)

    def find(self, kind: ReferenceKind, name: str, sector: Sector | None) -> ReferenceValue | None:
        """The value so named; a service area of ``sector`` before one of the other sector
        (both have “muut”), a value in use before a retired namesake. Each name is looked
        up once: a sheet names the same few values on every row."""
        asked = (kind, name, sector)
        if asked in self._found:
            return self._found[asked]
        found = self._by_name.get((kind, match_key(name)), [])
        value = (
            min(found, key=lambda v: (sector is not None and v.sector is not sector, v.retired))
            if found
            else None
        )
        self._found[asked] = value
        return value

    def names(self, kind: ReferenceKind, sector: Sector | None) -> list[str]:
        offered = [
            v
            for v in self.by_id.values()
            if v.kind is kind and not v.retired and (sector is None or v.sector in (None, sector))
        ]
        offered.sort(
            key=lambda v: (
                v.sector is not None and v.sector is not Sector.SOCIAL,
                v.position,
                v.name_fi,
            )
        )
        return list(dict.fromkeys(v.label for v in offered))
