"""Empty Oske databases for tests: SQLite files, or databases on a PostgreSQL server.

By default every test database is a SQLite file. With ``OSKE_TEST_DATABASE_URL`` set (a
``postgresql+psycopg://`` URL with the right to create databases; ``bash
scripts/with-postgres uv run pytest`` starts a throwaway server and sets it), every
database a test opens is instead a new database on that server, and the ``path`` the
test gives only names it.

Creating a database runs every Alembic migration (~60 ms); copying one that has run them
costs far less, and ``open_database`` then finds it at head and migrates nothing. So each
test process makes one template with ``open_database`` itself (exactly what a new user
gets) and copies it: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on the server.
The tests of the migrations (upgrades, backups, refusals) start from ``empty_url`` instead.

With pytest-xdist each worker is a process of its own and makes its own template.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

from storage.database import Database, head_revision, open_database, sqlite_url
from storage.orm import metadata

SERVER_URL: str | None = os.environ.get("OSKE_TEST_DATABASE_URL") or None
ON_SERVER = SERVER_URL is not None


@dataclass(frozen=True)
class _Template:
    name: str  # the file's path on SQLite, the database's name on the server
    seeded: tuple[str, ...]  # the tables the migrations fill, whose rows have an id


# ---------------------------------------------------------------------------- the server


@cache
def _server() -> Engine:
    assert SERVER_URL is not None
    return create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


_made: list[str] = []  # the databases this process made on the server, oldest first


def made_count() -> int:
    return len(_made)


def _unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:10]}"


def _create(template: str = "template0") -> URL:
    name = _unique_name("oske_test")
    with _server().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    _made.append(name)
    return make_url(SERVER_URL).set(database=name)  # type: ignore[arg-type]


def drop_made_since(count: int) -> None:
    """Drop the databases made after the first ``count`` (a test's own, at its end)."""
    names, _made[count:] = _made[count:], []
    with _server().connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_all() -> None:
    if _made:
        drop_made_since(0)
    if ON_SERVER and _server_template.cache_info().currsize:
        with _server().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_server_template().name}"')


atexit.register(_drop_all)


def _seeded_tables(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        found = inspect(conn)
        return tuple(
            t
            for t in found.get_table_names()
            if t in metadata.tables  # not a search index's (storage/search_index.py)
            and any(c["name"] == "id" for c in found.get_columns(t))
            and conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()
        )


@cache
def _server_template() -> _Template:
    name = _unique_name("oske_template")
    with _server().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
    url = make_url(SERVER_URL).set(database=name)  # type: ignore[arg-type]
    database = open_database(url.render_as_string(hide_password=False))
    try:
        seeded = _seeded_tables(database.engine)
    finally:
        database.close()
    return _Template(name, seeded)


def _new_server_database() -> str:
    template = _server_template()
    url = _create(template.name)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for table in template.seeded:
                conn.execute(text(f'UPDATE "{table}" SET id = gen_random_uuid()::text'))
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)


# ---------------------------------------------------------------------------- SQLite files


@cache
def _file_template() -> _Template:
    """The template, made on first use by ``open_database`` as it makes a user's new file."""
    folder = Path(tempfile.mkdtemp(prefix="oske-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "template.sqlite"
    database = open_database(sqlite_url(path))
    try:
        seeded = _seeded_tables(database.engine)
    finally:
        database.close()
    # Closing the last connection checkpoints the WAL into the file and removes it: the
    # one file is the whole database.
    assert not path.with_name(path.name + "-wal").exists()
    return _Template(str(path), seeded)


def database_file(path: Path) -> Path:
    """Put an empty SQLite database at the head revision at ``path`` (a new file).

    The migrations give the default categories and reference values random IDs, so every
    new database has IDs of its own, and the tests that import from one database into
    another rely on that; a copy gets fresh ones too.
    """
    assert not path.exists(), f"{path} exists; a test database starts empty"
    template = _file_template()
    shutil.copyfile(template.name, path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        conn.create_function("uuid4", 0, lambda: str(uuid.uuid4()))
        for table in template.seeded:
            conn.execute(f'UPDATE "{table}" SET id = uuid4()')
        conn.commit()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    return path


# ---------------------------------------------------------------------------- for the tests


def new_database_url(path: Path) -> str:
    """The URL of a new empty database at the head revision: a file at ``path``, or a new
    database on the test server."""
    if ON_SERVER:
        return _new_server_database()
    return sqlite_url(database_file(path))


def new_database(path: Path) -> Database:
    """Open an empty database as if it had just been created (at ``path`` on SQLite)."""
    return open_database(new_database_url(path))


def empty_url(path: Path) -> str:
    """Where nothing exists yet, for ``open_database`` to create: a file at ``path``, or an
    empty database on the test server."""
    if ON_SERVER:
        return _create().render_as_string(hide_password=False)
    return sqlite_url(path)


def database_args(url: str) -> list[str]:
    """The command-line arguments that open the database at ``url``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return ["--db", parsed.database]
    return ["--db-url", url]


def copy_of(url: str, path: Path) -> str:
    """A copy of the (closed) database at ``url``, every committed row included: SQLite's
    online backup into ``path``, or a new database on the server made from it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source, target = sqlite3.connect(parsed.database or ""), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return sqlite_url(path)
    return _create(parsed.database or "").render_as_string(hide_password=False)
