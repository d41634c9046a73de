"""A table model that loads records lazily, filtered and sorted by SQL.

The view asks for more rows as it scrolls (``canFetchMore``/``fetchMore``); a search or a
sort asks the database again instead of sorting in Python, so 200 000 rows open as fast
as 20.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.i18n import _
from storage.database import Database
from storage.repositories import ListQuery, Repository
from storage.uow import UnitOfWork

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TableColumn:
    sort_key: str  # the repository's sort column
    header: str  # an N_() source string, translated when shown
    display: Callable[[Any], str]
    raw: Callable[[Any], Any]
    align_right: bool = False


def cell_data(record: Any, column: TableColumn, role: int) -> Any:
    """What a table shows of one record in one column, for each role the views ask."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        return column.display(record)
    if role == SortRole:
        return column.raw(record)
    if role == RecordRole:
        return record
    if role == Qt.ItemDataRole.TextAlignmentRole:
        horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
    return None


class LazyRecordModel(QAbstractTableModel):
    BATCH = 200
    COLUMNS: tuple[TableColumn, ...] = ()

    def __init__(self, db: Database, repository: Callable[[UnitOfWork], Repository[Any]]) -> None:
        super().__init__()
        self._db = db
        self._repository = repository
        self._query = ListQuery()
        self._rows: list[Any] = []
        self._total = 0

    # --- what is shown ----------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def total(self) -> int:
        """Rows matching the query, loaded or not."""
        return self._total

    def set_query(self, query: ListQuery) -> None:
        self.beginResetModel()
        self._query = query
        with self._db.unit_of_work() as uow:
            repo = self._repository(uow)
            self._total = repo.count(query)
            self._rows = repo.page(query, 0, self.BATCH)
            self.loaded(uow, self._rows)
        self.endResetModel()

    def refresh(self) -> None:
        """Ask the database again, keeping at least as many rows loaded as before."""
        loaded = max(len(self._rows), self.BATCH)
        self.beginResetModel()
        with self._db.unit_of_work() as uow:
            repo = self._repository(uow)
            self._total = repo.count(self._query)
            self._rows = repo.page(self._query, 0, loaded)
            self.loaded(uow, self._rows)
        self.endResetModel()

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        """Called with each batch read, inside its unit of work: look up what the rows refer to."""

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: str) -> int:
        """The row of a record, loading further batches until it is found; -1 if absent."""
        while True:
            for i, r in enumerate(self._rows):
                if r.id == record_id:
                    return i
            if not self.canFetchMore(QModelIndex()):
                return -1
            self.fetchMore(QModelIndex())

    # --- Qt model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        with self._db.unit_of_work() as uow:
            more = self._repository(uow).page(self._query, len(self._rows), self.BATCH)
            self.loaded(uow, more)
        if not more:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)  # last row inclusive
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return cell_data(self._rows[index.row()], self.COLUMNS[index.column()], role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return _(self.COLUMNS[section].header)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.set_query(
            replace(
                self._query,
                sort=self.COLUMNS[column].sort_key,
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )


class RecordListModel(QAbstractTableModel):
    """A table of a few records held in memory (a term's seats, a year's meetings)."""

    COLUMNS: tuple[TableColumn, ...] = ()

    def __init__(self, columns: tuple[TableColumn, ...] | None = None) -> None:
        super().__init__()
        if columns is not None:
            self.COLUMNS = columns
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def with_rows(self, rows: list[Any]) -> RecordListModel:
        self.set_rows(rows)
        return self

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, record_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == record_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(record, index.column())
            if tip:
                return tip
        return cell_data(record, self.COLUMNS[index.column()], role)

    def tooltip(self, record: Any, column: int) -> str:
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return _(self.COLUMNS[section].header)
        return None

    def as_text(self) -> str:
        """The table as tab-separated lines with a header: it pastes into Excel and Word as a table."""
        lines = ["\t".join(_(c.header) for c in self.COLUMNS)]
        lines += ["\t".join(c.display(r) for c in self.COLUMNS) for r in self._rows]
        return "\n".join(lines)
