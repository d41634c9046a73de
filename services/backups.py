"""Backups and restores of the open database: the window's and the commands' use cases.

A database file is backed up by SQLite's online backup into ``backups/`` beside it: on
the first start of each day, before every import and restore, and when asked. A server
database is dumped with pg_dump (when PostgreSQL's client tools are installed) into the
user's backup folder, only when asked; its nightly backups are the administrator's
(docs/admin.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from domain.formats import format_date, format_number
from domain.i18n import N_, _
from storage import backups
from storage.backups import Backup, BackupError
from storage.database import Database, StorageError, head_revision, parse_url

__all__ = ["Backup", "BackupError", "BackupInfo"]


@dataclass(frozen=True)
class BackupInfo:
    """A backup as the list shows it."""

    backup: Backup
    records: int | None  # None: the counts cannot be read (a dump, or a damaged file)
    damaged: bool = False

    @property
    def path(self) -> Path:
        return self.backup.path

    @property
    def taken(self) -> datetime:
        return self.backup.taken


def database_file(db: Database) -> Path | None:
    """The SQLite file of the database, or None for a server (or an in-memory one)."""
    parsed = parse_url(db.url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def on_server(db: Database) -> bool:
    return parse_url(db.url).get_backend_name() == "postgresql"


def can_back_up(db: Database) -> bool:
    """Whether this workstation can back up the database: a file always, a server with
    pg_dump and pg_restore installed."""
    if database_file(db) is not None:
        return True
    return on_server(db) and backups.pg_restore_program() is not None


def backups_folder(db: Database) -> Path | None:
    """Where the database's backups go: ``backups/`` beside a file, the user's own folder
    for a server's pg_dump files; None for a database that has none (in memory)."""
    path = database_file(db)
    if path is not None:
        return backups.folder_of(path)
    if on_server(db):
        from storage.server import default_backup_folder

        return default_backup_folder()
    return None


def backup_list(db: Database) -> list[Backup]:
    """The database's backups, newest first."""
    path = database_file(db)
    if path is not None:
        return backups.backups_of(path)
    if on_server(db):
        return backups.server_backups(parse_url(db.url))
    return []


def described(backup: Backup, *, checked: bool = False) -> BackupInfo:
    """The backup with its number of records, read from it (a file's backup); with
    ``checked`` after SQLite's quick check of the whole file."""
    if backup.path.suffix != backups.SUFFIX:
        return BackupInfo(backup, None)
    try:
        counts = backups.verify(backup.path) if checked else backups.read_counts(backup.path)
    except BackupError:
        return BackupInfo(backup, None, damaged=True)
    return BackupInfo(backup, backups.record_counts(counts))


def backup_counts(backup: Backup) -> dict[str, int]:
    """The rows of every table of a file's backup; BackupError when it is damaged."""
    return backups.verify(backup.path)


def back_up_now(db: Database, kind: str = "manual") -> Backup:
    """A backup made now; BackupError when it cannot be made."""
    path = database_file(db)
    if path is not None:
        return backups.take(path, kind)
    if on_server(db) and backups.pg_restore_program() is not None:
        return backups.dump_server(parse_url(db.url), kind)
    raise BackupError(
        _(
            "Oske cannot back up this database from here: PostgreSQL's client tools "
            "(pg_dump, pg_restore) are not installed. See docs/admin.md."
        )
    )


def daily_backup(db: Database, today: date | None = None) -> Backup | None:
    """At start: a database file's first backup of the day, unless one was taken today."""
    path = database_file(db)
    today = today or date.today()
    if path is None or backups.taken_on(path, today):
        return None
    return backups.take(path, "daily")


def before_import(db: Database) -> Backup | None:
    """A database file's backup before an import changes it."""
    path = database_file(db)
    return backups.take(path, "import") if path is not None else None


def find_backup(db: Database, file: Path | str) -> Backup:
    """The backup ``file`` (a path, or a name in the backups folder)."""
    wanted = Path(file)
    for backup in backup_list(db):
        same_name = wanted.parent == Path() and backup.path.name == wanted.name
        if same_name or (wanted.exists() and backup.path.resolve() == wanted.resolve()):
            return backup
    if wanted.is_file():  # a backup kept elsewhere, e.g. copied back from a USB stick
        return Backup(wanted.resolve(), datetime.now(), "manual", None, wanted.stat().st_size)
    raise BackupError(_("There is no backup {file}.").format(file=file))


def restore(db: Database, backup: Backup) -> tuple[Backup, dict[str, int]]:
    """Replace the database's data with the backup's; first the current data is backed
    up. Returns that new backup and the restored counts; the change history gets one
    entry. BackupError when it cannot be done (and then nothing was replaced)."""
    path = database_file(db)
    if path is not None:
        backups.verify(backup.path)  # a damaged backup is refused before anything else
        current = backups.take(path, "restore", rotating=False)
        try:
            counts = backups.restore_file(path, backup.path, head=head_revision(), upgrade=_upgrade)
        finally:
            backups.rotate(path, date.today())
    elif on_server(db):
        url = parse_url(db.url)
        current = back_up_now(db, "restore")
        backups.restore_server(url, backup.path)
        counts = backups.table_counts(db.engine)
    else:
        raise BackupError(_("This database cannot be restored from a backup."))
    backups.record_restore(db.engine, backup.path.name, counts)
    return current, counts


def _upgrade(path: Path) -> None:
    """Upgrade a private copy of an older backup before it is restored."""
    from storage.database import open_database, sqlite_url

    try:
        open_database(sqlite_url(path), backup_to=path.with_name("before-upgrade.sqlite")).close()
    except StorageError as exc:
        raise BackupError(str(exc)) from exc


def record_total(counts: dict[str, int]) -> int:
    return backups.record_counts(counts)


KIND_LABELS = {
    "daily": N_("daily"),
    "import": N_("before an import"),
    "manual": N_("made by hand"),
    "restore": N_("before a restore"),
    "upgrade": N_("before an upgrade"),
}


def kind_label(backup: Backup) -> str:
    return _(KIND_LABELS.get(backup.kind, backup.kind))


def shown_time(backup: Backup) -> str:
    return f"{format_date(backup.taken.date())} {backup.taken:%H.%M.%S}"


def shown_size(size: int) -> str:
    """Bytes as a person reads them: ``840 kt``, ``21,4 Mt`` (kB, MB in English)."""
    if size < 1_000_000:
        return _("{n} kB").format(n=format_number(max(1, round(size / 1000))))
    return _("{n} MB").format(n=format_number(Decimal(size) / 1_000_000, 1))
