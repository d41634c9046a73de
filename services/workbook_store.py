"""The database side of a workbook import: finds and adds records inside one unit of work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.history import FINNISH_TIME, Action, Entry, HistoryFilter
from domain.organisation import Organisation
from exports.columns import CategoryRef, ColumnType, PersonRef, ProjectRef, ReferenceChoice
from exports.workbook import LastChange, RecordProblem
from services.sheets import SHEET_HANDLERS, ImportContext, handler_of
from services.sheets.organisation import stored_organisation, take_organisation
from storage.uow import UnitOfWork


class WorkbookStore(ImportContext):
    """Implements ``exports.workbook.RecordStore`` on a unit of work (not committed here).

    Each sheet's records are found, added, updated and checked by its handler in
    ``services.sheets``; the names and codes rows refer to are looked up here, read once
    (``ImportContext``), and read again when a row of their sheet is added or changed.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow, {handler.key: handler for handler in SHEET_HANDLERS})
        # The deletions since the export, by (kind, record ID), read once per import
        self._deletions: dict[tuple[str, str], Entry] | None = None

    def prefetch(self, sheet: str, record_ids: list[str]) -> None:
        handler_of(sheet).prefetch(self, record_ids)

    def get(self, sheet: str, record_id: str) -> Any | None:
        return handler_of(sheet).get(self, record_id)

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None:
        return handler_of(sheet).find(self, natural_key)

    def take_id(self, sheet: str, record: Any, record_id: str) -> bool:
        return handler_of(sheet).take_id(self, record, record_id)

    def new_record(self, sheet: str, fields: dict[str, Any], record_id: str = "") -> Any:
        return handler_of(sheet).new_record(self, fields, record_id)

    def add(self, sheet: str, record: Any) -> None:
        self.changed(sheet)
        handler_of(sheet).add(self, record)

    def update(
        self, sheet: str, record: Any, changes: dict[str, Any], *, overwrite: bool = False
    ) -> None:
        self.changed(sheet)
        if overwrite:
            with self.uow.overwriting():
                handler_of(sheet).update(self, record, changes)
        else:
            handler_of(sheet).update(self, record, changes)

    # --- what changed in the database after the workbook was written ------------------
    def changed_after(
        self, sheet: str, record: Any, since: datetime, fields: set[str]
    ) -> LastChange | None:
        repository = handler_of(sheet).repository(self.uow)
        # A row of the board or of the project roles is a record put together: its own
        # record is read for its version.
        plain = isinstance(record, repository.record)
        stored: Any = record if plain else repository.get(record.id)
        at = None if stored is None else getattr(stored, "_changed_at", None)
        if at is None or at < since:
            return None
        after = since.astimezone(UTC).replace(tzinfo=None)
        day = since.astimezone(FINNISH_TIME).date()
        query = HistoryFilter(start=day, kind=repository.table.name, record_id=stored.id)
        recent = [e for e in self.uow.history.page(query, 0, 1000) if e.at >= after]
        # The workbook holds the record, so the export saw it created: its insert, however
        # close to the export, is no later change.
        entries = [e for e in recent if e.action != Action.INSERT]
        if recent and not entries:
            return None
        if entries and plain and fields <= set(repository.table.c.keys()):
            # Only a change to a field the row would change again is undone by it; one
            # the row already holds was seen by the export (clocks differ by a little).
            # Fields kept beside the record (a case event's reasons) are not in its
            # history's changes: a row changing them is asked about.
            touched = {change.field for entry in entries for change in entry.changes}
            if not touched & fields:
                return None
        if entries:
            last = entries[0]
            return LastChange(last.who(), last.at.replace(tzinfo=UTC), last.label)
        # No history of it (purged, or older than the history): the record's own stamp
        return LastChange(getattr(stored, "_changed_by", "") or "", at)

    def deleted_after(self, sheet: str, record_id: str, since: datetime) -> LastChange | None:
        if self._deletions is None:
            # One query per import: the deletions since the export are few.
            day = since.astimezone(FINNISH_TIME).date()
            after = since.astimezone(UTC).replace(tzinfo=None)
            self._deletions = {
                (entry.kind, entry.record_id): entry
                for entry in self.uow.history.oldest_first(
                    HistoryFilter(start=day, actions=(Action.DELETE,))
                )
                if entry.at >= after
            }
        kind = handler_of(sheet).repository(self.uow).table.name
        entry = self._deletions.get((kind, record_id))
        if entry is None:
            return None
        return LastChange(entry.who(), entry.at.replace(tzinfo=UTC), entry.label)

    def name_of(self, column: ColumnType, value: Any, lang: str) -> str:
        if isinstance(column, PersonRef):
            person = handler_of(column.sheet).repository(self.uow).get(value)
            return str(getattr(person, "full_name", value))
        if isinstance(column, ProjectRef):
            project = self.uow.projects.get(value)
            return value if project is None else project.code
        if isinstance(column, CategoryRef):
            category = self.categories().by_id.get(value)
            return value if category is None else category.name
        if isinstance(column, ReferenceChoice):
            return column.text(value, self.reference_lists().by_id, lang) or ""
        return str(value)

    def check_sheet(
        self,
        sheet: str,
        records: list[Any],
        columns: set[str],
        *,
        unchanged: frozenset[str] = frozenset(),
    ) -> list[RecordProblem]:
        self.unchanged = unchanged
        try:
            return handler_of(sheet).check(self, records, columns)
        finally:
            self.unchanged = frozenset()

    def organisation(self) -> Organisation | None:
        return stored_organisation(self.uow)

    def take_organisation(self, organisation: Organisation) -> None:
        take_organisation(self.uow, organisation)
