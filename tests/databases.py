"""Empty Oske databases for tests, copied from one migrated once per test process.

Creating a database runs every Alembic migration (~60 ms); copying a file that has run them
takes well under a millisecond, and ``open_database`` then finds it at head and migrates
nothing. The template is made by ``open_database`` itself, so a copy is exactly the file a
new user gets. The tests of the migrations (upgrades, backups, refusals, the schema the
migrations build) open files of their own with ``open_database`` and do not come here.

With pytest-xdist each worker is a process of its own and makes its own template.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storage.database import Database, head_revision, open_database, sqlite_url


@dataclass(frozen=True)
class _Template:
    path: Path
    seeded: tuple[str, ...]  # the tables the migrations fill, whose rows have an id


@cache
def _template() -> _Template:
    """The template, made on first use by ``open_database`` as it makes a user's new file."""
    folder = Path(tempfile.mkdtemp(prefix="oske-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "template.sqlite"
    open_database(sqlite_url(path)).close()
    # Closing the last connection checkpoints the WAL into the file and removes it: the
    # one file is the whole database.
    assert not path.with_name(path.name + "-wal").exists()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        seeded = tuple(
            t
            for t in tables
            if any(c[1] == "id" for c in conn.execute(f'PRAGMA table_info("{t}")'))
            and conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()
        )
    finally:
        conn.close()
    return _Template(path, seeded)


def database_file(path: Path) -> Path:
    """Put an empty database at the head revision at ``path`` (a new file) and return it.

    The migrations give the default categories and reference values random IDs, so every
    new database has IDs of its own, and the tests that import from one database into
    another rely on that; a copy gets fresh ones too.
    """
    assert not path.exists(), f"{path} exists; a test database starts empty"
    template = _template()
    shutil.copyfile(template.path, path)
    conn = sqlite3.connect(path)
    try:
        conn.create_function("uuid4", 0, lambda: str(uuid.uuid4()))
        for table in template.seeded:
            conn.execute(f'UPDATE "{table}" SET id = uuid4()')
        conn.commit()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    return path


def new_database(path: Path) -> Database:
    """Open an empty database at ``path`` as if it had just been created there."""
    return open_database(sqlite_url(database_file(path)))
