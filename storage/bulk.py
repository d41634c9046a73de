"""Many rows into one table at once, in the form each database takes them fastest.

The rows are tuples of values already converted for the driver (the column types' bind
processors applied). SQLite takes them as one ``executemany``; PostgreSQL by ``COPY …
FROM STDIN``, which sends them as one stream instead of a statement each (an import of
50 000 case events and 25 000 transactions on the server: 19.2 s → 16.4 s).
Either way the rows are written in the caller's transaction, on its connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def insert_tuples(
    connection: Connection, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows``, each the values of the columns ``names`` in that order."""
    if not rows:
        return
    columns = ", ".join(names)
    if connection.dialect.name == "postgresql":
        _copy(connection, f"COPY {table} ({columns}) FROM STDIN", rows)
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join([mark] * len(names))})"
    connection.exec_driver_sql(sql, [tuple(row) for row in rows])


def _copy(connection: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """``COPY … FROM STDIN`` on the connection's psycopg connection. A failure is raised as
    SQLAlchemy raises the driver's errors (an ``IntegrityError`` for a record deleted
    meanwhile, a lost server marked as such), so that the unit of work tells the user
    what it tells them of any other statement."""
    dialect = connection.dialect
    raw = connection.connection.dbapi_connection
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(
            sql,
            None,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=dialect.is_disconnect(error, raw, cursor),
            dialect=dialect,
        ) from error
    finally:
        cursor.close()
