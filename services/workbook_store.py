"""The database side of a workbook import: finds and adds records inside one unit of work."""

from __future__ import annotations

from typing import Any

from exports.workbook import RecordProblem
from services.sheets import SHEET_HANDLERS, ImportContext, handler_of
from storage.uow import UnitOfWork


class WorkbookStore(ImportContext):
    """Implements ``exports.workbook.RecordStore`` on a unit of work (not committed here).

    Each sheet's records are found, added, updated and checked by its handler in
    ``services.sheets``; the names and codes rows refer to are looked up here, read once
    (``ImportContext``), and read again when a row of their sheet is added or changed.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow, {handler.key: handler for handler in SHEET_HANDLERS})

    def prefetch(self, sheet: str, record_ids: list[str]) -> None:
        handler_of(sheet).prefetch(self, record_ids)

    def get(self, sheet: str, record_id: str) -> Any | None:
        return handler_of(sheet).get(self, record_id)

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None:
        return handler_of(sheet).find(self, natural_key)

    def take_id(self, sheet: str, record: Any, record_id: str) -> bool:
        return handler_of(sheet).take_id(self, record, record_id)

    def add(self, sheet: str, record: Any) -> None:
        self.changed(sheet)
        handler_of(sheet).add(self, record)

    def update(self, sheet: str, record: Any, changes: dict[str, Any]) -> None:
        self.changed(sheet)
        handler_of(sheet).update(self, record, changes)

    def check_sheet(self, sheet: str, records: list[Any], columns: set[str]) -> list[RecordProblem]:
        return handler_of(sheet).check(self, records, columns)
