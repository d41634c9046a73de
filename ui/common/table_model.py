"""The column list of a table, and the table models built on it.

A table's columns are one list (``Columns``): each entry gives the key code names the
column by, the header, the width and whether it takes the room left, and for a list of
records what a cell shows and the repository's sort column. A column's index is its place
in the list; code asks ``model.column("amount")`` rather than counting.

``LazyRecordModel`` loads records lazily, filtered and sorted by SQL: the view asks for more
rows as it scrolls (``canFetchMore``/``fetchMore``), and a search or a header click asks the
database again instead of sorting in Python, so 200 000 rows open as fast as 20. It keeps
the IDs of every row loaded but the records of the last few batches shown only, and reads
a batch again by its IDs when its rows come into view: scrolled to the end of 200 000 case
events, the window holds ~20 MB of IDs instead of ~500 MB of records.
``RecordListModel`` holds the few records of a small list (a term's seats, a project's
partners) in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, replace
from operator import attrgetter
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.i18n import _
from storage.database import Database
from storage.repositories import ListQuery, Repository
from storage.uow import UnitOfWork

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column of a table: what code calls it, its header, and how it is laid out."""

    key: str  # names the column in code: model.column("amount")
    header: str  # an N_() source string, translated when shown
    _: KW_ONLY
    align_right: bool = False  # figures and dates to the right
    width: int | None = None  # in average characters (ten without); a stretch column's share
    stretch: bool = False  # a name, title or description: takes the width the others leave
    whole: bool = False  # a date, period or code: never narrowed below ``width`` (as figures)
    drop: int = 0  # hidden in a narrow window, the highest first (see ``ColumnFitter``)


@dataclass(frozen=True)
class TableColumn(Column):
    """A column of a list of records: what a cell shows, and how the list sorts by it."""

    display: Callable[[Any], str]
    raw: Callable[[Any], Any]  # the value behind the text (SortRole)
    _: KW_ONLY
    sort_by: str | None = None  # the repository's sort column, when it is not the key
    sortable: bool = True  # False: the column has no order of its own (a list of values)

    @property
    def sort_key(self) -> str:
        """The repository's sort column; "" when the column does not sort."""
        return (self.sort_by or self.key) if self.sortable else ""


def field_column(
    key: str, header: str, shown: Callable[[Any], str] | None = None, **layout: Any
) -> TableColumn:
    """A column of the record's attribute ``key``: shown as it is, or through ``shown``
    (``format_date``, ``format_money`` …), and sorted by the attribute itself. ``layout``
    is the rest of TableColumn's keywords (``align_right``, ``width``, ``sort_by`` …)."""
    value = attrgetter(key)
    display = value if shown is None else (lambda record: shown(value(record)))
    return TableColumn(key, header, display, value, **layout)


C = TypeVar("C", bound=Column)
Q = TypeVar("Q", bound=ListQuery)  # the query type of a lazy list


class Columns(tuple[C, ...]):
    """A table's columns in their order; each key once."""

    def __new__(cls, *columns: C) -> Columns[C]:
        keys = [c.key for c in columns]
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        if doubled:
            raise ValueError(f"columns named twice: {', '.join(doubled)}")
        return super().__new__(cls, columns)

    def index_of(self, key: str) -> int:
        """The index of the column named ``key``."""
        for i, column in enumerate(self):
            if column.key == key:
                return i
        raise KeyError(key)


def cell_data(record: Any, column: TableColumn, role: int) -> Any:
    """What a table shows of one record in one column, for each role the views ask."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        return column.display(record)
    if role == SortRole:
        return column.raw(record)
    if role == RecordRole:
        return record
    if role == Qt.ItemDataRole.TextAlignmentRole:
        horizontal = (
            Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
    return None


class RecordTableModel(QAbstractTableModel):
    """Records in rows, a column per entry of ``COLUMNS``. A subclass whose cells need the
    model (names looked up per load) sets ``COLUMNS`` in ``__init__``."""

    COLUMNS: Columns[TableColumn] = Columns()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []

    def column(self, key: str) -> int:
        """The index of the column named ``key``."""
        return self.COLUMNS.index_of(key)

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, record_id: str) -> int:
        """The row of a record; -1 if absent."""
        for i, r in enumerate(self._rows):
            if r.id == record_id:
                return i
        return -1

    def find(self, record_id: str, batches: int = 0) -> int:
        """The row of a record among the rows loaded and ``batches`` more; -1 if not there."""
        return self.row_of(record_id)

    def tooltip(self, record: Any, column: int) -> str:
        """A cell's tooltip when it says more than the cell ("" shows the cell's text)."""
        return ""

    # --- Qt model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self.record(index.row())
        if record is None:  # deleted meanwhile: gone at the next refresh
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(record, index.column())
            if tip:
                return tip
        return cell_data(record, self.COLUMNS[index.column()], role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        heading = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if heading and 0 <= section < len(self.COLUMNS):
            return _(self.COLUMNS[section].header)
        return None


# How many more batches a saved record is looked for in before giving up: a filter may hide
# it, and a long list is never loaded whole just to look for one row.
FIND_BATCHES = 5


class LazyRecordModel(RecordTableModel, Generic[Q]):
    """Records read from a repository a batch at a time, filtered and sorted by SQL.

    A header click sorts by the column's sort key; a column without one (a list of values,
    a running total) has no order of its own and a click on it changes nothing. ``loaded``
    sees ``_stale`` True on the first batch after a new query or a refresh, when the lookups
    it keeps (names, labels) are to be read again.
    """

    BATCH = 200
    KEPT = 10  # batches whose records are kept; the others are read again when shown
    REREAD = 2  # batches whose records a refresh reads again: a view shows at most two

    def __init__(
        self,
        db: Database,
        repository: Callable[[UnitOfWork], Repository[Any]],
        query: Q,
    ) -> None:
        super().__init__()
        self._db = db
        self._repository = repository
        self._query = query
        self._total = 0
        self._stale = True
        # of every row loaded, in order; None for a row not read yet (between the first rows
        # and the last ones after Ctrl+End), "" for one deleted meanwhile
        self._ids: list[str | None] = []
        self._kept: OrderedDict[int, None] = OrderedDict()  # batches with records, last used last

    # --- what is shown ----------------------------------------------------------
    @property
    def query(self) -> Q:
        return self._query

    @property
    def total(self) -> int:
        """Rows matching the query, loaded or not."""
        return self._total

    def set_query(self, query: Q) -> None:
        self.beginResetModel()
        self._query = query
        self._stale = True
        self.cleared()
        with self._db.unit_of_work() as uow:
            repo = self._repository(uow)
            self._total = repo.count(query)
            self._set_rows(repo.page(query, 0, self.BATCH))
            self.loaded(uow, self._rows)
        self.endResetModel()

    def refresh(self) -> None:
        """Ask the database again, keeping at least as many rows loaded as before (and the
        last ones, after Ctrl+End: those between are read again when shown).

        Of the rows loaded, the IDs are read again, but the records only of the batches
        last used (those in view): the others when shown. Reading the records of every
        batch kept took 150–200 ms on the server each time the list came back into view
        after a few screens of scrolling."""
        loaded = max(len(self._rows), self.BATCH)
        kept = list(self._kept)[-self.REREAD :]
        head, tail = self._read_ends()
        self.beginResetModel()
        self._stale = True
        self.cleared()
        with self._db.unit_of_work() as uow:
            repo = self._repository(uow)
            self._total = repo.count(self._query)
            if tail:
                top: list[str | None] = list(repo.ids(self._query, 0, head))
                end = repo.ids_after(self._query, None, tail, backwards=True)[::-1]
                between = self._total - len(top) - len(end)
                if between > 0:
                    self._ids = [*top, *([None] * between), *end]
                else:
                    self._ids = list(repo.ids(self._query, 0, self._total))
                self._rows = [None] * len(self._ids)
                self._kept = OrderedDict()
                for batch in kept:
                    self._read_batch(uow, batch)
            elif loaded <= self.BATCH:
                self._set_rows(repo.page(self._query, 0, loaded))
                self.loaded(uow, self._rows)
            else:  # the IDs of every row, the records of the batches last used
                self._ids = list(repo.ids(self._query, 0, loaded))
                self._rows = [None] * len(self._ids)
                self._kept = OrderedDict()
                for batch in kept:
                    self._read_batch(uow, batch)
        self.endResetModel()

    def _read_ends(self) -> tuple[int, int]:
        """How many rows are read from the top on, and how many at the end after a gap of
        rows not read yet (0 when there is none)."""
        ids = self._ids
        head = next((i for i, record_id in enumerate(ids) if record_id is None), len(ids))
        if head == len(ids):
            return head, 0
        last = next(i for i in range(len(ids) - 1, -1, -1) if ids[i] is None)
        return head, len(ids) - last - 1

    def _set_rows(self, rows: list[Any]) -> None:
        self._rows = rows
        self._ids = [r.id for r in rows]
        self._kept = OrderedDict((b, None) for b in range(-(-len(rows) // self.BATCH)))

    def record(self, row: int) -> Any:
        """The record of a row; a batch whose records were let go is read again by its IDs
        (None for a record deleted meanwhile, until the next refresh)."""
        found = self._rows[row]
        batch = row // self.BATCH
        if found is None and self._ids:
            with self._db.unit_of_work() as uow:
                if self._ids[row] is None:  # between the top and the end read by Ctrl+End
                    start = batch * self.BATCH
                    self._fill_ids(uow, row, start, min(start + self.BATCH, len(self._ids)))
                self._read_batch(uow, batch)
            found = self._rows[row]
        elif batch in self._kept:
            self._kept.move_to_end(batch)
        return found

    def records(self) -> list[Any]:
        return [self.record(row) for row in range(len(self._rows))]

    def _read_batch(self, uow: UnitOfWork, batch: int) -> None:
        start = batch * self.BATCH
        ids = self._ids[start : start + self.BATCH]
        known = [record_id for record_id in ids if record_id]
        if not known:
            return
        found = self._repository(uow).with_ids(known)
        self.loaded(uow, list(found.values()))
        for i, record_id in enumerate(ids):
            if record_id is not None:
                self._rows[start + i] = found.get(record_id)
        self._keep(batch)

    def _fill_ids(self, uow: UnitOfWork, row: int, first: int, end: int) -> None:
        """Read the IDs of the unread rows around ``row`` (not before ``first`` nor from
        ``end`` on), counted from the nearest row read above or below by its sort key: a
        row in the middle of 200 000 is reached without reading the rows before it."""
        ids = self._ids
        lo, hi = row, row + 1
        while lo > first and ids[lo - 1] is None:
            lo -= 1
        while hi < end and ids[hi] is None:
            hi += 1
        above, below = lo - 1, hi
        while above >= 0 and ids[above] is None:
            above -= 1
        while below < len(ids) and ids[below] is None:
            below += 1
        repo, query = self._repository(uow), self._query
        backwards = below - hi < lo - above - 1
        anchor = below if backwards else above
        key = None
        if 0 <= anchor < len(ids):
            key = repo.sort_key(query, ids[anchor] or "")
        found: list[str | None]
        if key is None and 0 <= anchor < len(ids):  # that row is gone: count from the top
            found = list(repo.ids(query, lo, hi - lo))
        elif backwards:
            found = list(repo.ids_after(query, key, hi - lo, backwards=True, skip=below - hi))
            found = [*([""] * (hi - lo - len(found))), *found[::-1]]
        else:
            found = list(repo.ids_after(query, key, hi - lo, skip=lo - above - 1))
        # "" marks a row that is no longer there (deleted meanwhile), until the next refresh
        found += [""] * (hi - lo - len(found))
        ids[lo:hi] = found

    def fetch_to_end(self) -> None:
        """Show the end of the list (Ctrl+End, the scroll bar dragged to the bottom): its
        last rows are read in the reverse order, and those between the rows read and them
        when they come into view."""
        missing = self._total - len(self._rows)
        if missing <= self.BATCH:
            if missing > 0:
                self.fetchMore()
            return
        with self._db.unit_of_work() as uow:
            tail = self._repository(uow).ids_after(self._query, None, self.BATCH, backwards=True)
            tail = tail[::-1]
            start, end = len(self._rows), self._total
            self.beginInsertRows(QModelIndex(), start, end - 1)  # last row inclusive
            self._rows.extend([None] * (end - start))
            self._ids.extend([*([None] * (end - start - len(tail))), *tail])
            for batch in range((end - len(tail)) // self.BATCH, (end - 1) // self.BATCH + 1):
                self._read_batch(uow, batch)
            self.endInsertRows()

    def _keep(self, batch: int) -> None:
        """Keep a batch's records, letting go of those of the batch least recently used."""
        self._kept[batch] = None
        self._kept.move_to_end(batch)
        while len(self._kept) > self.KEPT:
            gone, _none = self._kept.popitem(last=False)
            start = gone * self.BATCH
            self._rows[start : start + self.BATCH] = [None] * len(
                self._rows[start : start + self.BATCH]
            )

    def cleared(self) -> None:
        """Called before the rows are read anew: forget what was looked up for the old ones."""

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        """Called with each batch read, inside its unit of work: look up what the rows refer to."""

    def row_of(self, record_id: str) -> int:
        """The row of a record, loading further batches until it is found; -1 if absent."""
        checked = 0
        while True:
            for i in range(checked, len(self._ids)):
                if self._ids[i] == record_id:
                    return i
            checked = len(self._rows)
            if self.canFetchMore(QModelIndex()):
                self.fetchMore(QModelIndex())
                continue
            gap = next((i for i, known in enumerate(self._ids) if known is None), -1)
            if gap < 0:
                return -1
            with self._db.unit_of_work() as uow:  # the rows between the top and the end
                self._fill_ids(uow, gap, gap, len(self._ids))
            checked = gap

    def find(self, record_id: str, batches: int = FIND_BATCHES) -> int:
        """The row of a record among the loaded rows and a few more batches; -1 if not there."""
        checked = 0
        for attempt in range(batches + 1):
            for i in range(checked, len(self._ids)):
                if self._ids[i] == record_id:
                    return i
            checked = len(self._rows)
            if attempt == batches or not self.canFetchMore(QModelIndex()):
                break
            self.fetchMore(QModelIndex())
        return -1

    # --- sorting ------------------------------------------------------------------
    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.COLUMNS) and bool(self.COLUMNS[column].sort_key)

    def sort_column(self) -> int:
        """The column the rows are sorted by now (the first, if the sort key has none)."""
        for i, column in enumerate(self.COLUMNS):
            if column.sort_key == self._query.sort:
                return i
        return 0

    def order_by(self, key: str, descending: bool) -> bool:
        """Take an order remembered from an earlier run for the next read (the rows are not
        read now). False when nothing changed: no column sorts by ``key``, or the list is in
        that order already."""
        if not any(column.sort_key == key for column in self.COLUMNS if column.sort_key):
            return False
        if (key, descending) == (self._query.sort, self._query.descending):
            return False
        self._query = replace(self._query, sort=key, descending=descending)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sortable(column):
            return
        key = self.COLUMNS[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending:
            return  # already so: do not ask the database again
        self.set_query(replace(self._query, sort=key, descending=descending))

    # --- Qt model interface ----------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """The next batch, read after the last row by its sort key (not counted from the top
        by OFFSET, which made scrolling 200 000 rows to their end take minutes)."""
        if parent.isValid():
            return
        with self._db.unit_of_work() as uow:
            repo, query = self._repository(uow), self._query
            last = self._ids[-1] if self._ids else None
            key = repo.sort_key(query, last) if last else None
            if last and key is None:  # the last row was deleted meanwhile
                ids = repo.ids(query, len(self._rows), self.BATCH)
            else:
                ids = repo.ids_after(query, key, self.BATCH)
            found = repo.with_ids(ids)
            more = [found[i] for i in ids if i in found]
            self.loaded(uow, more)
        if not more:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)  # last row inclusive
        self._rows.extend(more)
        self._ids.extend(r.id for r in more)
        self._keep(start // self.BATCH)
        self.endInsertRows()


class RecordListModel(RecordTableModel):
    """A table of a few records held in memory (a term's seats, a year's meetings)."""

    def __init__(self, columns: Columns[TableColumn] | None = None) -> None:
        super().__init__()
        if columns is not None:
            self.COLUMNS = columns

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def with_rows(self, rows: list[Any]) -> RecordListModel:
        self.set_rows(rows)
        return self

    def as_text(self) -> str:
        """The table as tab-separated lines with a header: it pastes into Excel and Word as a table."""
        lines = ["\t".join(_(c.header) for c in self.COLUMNS)]
        lines += ["\t".join(c.display(r) for c in self.COLUMNS) for r in self._rows]
        return "\n".join(lines)
