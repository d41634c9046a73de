"""Backups of a database: SQLite's online backup into ``backups/`` beside the file, or
pg_dump / pg_restore for a server database.

A file's backups are named ``<stem>-<yyyymmdd>-<hhmmss>-<kind>.sqlite``; the kind says why
it was taken (``daily``, ``import``, ``manual``, ``restore``, or ``schema<revision>``
before an upgrade). Every backup is written under a hidden partial name, given the
database file's permissions before a byte of data goes in, verified (``PRAGMA
quick_check`` and the row count of every table against the database's own, read in the
same snapshot) and only then renamed into place; a backup that fails leaves nothing
behind. The backups are rotated: every backup of the current day stays, and of the days before,
the newest of each of the last 7 days, 4 weeks and 12 months. Upgrade backups are never
rotated away.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from domain.i18n import _
from storage import collation
from storage.search_index import is_index_object

FOLDER = "backups"
SUFFIX = ".sqlite"
DUMP_SUFFIX = ".dump"
PARTIAL = ".partial-"  # the prefix of a backup being written
KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 4, 12
ROTATED_KINDS = ("daily", "import", "manual", "restore")
BOOKKEEPING = ("alembic_version", "oske_meta", "history")  # not records a person keeps
UPGRADE_MARK = "upgrade_backup"  # in oske_meta: the backup taken before a pending upgrade
BUSY_TIMEOUT_S = 5.0
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>daily|import|manual|restore|schema\w+)"
    r"(?P<suffix>\.sqlite|\.dump)$"
)


class BackupError(Exception):
    """A backup that could not be made, read or restored, in words a person can act on."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    kind: str  # daily, import, manual, restore or upgrade
    revision: str | None  # the schema of an upgrade backup
    size: int

    @property
    def rotated(self) -> bool:
        return self.kind in ROTATED_KINDS


# ------------------------------------------------------------------ a file's backups


def folder_of(database: Path) -> Path:
    return database.parent / FOLDER


def _parse(path: Path, stem: str) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    try:
        taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    kind = match["kind"]
    revision = kind.removeprefix("schema") if kind.startswith("schema") else None
    return Backup(path, taken, "upgrade" if revision else kind, revision, size)


def backups_in(folder: Path, stem: str) -> list[Backup]:
    """The backups of the database named ``stem`` in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = (_parse(path, stem) for path in folder.iterdir() if path.is_file())
    return sorted((b for b in found if b is not None), key=_newest, reverse=True)


def _newest(backup: Backup) -> tuple[datetime, int]:
    """When it was taken; backups of the same second in the order they were written."""
    try:
        written = backup.path.stat().st_mtime_ns
    except OSError:
        written = 0
    return backup.taken, written


def backups_of(database: Path) -> list[Backup]:
    return backups_in(folder_of(database), database.stem)


def taken_on(database: Path, day: date) -> bool:
    """Whether any backup of the file was taken on ``day``."""
    return any(b.taken.date() == day for b in backups_of(database))


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    # Indexes may be ordered by Oske's collations; quick_check needs to know them.
    conn.create_function(
        "lower", 1, lambda t: t.lower() if isinstance(t, str) else t, deterministic=True
    )
    collation.register_sqlite(conn)
    return conn


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in names
        if not is_index_object(name)  # the search index's: no records of their own
    }


def record_counts(counts: dict[str, int]) -> int:
    """The records of a backup's counts: every table's rows but the bookkeeping's."""
    return sum(n for table, n in counts.items() if table not in BOOKKEEPING)


def verify(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """The row count of every table of the backup at ``path``, after ``PRAGMA
    quick_check``; BackupError when the file is damaged or its counts differ."""
    damaged = _("The backup {path} is damaged and cannot be used.").format(path=path)
    try:
        conn = _connect(path, readonly=True)
        try:
            said = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if said != ["ok"]:
                raise BackupError(damaged)
            counts = _counts(conn)
            if "alembic_version" not in counts:
                raise BackupError(
                    _("{path} is not a backup of an Oske database.").format(path=path)
                )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(damaged) from exc
    if expected is not None and counts != expected:
        raise BackupError(damaged)
    return counts


def read_counts(path: Path) -> dict[str, int]:
    """The row count of every table of a backup, without the full check (for a list)."""
    try:
        conn = _connect(path, readonly=True)
        try:
            counts = _counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("The backup {path} is damaged and cannot be used.").format(path=path)
        ) from exc
    if "alembic_version" not in counts:
        raise BackupError(_("{path} is not a backup of an Oske database.").format(path=path))
    return counts


def revision_of(path: Path) -> str | None:
    conn = _connect(path, readonly=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def _private_mode(database: Path) -> int:
    return stat.S_IMODE(database.stat().st_mode)


def _make_folder(database: Path) -> Path:
    folder = folder_of(database)
    mode = _private_mode(database)
    # The folder opens to whom the file opens: a read bit brings its search bit along.
    folder_mode = mode | ((mode & 0o444) >> 2)
    folder.mkdir(mode=folder_mode, exist_ok=True)
    return folder


def _sweep_partials(folder: Path) -> None:
    """Remove what killed or failed backups left (a partial file and its journal)."""
    for leftover in folder.glob(f"{PARTIAL}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _target_name(database: Path, kind: str, now: datetime) -> str:
    return f"{database.stem}-{now:%Y%m%d-%H%M%S}-{kind}{SUFFIX}"


def write_backup(database: Path, target: Path) -> dict[str, int]:
    """Copy the live file into ``target`` with SQLite's online backup, verify it, and give
    it the database's permissions; returns its counts. Nothing is left at ``target`` (nor
    a partial file beside it) when it fails."""
    partial = target.with_name(f"{PARTIAL}{target.name}")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, _private_mode(database))
        os.close(fd)
        os.chmod(partial, _private_mode(database))  # the umask must not widen it either
        source = _connect(database)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.execute("BEGIN")  # one snapshot for the counts and the copy
                counts = _counts(source)
                source.backup(dest)
                source.rollback()
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        verify(partial, counts)
        os.replace(partial, target)
    except BaseException as exc:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, sqlite3.Error | OSError):
            raise BackupError(_backup_failed(target, exc)) from exc
        raise
    return counts


def _backup_failed(target: Path, exc: BaseException) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("The backup could not be written to {path}: {error}").format(path=target, error=reason)


def take(
    database: Path, kind: str, *, now: datetime | None = None, rotating: bool = True
) -> Backup:
    """A verified online backup of the file into its backups folder, then (unless told
    not to) the rotation."""
    now = now or datetime.now()
    try:
        folder = _make_folder(database)
    except OSError as exc:
        raise BackupError(_backup_failed(folder_of(database), exc)) from exc
    _sweep_partials(folder)
    target = folder / _target_name(database, kind, now)
    write_backup(database, target)
    if rotating:
        rotate(database, now.date())
    made = _parse(target, database.stem)
    assert made is not None
    return made


def rotate(database: Path, today: date) -> list[Path]:
    """Keep every backup of ``today`` and the newest of each of the last 7 days, 4 weeks
    and 12 months that have one; remove the others (upgrade backups stay). Returns what
    was removed."""
    rotated = [b for b in backups_of(database) if b.rotated and b.taken.date() <= today]
    kept = {b.path for b in rotated if b.taken.date() == today}
    periods: Iterable[tuple[Callable[[date], object], int]] = (
        (lambda d: d, KEEP_DAYS),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKS),
        (lambda d: (d.year, d.month), KEEP_MONTHS),
    )
    for period, keep in periods:
        seen: list[object] = []
        for backup in rotated:  # newest first: the first of each period is its newest
            key = period(backup.taken.date())
            if key in seen:
                continue
            if len(seen) == keep:
                break
            seen.append(key)
            kept.add(backup.path)
    removed = []
    for backup in rotated:
        if backup.path not in kept:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


# ------------------------------------------------------------------ before an upgrade


def _marked_backup(database: Path, folder: Path, revision: str) -> Path | None:
    """The backup an interrupted upgrade of this file already took, if it is whole."""
    conn = _connect(database, readonly=True)
    try:
        row = conn.execute("SELECT value FROM oske_meta WHERE key = ?", (UPGRADE_MARK,)).fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        conn.close()
    if not row or "/" in row[0] or "\\" in row[0]:
        return None
    candidate = folder / row[0]
    found = _parse(candidate, database.stem) if candidate.is_file() else None
    if found is None or found.revision != revision:
        return None
    try:
        verify(candidate)
    except BackupError:
        return None
    return candidate


def _mark(database: Path, name: str | None) -> None:
    conn = _connect(database)
    try:
        with conn:
            conn.execute("DELETE FROM oske_meta WHERE key = ?", (UPGRADE_MARK,))
            if name is not None:
                conn.execute(
                    "INSERT INTO oske_meta (key, value) VALUES (?, ?)", (UPGRADE_MARK, name)
                )
    finally:
        conn.close()


def upgrade_backup(database: Path, revision: str, backup_to: Path | None = None) -> Path:
    """The backup of a file about to be upgraded from ``revision``: one per old version.

    The database notes the backup's name (in ``oske_meta``, a row the upgrade removes in
    its own transaction), so an upgrade that was interrupted and is tried again finds its
    backup, whole and verified, instead of taking another.
    """
    if backup_to is not None:
        write_backup(database, backup_to)
        return backup_to
    try:
        folder = _make_folder(database)
    except OSError as exc:
        raise BackupError(_backup_failed(folder_of(database), exc)) from exc
    _sweep_partials(folder)
    if (earlier := _marked_backup(database, folder, revision)) is not None:
        return earlier
    target = folder / _target_name(database, f"schema{revision}", datetime.now())
    _mark(database, target.name)  # noted first, so the backup carries the note too
    try:
        write_backup(database, target)
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            _mark(database, None)
        raise
    return target


# ------------------------------------------------------------------ restoring a file


def restore_file(
    database: Path,
    backup: Path,
    *,
    head: str,
    upgrade: Callable[[Path], None],
) -> dict[str, int]:
    """Copy a verified backup over the live file with SQLite's online backup (other
    connections see it at their next read). A backup of an older schema is first
    upgraded in a private copy by ``upgrade``. Returns the backup's counts."""
    counts = verify(backup)
    source = backup
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".oske-restore-") as work:
        if revision_of(backup) != head:
            source = Path(work) / f"restore{SUFFIX}"
            write_backup(backup, source)
            upgrade(source)
        src = _connect(source, readonly=True)
        try:
            dst = _connect(database)
            try:
                src.backup(dst)
            finally:
                dst.close()
        except sqlite3.Error as exc:
            raise BackupError(
                _("The backup {path} could not be restored: {error}").format(path=backup, error=exc)
            ) from exc
        finally:
            src.close()
    return counts


def record_restore(engine: Engine, source: str, counts: dict[str, int]) -> None:
    """The history's entry for a restore, announced to the other workstations."""
    from storage.changes import CHANNEL
    from storage.history import record_restore as recorded

    kept = [(t, n) for t, n in counts.items() if t not in BOOKKEEPING]
    with engine.begin() as conn:
        recorded(conn, source, kept)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


# ------------------------------------------------------------------ a server database


def table_counts(engine: Engine) -> dict[str, int]:
    """The row count of every table of a server database."""
    from sqlalchemy import func, inspect, select, table

    with engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names())
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def server_backups(url: URL) -> list[Backup]:
    from storage.server import default_backup_folder

    return [
        b
        for b in backups_in(default_backup_folder(), url.database or "oske")
        if b.path.suffix == DUMP_SUFFIX
    ]


def pg_restore_program() -> str | None:
    from storage.server import pg_dump_program

    dump = pg_dump_program()
    if dump is None:
        return None
    beside = Path(dump).with_name("pg_restore" + Path(dump).suffix)
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def dump_server(url: URL, kind: str) -> Backup:
    """pg_dump (custom format) into the user's backup folder."""
    from storage.database import StorageError
    from storage.server import backup_server, default_backup_folder

    now = datetime.now()
    target = default_backup_folder() / f"{url.database or 'oske'}-{now:%Y%m%d-%H%M%S}-{kind}"
    target = target.with_suffix(DUMP_SUFFIX)
    try:
        backup_server(url, kind, target)
    except StorageError as exc:
        raise BackupError(str(exc)) from exc
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)
    made = _parse(target, url.database or "oske")
    assert made is not None
    return made


def restore_server(url: URL, dump: Path) -> None:
    """pg_restore the dump over the database, all or nothing (one transaction)."""
    from storage.server import libpq_arguments, run_client_tool, where

    program = pg_restore_program()
    if program is None:
        raise BackupError(
            _("pg_restore (PostgreSQL's restore tool) was not found; see docs/admin.md.")
        )
    args, env = libpq_arguments(url)
    command = [
        program,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        *args,
        str(dump),
    ]
    reason = run_client_tool(command, env, url)
    if reason is not None:
        raise BackupError(
            _("pg_restore could not restore {where}: {error}; nothing was changed.").format(
                where=where(url), error=reason
            )
        )
