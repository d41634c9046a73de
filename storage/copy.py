"""Copying every record of one Oske database into an empty one (``main.py copy``).

Typically an office's ``oske.sqlite`` into a new database on its PostgreSQL server. Both
sides are opened by ``open_database``: the target is created at the head revision, an older
SQLite source is backed up and upgraded, so the two have the same tables. The rows go
table by table in dependency order, a batch at a time, as they are stored (the IDs kept),
in one transaction on the target: any failure leaves the target as it was. The source is
read in one snapshot, and the target commits only when every table's count matches.

A new database is not quite empty: the migrations give it the default categories and the
case log's reference lists, with random IDs. Those rows are replaced by the source's. A
target that has anything a new database does not have holds someone's records and is
refused before anything is written.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    Table,
    bindparam,
    create_engine,
    delete,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import sort_tables_and_constraints
from sqlalchemy.types import TypeDecorator, TypeEngine

from domain.i18n import _
from storage.database import Database, StorageError, head_revision, open_database, sqlite_url
from storage.history import record_restore
from storage.orm import metadata

BATCH_ROWS = 2000
# The database's own marker, not a record: each side keeps its own.
NOT_COPIED = frozenset({"oske_meta"})
# A setting that is not a record: the welcome view's "start with an empty database".
NOT_RECORDS = frozenset({("settings", "started")})


class CopyFailed(StorageError):
    """The target refused a row (or the connection broke) while copying ``table``; the
    target was rolled back. ``reason`` is the database's own first line, without data."""

    def __init__(self, table: str, reason: str) -> None:
        super().__init__(reason)
        self.table = table
        self.reason = reason


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


@dataclass(frozen=True)
class CopyResult:
    counts: tuple[TableCount, ...]
    source: str  # where the records came from, as a person may be shown it
    target: str
    source_backup: Path | None  # the source was older: upgraded after this backup

    @property
    def matches(self) -> bool:
        """Every table has as many rows on both sides (otherwise nothing was committed)."""
        return all(c.source == c.target for c in self.counts)


def database_url(location: str) -> str:
    """A SQLAlchemy URL as given, or a file path as the URL of that SQLite file."""
    if "://" not in location:
        return sqlite_url(location)
    try:
        url = make_url(location)
    except ArgumentError as exc:
        # The text may hold a password: it is not repeated
        raise StorageError(_("A database address could not be read as a URL.")) from exc
    if url.drivername == "postgresql":  # SQLAlchemy would look for psycopg2
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def shown(url: str) -> str:
    """The database as a person may see it: a file's path, or the URL without a password."""
    path = _sqlite_path(make_url(url))
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


def copy_database(source: str, target: str, *, batch_rows: int = BATCH_ROWS) -> CopyResult:
    """Copy every record at ``source`` into the empty database at ``target`` (URLs or file
    paths). Raises ``StorageError`` with a message for a person (``CopyFailed`` when a row
    was refused), and then the target has not changed."""
    source, target = database_url(source), database_url(target)
    if _same_database(source, target):
        raise StorageError(_("The source and the target are the same database."))
    _check_source(source)
    target_path = _sqlite_path(make_url(target))
    created = target_path is not None and not target_path.exists()
    _check_target(target)
    try:
        with _opened(source) as from_db, _opened(target) as to_db:
            try:
                counts = _copy(from_db, to_db, _new_database_rows(), batch_rows)
            except CopyFailed:
                raise
            except SQLAlchemyError as exc:
                raise StorageError(
                    _("The copy into {where} stopped: {error}. Nothing was copied.").format(
                        where=shown(target), error=_first_line(exc)
                    )
                ) from exc
            backup = from_db.backup_path
    except BaseException:
        if created and target_path is not None:
            _remove_sqlite(target_path)
        raise
    result = CopyResult(tuple(counts), shown(source), shown(target), backup)
    if created and target_path is not None and not result.matches:
        _remove_sqlite(target_path)  # nothing was committed into the file made for the copy
    return result


# ---------------------------------------------------------------------------- the checks


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).expanduser().resolve()
    return None


def _remove_sqlite(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(FileNotFoundError):
            leftover.unlink()


def _same_database(source: str, target: str) -> bool:
    a, b = make_url(source), make_url(target)
    if _sqlite_path(a) or _sqlite_path(b):
        return _sqlite_path(a) == _sqlite_path(b)
    return (a.host, a.port, a.database, a.query) == (b.host, b.port, b.database, b.query)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def _first_line(exc: SQLAlchemyError) -> str:
    """The database's own first line: it names the table and the rule; later lines may hold
    a row's values, which are not shown."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(exc).__name__


def _tables_and_revision(url: str) -> tuple[set[str], str | None]:
    """The tables at ``url`` and its Alembic revision, read without writing anything.

    A SQLite file is only read, and only when it exists. (Not through a read-only
    connection: that would leave a WAL database's -wal and -shm files behind, where the last
    connection to close otherwise removes them.)
    """
    path = _sqlite_path(make_url(url))
    if path is not None:
        try:
            with closing(sqlite3.connect(path)) as conn:
                tables = {
                    r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                found = None
                if "alembic_version" in tables:
                    found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                _("{where} is not an Oske database; nothing was copied.").format(where=path)
            ) from exc
        return tables, found[0] if found else None
    try:
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                revision = None
                if "alembic_version" in tables:
                    revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
        finally:
            engine.dispose()
    except SQLAlchemyError as exc:
        raise StorageError(
            _("Cannot open the database {url}: {error}").format(
                url=shown(url), error=_one_line(getattr(exc, "orig", None) or exc)
            )
        ) from exc
    return tables, revision


def _check_source(url: str) -> None:
    """The source is an Oske database that exists (opening it must create nothing)."""
    path = _sqlite_path(make_url(url))
    if path is not None and not path.is_file():
        raise StorageError(_("The database {where} does not exist.").format(where=path))
    tables, revision = _tables_and_revision(url)
    if revision is None or "oske_meta" not in tables:
        raise StorageError(
            _("{where} is not an Oske database; nothing was copied.").format(where=shown(url))
        )


def _check_target(url: str) -> None:
    """The target is new, or an Oske database at this version (so opening changes nothing)."""
    path = _sqlite_path(make_url(url))
    if path is not None and not path.exists():
        return
    tables, revision = _tables_and_revision(url)
    if tables and revision is not None and revision != head_revision():
        raise StorageError(
            _(
                "{where} is an Oske database of another version (schema {revision}); "
                "copy into a new, empty database."
            ).format(where=shown(url), revision=revision)
        )


@contextmanager
def _opened(url: str) -> Iterator[Database]:
    database = open_database(url)
    try:
        yield database
    finally:
        database.close()


# ---------------------------------------------------------------------------- the tables


@dataclass(frozen=True)
class _Plan:
    """How one table is copied: its columns with their stored types (no conversion to the
    domain's values and back), and the references set after every row is in."""

    table: Table  # as storage.orm declares it
    raw: Table
    later: tuple[str, ...]  # columns of a reference cycle: inserted empty, filled at the end


def _stored_type(type_: TypeEngine) -> TypeEngine:
    return type_.impl_instance if isinstance(type_, TypeDecorator) else type_


def _plans(tables: Sequence[Table]) -> list[_Plan]:
    """The tables in dependency order; a reference that closes a cycle (or points into its
    own table) is filled in after the inserts."""
    ordered = sort_tables_and_constraints(tables)
    cyclic = {fk for table, fks in ordered if table is None for fk in fks}
    raw_metadata = MetaData()
    plans = []
    for table, _fks in ordered:
        if table is None:
            continue
        later = tuple(
            column.name
            for fk in table.foreign_key_constraints
            if fk in cyclic or fk.referred_table is table
            for column in fk.columns
        )
        columns = [
            Column(c.name, _stored_type(c.type), primary_key=c.primary_key, autoincrement=False)
            for c in table.columns
            if c.computed is None
        ]
        plans.append(_Plan(table, Table(table.name, raw_metadata, *columns), later))
    return plans


def _record_tables() -> list[Table]:
    return [t for t in metadata.sorted_tables if t.name not in NOT_COPIED]


# ---------------------------------------------------------------------------- the copy


def copy_rows(
    src: Connection, dst: Connection, tables: Sequence[Table], batch_rows: int = BATCH_ROWS
) -> None:
    """Replace the rows of ``tables`` at ``dst`` by those at ``src``, in ``dst``'s open
    transaction (committed by the caller). Raises ``CopyFailed`` naming the table."""
    plans = _plans(tables)
    for plan in reversed(plans):
        _run(plan, partial(_clear, dst, plan))
    for plan in plans:
        _run(plan, partial(_insert, src, dst, plan, batch_rows))
    for plan in plans:
        if plan.later:
            _run(plan, partial(_fill_later, src, dst, plan, batch_rows))
    if dst.dialect.name == "postgresql":
        for plan in plans:
            _run(plan, partial(_reset_sequence, dst, plan))


def _copy(
    from_db: Database, to_db: Database, new: dict[str, Counter], batch_rows: int
) -> list[TableCount]:
    tables = _record_tables()
    with from_db.engine.connect() as src, to_db.engine.connect() as dst:
        _begin(src, tables, write=False)
        _begin(dst, tables, write=True)
        if any(_rows_without_id(dst, t) - new.get(t.name, Counter()) for t in tables):
            raise StorageError(
                _(
                    "{where} already has records; the copy goes only into a new, empty "
                    "database. Nothing was copied."
                ).format(where=shown(to_db.url))
            )
        copy_rows(src, dst, tables, batch_rows)
        counts = [TableCount(t.name, _count(src, t), _count(dst, t)) for t in tables]
        if all(c.source == c.target for c in counts):
            record_restore(dst, shown(from_db.url), [(c.table, c.target) for c in counts])
            dst.commit()
        else:
            dst.rollback()
        src.rollback()
    return counts


def _new_database_rows() -> dict[str, Counter[tuple]]:
    """The rows a new database starts with, per table, apart from their random IDs."""
    fresh = open_database("sqlite://")  # in memory, through every migration
    try:
        with fresh.engine.connect() as conn:
            return {table.name: _rows_without_id(conn, table) for table in _record_tables()}
    finally:
        fresh.close()


def _rows_without_id(conn: Connection, table: Table) -> Counter[tuple]:
    columns = [c for c in table.columns if c.name != "id" and c.computed is None]
    return Counter(
        tuple(row)
        for row in conn.execute(select(*columns))
        if (table.name, row[0]) not in NOT_RECORDS
    )


def _begin(conn: Connection, tables: Sequence[Table], *, write: bool) -> None:
    """Start the transaction now: a snapshot to read the source from, or the target's
    tables locked against other writers (a record saved meanwhile would be deleted with the
    new database's defaults)."""
    if conn.dialect.name == "sqlite":
        # Python's sqlite3 would begin only at the first write: reads would see no snapshot
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    elif not write:
        conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    elif conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.format_table(t) for t in tables)
        conn.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def _run(plan: _Plan, step: Callable[[], object]) -> None:
    try:
        step()
    except SQLAlchemyError as exc:
        raise CopyFailed(plan.table.name, _first_line(exc)) from exc


def _clear(dst: Connection, plan: _Plan) -> None:
    if plan.later:
        dst.execute(update(plan.raw).values(dict.fromkeys(plan.later)))
    dst.execute(delete(plan.raw))


def _insert(src: Connection, dst: Connection, plan: _Plan, batch_rows: int) -> None:
    names = [c.name for c in plan.raw.columns]
    result = src.execute(select(plan.raw).execution_options(yield_per=batch_rows))
    for rows in result.partitions():
        batch = [dict(zip(names, row, strict=True)) for row in rows]
        for row in batch:
            row.update(dict.fromkeys(plan.later))
        dst.execute(plan.raw.insert(), batch)


def _fill_later(src: Connection, dst: Connection, plan: _Plan, batch_rows: int) -> None:
    keys = [c.name for c in plan.raw.primary_key]
    query = select(*(plan.raw.c[k] for k in keys), *(plan.raw.c[n] for n in plan.later))
    fill = (
        update(plan.raw)
        .where(*(plan.raw.c[k] == bindparam(f"key_{k}") for k in keys))
        .values({n: bindparam(f"value_{n}") for n in plan.later})
    )
    names = [f"key_{k}" for k in keys] + [f"value_{n}" for n in plan.later]
    result = src.execute(query.execution_options(yield_per=batch_rows))
    for rows in result.partitions():
        dst.execute(fill, [dict(zip(names, row, strict=True)) for row in rows])


def _reset_sequence(dst: Connection, plan: _Plan) -> None:
    """An integer key that PostgreSQL numbers itself continues after the copied ones."""
    column = plan.table.autoincrement_column
    if column is None:
        return
    dst.execute(
        text(
            "SELECT setval(pg_get_serial_sequence(:table, :column), "
            f'COALESCE(MAX("{column.name}"), 0) + 1, false) FROM "{plan.table.name}"'
        ),
        {"table": plan.table.name, "column": column.name},
    )


def _count(conn: Connection, table: Table) -> int:
    return conn.scalar(select(func.count()).select_from(table)) or 0
