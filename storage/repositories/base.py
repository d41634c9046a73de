"""The repository base: lists counted and paged by SQL, and the dated lists' filters.

Tables in the interface load lazily: they ask for a count and for pages, filtered and
sorted by SQL, so a table of 200 000 rows opens as fast as one of 20."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    case,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from domain.errors import ConcurrentChange
from domain.history import Action
from storage import orm
from storage.bulk import insert_tuples
from storage.collation import finnish_order, fold, folded, sort_order
from storage.history import TRACKED, record_inserted, set_update_action
from storage.search_index import contains_all, indexed_after, like_literal, reads_fts

T = TypeVar("T")


@dataclass(frozen=True)
class PlaceOf:
    """A sort by the record a column names, in that record's own order: an event's
    ombudsman by name, its service area by the area's place in its list.

    Looked up for each row, the named record's key cost 250–550 ms on a list of 200 000
    events (measured, PostgreSQL). So the few named records' keys are read first and
    written into the query, ``CASE ombudsman_id WHEN '…' THEN 'aho eija' … END``: one
    pass over the rows with no lookups (~60 ms). Where more than ``PLACES_WRITTEN``
    records could be named, each row looks its record up as before."""

    column: ColumnElement[Any]  # the naming column (case_events.ombudsman_id)
    target: ColumnElement[Any]  # the named table's ID column
    key: ColumnElement[Any]  # the named records' sort key
    # only these can be named (a reference list's own values): fewer places to write,
    # which SQLite compares one by one for each row (measured 106 → ~50 ms)
    among: ColumnElement[bool] | None = None

    def looked_up(self) -> ColumnElement[Any]:
        return select(self.key).where(self.target == self.column).scalar_subquery()


@dataclass(frozen=True)
class TextOrder:
    """A sort by a text column's Finnish order, where the column holds a few texts over
    many rows (a case event's area) and an index leads with it.

    The server computed the Finnish key of each of 200 000 rows' texts (170 ms measured,
    PostgreSQL). The few texts are read first, walking the index from one to the next,
    and their keys written into the query, ``CASE area WHEN 'Eksote' THEN 'eksote' …
    END`` (~90 ms); a text not among them (written meanwhile) has its key computed."""

    column: ColumnElement[Any]

    def computed(self) -> ColumnElement[Any]:
        return finnish_order(self.column)


PLACES_WRITTEN = 500
# the ORDER BY columns of each sort key a list offers
SortColumns = dict[str, tuple[ColumnElement[Any] | PlaceOf | TextOrder, ...]]
# What a deleted record's foreign keys do to the records naming it, done in the session
_LET_GO = frozenset({"SET NULL", "CASCADE"})
# Rows per executemany of a bulk insert
_INSERT_BATCH = 10_000


@dataclass(frozen=True)
class ListQuery:
    """What every list asks: a search text and the sort column. Each list that filters
    more has a query type of its own below or beside its repository."""

    text: str = ""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class PeriodQuery(ListQuery):
    """Records with a period (staff, trainees): only those whose period covers a day."""

    on_date: date | None = None  # None: all


@dataclass(frozen=True)
class DatedQuery(ListQuery):
    """Records of a day (case events, guardian requests, transactions)."""

    year: int | None = None  # only those dated in this year
    start: date | None = None  # only those dated on or after this day
    end: date | None = None  # … and on or before this day


Q = TypeVar("Q", bound=ListQuery)


def query_as(query: ListQuery, kind: type[Q]) -> Q:
    """The query a repository lists by. A plain ListQuery filters nothing more, so it
    stands for any list's; another list's query is a programming error."""
    if isinstance(query, kind):
        return query
    if type(query) is ListQuery:
        return kind(text=query.text, sort=query.sort, descending=query.descending)
    raise TypeError(f"expected a {kind.__name__}, got a {type(query).__name__}")


class Repository(Generic[T]):
    record: ClassVar[type]
    table: ClassVar[Any]
    sort_columns: ClassVar[SortColumns] = {}

    def __init__(self, session: Session) -> None:
        self.session = session
        # The sort orders worked out from the records named (PlaceOf, TextOrder), once per
        # unit of work: reading a page after its neighbour asks for the order twice
        self._orders: dict[int, ColumnElement[Any]] = {}

    # --- single records ---------------------------------------------------------
    # --- the write path: every create, update and delete of a record comes here ----
    def add(self, record: T) -> None:
        self.session.add(record)

    def update(self, record: T, read: T | None = None, *, overwrite: bool = False) -> T:
        """Store a changed record over the stored one with its ID; returns the stored one.

        The version checked is the one ``read`` (else ``record`` itself) was read with: a
        row since changed by another transaction refuses it with ConcurrentChange, and so
        does a row deleted meanwhile (never written back). ``overwrite`` stores it over
        whatever version is stored now, as the user chose knowingly. A record read in this
        same transaction has the version the row has, so an import never refuses itself."""
        stored = self.session.get(self.record, getattr(record, "id"))  # noqa: B009
        if stored is None:
            raise ConcurrentChange(None)
        if record is stored:
            return stored
        current = stored._version
        seen = version_of(read if read is not None else record)
        if not overwrite and seen is not None and seen != current:
            raise changed_meanwhile(stored)
        if overwrite and seen != current:
            # Saved over another user's change, as the user chose: the history says so.
            set_update_action(self.session, Action.OVERWRITE)
        # The merge writes the stored row's version back: the UPDATE says WHERE version =
        # the one checked, so a change committed since (another process) is refused too.
        setattr(record, "_version", current)  # noqa: B010 - mapped, not on the domain class
        try:
            return self.session.merge(record)
        except StaleDataError as error:  # pragma: no cover - the check above comes first
            raise changed_meanwhile(stored) from error

    def same_version(self, record: T, stored: T) -> None:
        """Give ``record`` the version ``stored`` has (a copy of it saved): saved again
        from a form, it is not refused as a change of someone else."""
        if record is not stored:
            for key in ("_version", "_changed_at", "_changed_by"):
                setattr(record, key, getattr(stored, key))

    def add_all(self, records: Iterable[T]) -> None:
        """Add many records, stored before anything added after them.

        Records name each other by ID only: the mapping has no relationships from which
        SQLAlchemy could tell that staff precede trainees or terms their seats, so what was
        added before is written first, then these."""
        self.session.flush()
        self.session.add_all(list(records))
        self.session.flush()

    def insert_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many new records of this table as rows (column name → value, the same
        names in every row), in a few executemany statements: the change history records
        each (``storage.history``, in bulk) and the search index has them
        (``indexed_after``). Each is stamped as a flush stamps a record it adds: version 1,
        now, by this workstation. The records are stored but not kept in the session."""
        if not rows:
            return
        self.session.flush()  # what was added before (the records these name) first
        stamp = {"version": 1, "changed_at": orm.utc_now(), "changed_by": orm.actor_label()}
        connection = self.session.connection()
        with indexed_after(connection, self.table.name, len(rows)):
            for start in range(0, len(rows), _INSERT_BATCH):
                batch = [{**row, **stamp} for row in rows[start : start + _INSERT_BATCH]]
                _insert_plain(connection, self.table, batch)
                record_inserted(self.session, self.table, batch)
        analyze_after_bulk(connection, [self.table.name, orm.history.name], len(rows))

    def get(self, record_id: str) -> T | None:
        return self.session.get(self.record, record_id)

    def new_record(self, values: Mapping[str, Any]) -> T:
        """A new record of these values (the others the class's defaults), as the class
        would make it, built faster (``orm.new_unattached``): for the rows of an import."""
        return orm.new_unattached(self.record, values)

    def delete(self, record_id: str, read: T | None = None) -> bool:
        """Delete a record; given the record as ``read``, only the version read: one changed
        since is refused with ConcurrentChange (carrying the stored one, so the user can be
        asked again). One deleted meanwhile is no longer there, as wanted: False says so
        (a deletion of several records as shown refuses them all then)."""
        c = self.table.c
        # PostgreSQL: FOR UPDATE also stops another transaction from naming this row (an
        # event's ombudsman) until this one ends, so no reference appears unseen by
        # _let_go only to be emptied, unrecorded, by the foreign key's ON DELETE
        self.session.connection().execute(select(c.id).where(c.id == record_id).with_for_update())
        seen = version_of(read) if read is not None else None
        if seen is not None and not self._hold(record_id, seen):
            stored = self.session.get(self.record, record_id, populate_existing=True)
            if stored is not None:
                raise changed_meanwhile(stored)
            return False  # another user deleted it meanwhile: theirs is the deletion kept
        self._let_go(record_id)
        stmt = delete(self.table).where(self.table.c.id == record_id)
        if seen is not None:
            stmt = stmt.where(self.table.c.version == seen)
        self.session.execute(stmt)
        return True

    def _hold(self, record_id: str, version: int) -> bool:
        """Lock the row at the version read, before anything about its deletion is read or
        recorded; False when it has changed or gone. Without the lock another workstation
        could delete it between the history's read of it and this DELETE (pysqlite starts
        no transaction for a SELECT; PostgreSQL reads committed rows), and both deletions
        would be recorded. Sent past the session: a write of no field is no change."""
        c = self.table.c
        held = self.session.connection().execute(
            update(self.table)
            .where(c.id == record_id, c.version == version)
            .values(version=c.version)
        )
        return bool(held.rowcount)

    def _let_go(self, record_id: str) -> None:
        """Do here, in the session, what the database's foreign keys would do to the other
        records that name this one when it is deleted: a record naming it (a case event its
        ombudsman) is updated to name nobody, a new version in the history; a record that
        belongs to it (a project's funding line) is deleted, also in the history. Left to
        the database they would change unseen, with no history entry and no new version."""
        for table in orm.metadata.sorted_tables:
            if table.name not in TRACKED:
                continue
            for key in table.foreign_keys:
                if key.column.table is not self.table or key.ondelete not in _LET_GO:
                    continue
                naming = key.parent == record_id
                if key.ondelete == "CASCADE":
                    self.session.execute(delete(table).where(naming))
                    continue
                mapper = next(m for m in orm.mapper_registry.mappers if m.local_table is table)
                name = mapper.get_property_by_column(key.parent).key
                for other in self.session.scalars(select(mapper.class_).where(naming)):
                    setattr(other, name, None)
        self.session.flush()

    def all(self) -> list[T]:
        return list(self.session.scalars(self._ordered(select(self.record), ListQuery())))

    # --- lists ------------------------------------------------------------------
    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        words = query.text.casefold().split()
        if not words:
            return []
        # every word in the folded search text; the case log's and the ledger's from their
        # trigram index (storage/search_index.py)
        return contains_all(self.session.connection(), self.table, words)

    def _sort_by(self, key: str) -> tuple[ColumnElement[Any], ...]:
        """The ORDER BY of a list's sort key: its entry in ``sort_columns``; else the
        table's column of that name (text case-insensitively), then the list's name order,
        so a plain new column sorts without an entry; else the name order."""
        named = self.sort_columns.get(key)
        if named:
            return tuple(self._in_order(column) for column in named)
        column = self.table.c.get(key)
        if column is None or key == "id":
            return self._sort_by("name")
        plain = finnish_order(column) if isinstance(column.type, String) else column
        return (plain, *self._sort_by("name"))

    def _in_order(self, column: ColumnElement[Any] | PlaceOf | TextOrder) -> ColumnElement[Any]:
        """A sort column as SQL: a ``PlaceOf`` as the named records' keys written into the
        query, a ``TextOrder`` as its texts' keys. The keys themselves, not their ranks: a
        page is read after its neighbour's key, which must mean the same when a record is
        added between two reads."""
        if not isinstance(column, PlaceOf | TextOrder):
            return column
        known = self._orders.get(id(column))
        if known is None:
            known = self._orders[id(column)] = (
                self._text_order(column)
                if isinstance(column, TextOrder)
                else self._place_order(column)
            )
        return known

    def _place_order(self, column: PlaceOf) -> ColumnElement[Any]:
        """The named records' keys, by their IDs, as a ``CASE``; too many, and each row's
        record is looked up."""
        stmt = select(column.target, column.key).limit(PLACES_WRITTEN + 1)
        if column.among is not None:
            stmt = stmt.where(column.among)
        named = self.session.execute(stmt).all()
        places = {record_id: key for record_id, key in named if key is not None}
        if not places or len(named) > PLACES_WRITTEN:
            return column.looked_up()
        return case(places, value=column.column, else_=None)

    def _text_order(self, order: TextOrder) -> ColumnElement[Any]:
        """The texts of the column, found by walking its index from each to the next
        (``WITH RECURSIVE``: a few index reads, not a pass over the rows), with their
        Finnish keys; too many, and every row's key is computed."""
        text = order.column
        first = select(func.min(text).label("text")).cte("texts", recursive=True)
        following = select(func.min(text)).where(text > first.c.text).scalar_subquery()
        texts = first.union_all(select(following).where(first.c.text.is_not(None)))
        stmt = (
            select(texts.c.text, finnish_order(texts.c.text))
            .where(texts.c.text.is_not(None))
            .limit(PLACES_WRITTEN + 1)
        )
        keys: dict[str, str] = dict(self.session.execute(stmt).all())
        if not keys or len(keys) > PLACES_WRITTEN:
            return order.computed()
        return case(keys, value=text, else_=order.computed())

    def _order_terms(self, query: ListQuery) -> list[OrderTerm]:
        """The list's order as terms: each sort expression, whether it descends, and where
        its NULLs go (None: where the database puts them); the ID last, a total order."""
        terms = []
        for col in self._sort_by(query.sort):
            plain, descending = _unturned(col)
            expr = sort_order(plain)
            descending ^= query.descending
            name = getattr(plain, "name", None)
            nulls_first = None
            if name == "start":
                # an open start means "before the records begin": first when ascending
                nulls_first = not query.descending
            elif name == "end":
                # an open end means "still going": last when ascending
                nulls_first = query.descending
            terms.append(OrderTerm(expr, descending, nulls_first))
        terms.append(OrderTerm(self.table.c.id, False))  # so pages never overlap
        return terms

    def _ordered(self, stmt, query: ListQuery):
        return stmt.order_by(*(term.clause() for term in self._order_terms(query)))

    # --- pages by their neighbours' sort key (keyset) ------------------------------
    def sort_key(self, query: ListQuery, record_id: str) -> tuple[Any, ...] | None:
        """A row's values of the list's order (its ID last): where a page after or before it
        starts. None when the row is gone."""
        terms = self._order_terms(query)
        stmt = select(*(t.expr for t in terms)).where(self.table.c.id == record_id)
        row = self.session.execute(stmt).first()
        return None if row is None else tuple(row)

    def ids_after(
        self,
        query: ListQuery,
        key: tuple[Any, ...] | None,
        limit: int,
        *,
        backwards: bool = False,
        skip: int = 0,
    ) -> list[str]:
        """The IDs of up to ``limit`` rows of the list that follow the row whose sort key is
        ``key`` (from the first row when None), ``skip`` rows on; ``backwards``: those that
        precede it (the last rows when None), nearest first.

        The rows are found from the key, not counted from the top as by OFFSET, so the last
        page of 200 000 comes as fast as the first."""
        terms = self._order_terms(query)
        if backwards:
            terms = [t.turned() for t in terms]
        nulls_largest = self.session.get_bind().dialect.name == "postgresql"
        conditions = self._where(query)
        if key is not None:
            conditions.append(_after(terms, key, nulls_largest))
        stmt = select(self.table.c.id).where(*conditions)
        stmt = stmt.order_by(*(t.clause() for t in terms))
        return list(self.session.scalars(stmt.offset(skip or None).limit(limit)))

    # --- find anything (Ctrl+K) ---------------------------------------------------
    # The columns searched in a table without a search key; with one, the list's own search.
    find_columns: ClassVar[tuple[Any, ...]] = ()
    find_newest_first: ClassVar[bool] = False

    def matching(self, text: str, limit: int) -> list[T]:
        """Up to ``limit`` records holding every word of ``text`` (in any case), in the
        list's own order (dated records newest first)."""
        words = text.casefold().split()
        if not words:
            return []
        if self.find_columns:
            conditions = [
                or_(
                    *(
                        folded(column).like(f"%{like_literal(word)}%", escape="\\")
                        for column in self.find_columns
                    )
                )
                for word in words
            ]
        else:
            conditions = self._where(ListQuery(text=text))
        order = ListQuery(descending=self.find_newest_first)
        stmt = self._ordered(select(self.record).where(*conditions), order).limit(limit)
        return list(self.session.scalars(stmt))

    def count(self, query: ListQuery) -> int:
        stmt = select(func.count()).select_from(self.table).where(*self._where(query))
        return int(self.session.scalar(stmt) or 0)

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[str]:
        """The IDs of a page of the list, in its order (a list keeps the IDs of many
        pages, the records of a few)."""
        found = self._among_the_first(query, offset, limit)
        if found is not None:
            return found
        stmt = select(self.table.c.id).where(*self._where(query))
        return list(self.session.scalars(self._ordered(stmt, query).offset(offset).limit(limit)))

    # the rows a search's first pages are looked for among before the index is read
    FIRST_ROWS = 5000

    def _among_the_first(self, query: ListQuery, offset: int, limit: int) -> list[str] | None:
        """A date-ordered page of a search on SQLite from the first rows of the list alone,
        if they hold it; None when they do not. A common word ("kuraattori" in a third of
        200 000 events) makes the index list every match (~70 ms) where the first few
        hundred rows in date order hold the first page (a few ms); a rarer one is read
        from the index, after this short look."""
        words = query.text.casefold().split()
        if (
            not words
            or query.sort not in ("day", "name")
            or offset + limit > self.FIRST_ROWS // 10
            or not reads_fts(self.session.connection(), self.table, words)
        ):
            return None
        c = self.table.c
        rowid: ColumnElement[Any] = literal_column(f"{self.table.name}.rowid")
        plain = select(rowid).select_from(self.table).where(*self._where(replace(query, text="")))
        first = self._ordered(plain, query).limit(self.FIRST_ROWS).correlate(None)
        matching = contains_all(self.session.connection(), self.table, words, indexed=False)
        stmt = select(c.id).where(rowid.in_(first.scalar_subquery()))
        stmt = self._ordered(stmt.where(*matching), query).offset(offset).limit(limit)
        found = list(self.session.scalars(stmt))
        return found if len(found) == limit else None

    def page(self, query: ListQuery, offset: int, limit: int) -> list[T]:
        stmt: Select[Any] = select(self.record).where(*self._where(query))
        stmt = self._ordered(stmt, query).offset(offset).limit(limit)
        return list(self.session.scalars(stmt))

    # --- a workbook import --------------------------------------------------------
    def find_by(self, natural_key: Mapping[str, Any]) -> T | None:
        """A record whose columns have these values (column name → value): texts in any
        case, an empty value as NULL. The workbook finds a row without an ID this way."""
        stmt: Select[Any] = select(self.record)
        for key, value in natural_key.items():
            column = self.table.c[key]
            if value is None:
                stmt = stmt.where(column.is_(None))
            elif isinstance(value, str):
                stmt = stmt.where(folded(column) == fold(value))
            else:
                stmt = stmt.where(column == value)
        return self.session.scalars(stmt.limit(1)).first()

    def holds_any(self) -> bool:
        """Whether the table holds a record at all."""
        return self.session.execute(select(self.table.c.id).limit(1)).first() is not None

    def with_ids(self, ids: Sequence[str]) -> dict[str, T]:
        """The records with these IDs, by ID (those not stored are left out), read together:
        a workbook import reads a window of rows' records at once."""
        found: dict[str, T] = {}
        for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
            stmt: Select[Any] = select(self.record).where(
                self.table.c.id.in_(ids[start : start + 500])
            )
            found.update((record.id, record) for record in self.session.scalars(stmt))
        return found

    def update_in_batch(self, record: T) -> T:
        """``update`` for one of the many records an import changes row by row: what the
        unit of work has pending is written together at the next query, not first, as a
        merge by itself does (a flush per row makes a sheet of changed rows take half as
        long again)."""
        with self.session.no_autoflush:
            return self.update(record)


@dataclass(frozen=True)
class OrderTerm:
    """One expression of a list's ORDER BY: its direction, and where its NULLs go (None:
    where the database puts them, first ascending on SQLite, last on PostgreSQL)."""

    expr: Any
    descending: bool
    nulls_first: bool | None = None

    def clause(self) -> Any:
        expr = self.expr.desc() if self.descending else self.expr.asc()
        if self.nulls_first is None:
            return expr
        return expr.nulls_first() if self.nulls_first else expr.nulls_last()

    def turned(self) -> OrderTerm:
        """The same term in the reverse order (a page before a row, the last page)."""
        nulls = None if self.nulls_first is None else not self.nulls_first
        return OrderTerm(self.expr, not self.descending, nulls)

    def nulls_come_first(self, nulls_largest: bool) -> bool:
        if not getattr(self.expr, "nullable", True):
            return True  # never NULL (a NOT NULL column): nothing to place
        if self.nulls_first is not None:
            return self.nulls_first
        return nulls_largest == self.descending


ANALYZE_ROWS = 1000  # rows added in one go from which PostgreSQL's statistics are renewed


def analyze_after_bulk(connection: Connection, tables: Sequence[str], rows: int) -> None:
    """After ``rows`` rows were added to ``tables`` in one go, have PostgreSQL renew their
    statistics, in the same transaction.

    A table filled by an import has none until autovacuum comes round (a minute or more);
    meanwhile the driver's prepared statements may settle on a plan made for an empty
    table: importing the same 50 000 case events again read each window of 500 IDs by
    scanning every row, 63 s instead of 14 s. A role that does not own the tables gets a
    warning from the server, not an error (docs/admin.md). SQLite plans by its indexes."""
    if rows < ANALYZE_ROWS or connection.dialect.name != "postgresql":
        return
    for name in tables:
        connection.exec_driver_sql(f"ANALYZE {name}")


def _insert_plain(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (the same column names in each) as one executemany of plain tuples,
    each column's values converted for the driver together: SQLAlchemy's handling of each
    row's parameters took a third of the time of an import's inserts on SQLite."""
    names = list(rows[0])
    dialect = connection.dialect
    values = [[row[name] for name in names] for row in rows]
    for index, name in enumerate(names):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            for row_values in values:
                row_values[index] = process(row_values[index])
    insert_tuples(connection, table.name, names, values)


def _unturned(expr: Any) -> tuple[Any, bool]:
    """A sort expression and whether it is turned already (``column.desc()``)."""
    if isinstance(expr, UnaryExpression) and expr.modifier is operators.desc_op:
        return expr.element, True
    if isinstance(expr, UnaryExpression) and expr.modifier is operators.asc_op:
        return expr.element, False
    return expr, False


def _after(terms: Sequence[OrderTerm], key: Sequence[Any], nulls_largest: bool) -> Any:
    """The rows that come after the one whose values of ``terms`` are ``key``, in that
    order: the first term later, or equal and the second later, and so on. A first term
    that is not NULL also bounds the rows from one side, which an index reads as a range."""
    either: list[Any] = []
    equal: list[Any] = []
    for term, value in zip(terms, key, strict=True):
        expr, nulls_first = term.expr, term.nulls_come_first(nulls_largest)
        if value is None:  # (never so for a NOT NULL column, placed first above)
            later = expr.is_not(None) if nulls_first else false()
            same = expr.is_(None)
        else:
            bound = literal(value, expr.type)  # True and False too, as values
            later = expr < bound if term.descending else expr > bound
            if not nulls_first:
                later = or_(later, expr.is_(None))
            same = expr == bound
        either.append(and_(*equal, later))
        equal.append(same)
    condition = or_(*either)
    first, value = terms[0], key[0]
    if value is None or not first.nulls_come_first(nulls_largest):
        return condition  # NULLs may follow: no bound from one side
    value = literal(value, first.expr.type)
    bound = first.expr <= value if first.descending else first.expr >= value
    return and_(bound, condition)


# What the workbook export reads of a table's rows, and what it leaves: the search text is
# derived from the other columns and is in no sheet
_NOT_EXPORTED = frozenset({"search_key"})
_SHARED_TEXT_MAX = 40  # a text this short is kept once however many rows repeat it


def plain_rows(
    session: Session, table: Table, order: Sequence[Any], lists: Sequence[str] = ()
) -> list[Any]:
    """Every row of ``table`` in ``order`` as a plain object with its columns (and an
    empty list for each name in ``lists``) as attributes: what the workbook export reads,
    without a mapped record each.

    Built to be small: a class with ``__slots__`` instead of a namespace's dict, and a
    short text that repeats (an area, a municipality, the ID of the ombudsman or of a
    listed value) kept once. 200 000 case events took 590 MB as namespaces."""
    columns = [c for c in table.c if c.name not in _NOT_EXPORTED]
    row_class = _plain_row_class(table.name, (*(c.name for c in columns), *lists))
    own_id = [c.name for c in columns].index("id")
    shared: dict[str, str] = {}
    share = shared.setdefault
    rows = []
    for values in session.execute(select(*columns).order_by(*order)):
        row = row_class(
            *(
                share(v, v)
                if v.__class__ is str and i != own_id and len(v) <= _SHARED_TEXT_MAX
                else v
                for i, v in enumerate(values)
            ),
            *([] for _ in lists),
        )
        rows.append(row)
    return rows


_PLAIN_ROW_CLASSES: dict[tuple[str, tuple[str, ...]], type] = {}


def _plain_row_class(table: str, names: tuple[str, ...]) -> type:
    """The class of ``plain_rows``' rows of a table: its names as slots, set in order."""
    known = _PLAIN_ROW_CLASSES.get((table, names))
    if known is not None:
        return known

    def __init__(self: Any, *values: Any) -> None:
        for name, value in zip(names, values, strict=True):
            setattr(self, name, value)

    def __repr__(self: Any) -> str:
        return f"{table}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    made = type(
        f"{table}_row", (), {"__slots__": names, "__init__": __init__, "__repr__": __repr__}
    )
    _PLAIN_ROW_CLASSES[(table, names)] = made
    return made


def version_of(record: Any) -> int | None:
    """The version a record was read with; None for one never read from the database."""
    return record.__dict__.get("_version")


def changed_meanwhile(stored: Any) -> ConcurrentChange:
    """The refusal of a write over ``stored``, the version another transaction wrote."""
    return ConcurrentChange(
        stored, getattr(stored, "_changed_by", "") or "", getattr(stored, "_changed_at", None)
    )


class _PeriodRepository(Repository[T]):
    """Records with a period (staff, trainees): filtered by the day their period covers."""

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = super()._where(query)
        day = query_as(query, PeriodQuery).on_date
        if day is not None:
            c = self.table.c
            conditions.append(or_(c.start.is_(None), c.start <= day))
            conditions.append(or_(c.end.is_(None), c.end >= day))
        return conditions


class _DatedRepository(Repository[T]):
    """Records of a day (case events, guardian requests, transactions): filtered by a year
    or a period, listed newest first a page at a time, and counted per year."""

    find_newest_first = True

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = self.table.c
        conditions = super()._where(query)
        query = query_as(query, DatedQuery)
        if query.year is not None:
            conditions += [c.day >= date(query.year, 1, 1), c.day <= date(query.year, 12, 31)]
        if query.start is not None:
            conditions.append(c.day >= query.start)
        if query.end is not None:
            conditions.append(c.day <= query.end)
        return conditions

    def _order_terms(self, query: ListQuery) -> list[OrderTerm]:
        terms = super()._order_terms(query)
        # The tie-break follows the sort's direction, so newest-first reads the (day, id) index.
        return [*terms[:-1], OrderTerm(self.table.c.id, query.descending)]

    def years(self) -> list[int]:
        """The years from the first to the last record, newest first."""
        c = self.table.c
        first, last = self.session.execute(select(func.min(c.day), func.max(c.day))).one()
        if first is None:
            return []
        return list(range(last.year, first.year - 1, -1))
