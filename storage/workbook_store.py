"""The database side of a workbook import: finds and adds records inside one unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from storage.repositories import Repository
from storage.uow import UnitOfWork


class WorkbookStore:
    """Implements ``exports.workbook.RecordStore`` on a unit of work (not committed here)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._repositories: dict[str, Repository[Any]] = {
            "staff": uow.staff,
            "trainees": uow.trainees,
        }

    def get(self, sheet: str, record_id: str) -> Any | None:
        return self._repositories[sheet].get(record_id)

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None:
        repo = self._repositories[sheet]
        table = repo.table
        stmt = select(repo.record)
        for key, value in natural_key.items():
            column = table.c[key]
            if value is None:
                stmt = stmt.where(column.is_(None))
            elif isinstance(value, str):
                stmt = stmt.where(func.lower(column) == value.lower())
            else:
                stmt = stmt.where(column == value)
        return self.uow.session.scalars(stmt.limit(1)).first()

    def person_ids(self, sheet: str, full_name: str, on: date | None = None) -> set[str]:
        if sheet != "staff":
            raise KeyError(sheet)
        people = self.uow.staff.by_full_name(full_name)
        if len(people) > 1 and on is not None:
            # One person with several employment periods: the one in force that day
            people = [p for p in people if p.employed_on(on)] or people
        return {p.id for p in people}

    def add(self, sheet: str, record: Any) -> None:
        self._repositories[sheet].add(record)
        self.uow.session.flush()

