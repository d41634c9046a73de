"""The trigram indexes behind the search of the case log and the ledger.

A list's search finds the rows whose folded search text (``search_key``, case-folded in
Python when the row is written) contains every word typed, case-folded alike. Without an
index that reads every row's text: with 200 000 case events a search for a text that
matches nothing took ~430 ms. Migration 0013 adds an index of the text's trigrams (every
run of three characters), which answers a word of three characters or more from the
index:

- **SQLite**: an FTS5 table per list (``case_events_fts``, ``transactions_fts``) with the
  ``trigram`` tokenizer, case-sensitive (the text is folded already, so the index folds
  nothing more and matches exactly what ``LIKE`` matches), its rowid the row's rowid. The
  table keeps its own copy of the text, kept in step by triggers on insert, on a change of
  the search text and on delete; an insert of many rows (an import) indexes them together
  at its end instead (``indexed_after``). SQLite 3.34 or newer has the tokenizer; with an older one
  the migration adds nothing and the search reads every row as before.
- **PostgreSQL**: a GIN index of ``pg_trgm`` on ``search_key``. The query stays the plain
  ``LIKE '%word%'``, which the server answers from the index. Creating the extension needs
  a privilege the workstations' role may lack; the migration then logs a line and leaves
  the index out (docs/admin.md has the administrator's two statements).

A word of one or two characters has no trigram: it is matched by ``LIKE`` over the rows
the longer words leave, as before. The results are the same rows in every case (tests
compare the indexed search with the plain one).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, column, literal_column, select, table
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

# The lists with an index: their table and the FTS5 table of their search text (SQLite)
INDEXED = {"case_events": "case_events_fts", "transactions": "transactions_fts"}
TRIGRAM = 3  # a word this long or longer is answered from the index
SQLITE_TRIGRAM = (3, 34, 0)  # the first SQLite with the trigram tokenizer
# SQLite's own tables of an FTS5 table (columnsize=0: no _docsize)
_SHADOWS = ("", "_data", "_idx", "_content", "_config")
# What the migration makes besides the tables of storage.orm, so that a comparison of the
# schema with the mapping, a backup's record counts and a copy leave them out
INDEX_TABLES = frozenset(fts + suffix for fts in INDEXED.values() for suffix in _SHADOWS)
PG_INDEXES = {name: f"ix_{name}_search_trgm" for name in INDEXED}
# From this many rows on, an insert of many rows indexes them in one statement at its end
# (``indexed_after``): below it, the triggers' row at a time costs less than the DDL
BULK_ROWS = 500


def is_index_object(name: str | None) -> bool:
    """A table or index of the search indexes (not a table of records)."""
    return name in INDEX_TABLES or name in PG_INDEXES.values()


# --- the migration ---------------------------------------------------------------------


def sqlite_has_trigram() -> bool:
    return sqlite3.sqlite_version_info >= SQLITE_TRIGRAM


def create(conn: Connection) -> None:
    """Add the indexes to a database of the previous revision, filled from its rows."""
    if conn.dialect.name == "sqlite":
        if not sqlite_has_trigram():
            log.warning(
                "SQLite %s has no trigram tokenizer (3.34 needed): searches read every row",
                sqlite3.sqlite_version,
            )
            return
        for name in INDEXED:
            _create_fts(conn, name)
    elif conn.dialect.name == "postgresql":
        if not _pg_trgm(conn):
            return
        for name, index in PG_INDEXES.items():
            conn.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {index} ON {name} USING gin (search_key gin_trgm_ops)"
            )


def drop(conn: Connection) -> None:
    """Remove the indexes (the extension stays: other databases may use it)."""
    if conn.dialect.name == "sqlite":
        for fts in INDEXED.values():
            for trigger in ("insert", "update", "delete"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
    elif conn.dialect.name == "postgresql":
        for index in PG_INDEXES.values():
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")


def _create_fts(conn: Connection, name: str) -> None:
    fts = INDEXED[name]
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {fts} USING fts5("
        "search_key, tokenize = 'trigram case_sensitive 1', columnsize = 0)"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {fts} (rowid, search_key) SELECT rowid, search_key FROM {name}"
    )
    _create_insert_trigger(conn, name)
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_key ON {name} BEGIN "
        f"UPDATE {fts} SET search_key = new.search_key WHERE rowid = old.rowid; END"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {name} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.rowid; END"
    )


def _create_insert_trigger(conn: Connection, name: str) -> None:
    fts = INDEXED[name]
    conn.exec_driver_sql(
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {name} BEGIN "
        f"INSERT INTO {fts} (rowid, search_key) VALUES (new.rowid, new.search_key); END"
    )


@contextmanager
def indexed_after(conn: Connection, name: str, rows: int) -> Iterator[None]:
    """Around an insert of ``rows`` new rows of the table ``name``: on SQLite, their search
    texts are indexed together when it ends, not row by row.

    FTS5 writes what it has been given to its index at the end of every statement, and
    each row of an executemany is a statement of its own: 50 000 case events took 3.5 s
    with the insert trigger, 1.2 s without it and one INSERT … SELECT after. The trigger is
    dropped meanwhile and made again, in the caller's transaction (begun here if need be,
    so that the DDL is part of it: a rollback undoes both the rows and the DDL). The rows are those with a rowid above the highest before: SQLite
    gives a new row the highest rowid plus one."""
    fts = INDEXED.get(name)
    if (
        conn.dialect.name != "sqlite"
        or fts is None
        or rows < BULK_ROWS
        or fts not in _fts_tables(conn)
    ):
        yield
        return
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        # pysqlite begins a transaction only before an INSERT, UPDATE or DELETE, and runs
        # DDL outside one on its own: the dropped trigger would stay dropped on a rollback
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    last = conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {name}").scalar()
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_insert")
    try:
        yield
    finally:
        # Also after a failed batch: the rows of the batches before it are in the table
        conn.exec_driver_sql(
            f"INSERT INTO {fts} (rowid, search_key) "
            f"SELECT rowid, search_key FROM {name} WHERE rowid > ?",
            (last,),
        )
        _create_insert_trigger(conn, name)


def _pg_trgm(conn: Connection) -> bool:
    """Create the pg_trgm extension if it is not there; False when the role may not."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        log.warning(
            "The search index was not created (%s): searches read every row. "
            "docs/admin.md: the search index",
            reason,
        )
        return False
    return True


# --- the search ------------------------------------------------------------------------

_FTS_FOUND: WeakKeyDictionary[Engine, frozenset[str]] = WeakKeyDictionary()


def _fts_tables(conn: Connection) -> frozenset[str]:
    """The FTS5 tables this SQLite database has (looked up once per engine)."""
    engine = conn.engine
    found = _FTS_FOUND.get(engine)
    if found is None:
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
            f"({', '.join(repr(n) for n in INDEXED.values())})"
        ).scalars()
        found = _FTS_FOUND[engine] = frozenset(names)
    return found


def phrase(word: str) -> str:
    """An FTS5 query for the rows whose text contains ``word`` as it is."""
    return '"' + word.replace('"', '""') + '"'


def reads_fts(conn: Connection, records: Any, words: list[str]) -> bool:
    """Whether a search for ``words`` in ``records`` reads a SQLite FTS5 table."""
    fts = INDEXED.get(records.name)
    return (
        conn.dialect.name == "sqlite"
        and fts is not None
        and any(len(w) >= TRIGRAM for w in words)
        and fts in _fts_tables(conn)
    )


def contains_all(
    conn: Connection, records: Any, words: list[str], *, indexed: bool = True
) -> list[ColumnElement[bool]]:
    """The conditions of a search for ``words`` (case-folded, without spaces) in the
    search text of the table ``records``: every row whose text contains each word.
    ``indexed`` False: by LIKE alone, row by row."""
    conditions: list[ColumnElement[bool]] = []
    fts = INDEXED.get(records.name, "")
    long = [w for w in words if len(w) >= TRIGRAM]
    if indexed and reads_fts(conn, records, words):
        index = table(fts, column("rowid"), column(fts))
        query = " AND ".join(phrase(w) for w in dict.fromkeys(long))
        matching = select(index.c.rowid).where(index.c[fts].op("MATCH")(query))
        conditions.append(literal_column(f"{records.name}.rowid").in_(matching))
        words = [w for w in words if len(w) < TRIGRAM]
    for word in words:
        conditions.append(records.c.search_key.like(f"%{like_literal(word)}%", escape="\\"))
    return conditions


def like_literal(word: str) -> str:
    """``word`` as a LIKE pattern's literal part (escaped with a backslash)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
