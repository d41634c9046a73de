"""Opening an Oske database: checks first, then a backup, then the upgrade.

A file that is not an Oske database, or one written by a newer Oske, is refused before
anything writes to it (it is inspected through a read-only connection, so even SQLite's
journal mode stays as it was). An older file is backed up into ``backups/`` beside
itself (``storage/backups.py``), then Alembic upgrades it in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import column, create_engine, delete, event, insert, inspect, table, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from domain.about import APP_VERSION
from domain.i18n import _
from storage import backups, collation, history
from storage.location import network_drive_warning, shown_location
from storage.orm import start_mappers
from storage.urls import sqlite_url as sqlite_url  # where the callers have always found it

if TYPE_CHECKING:  # Alembic loads only when a database is to be created or upgraded
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
NEEDS_VERSION_KEY = "needs_oske_version"  # in oske_meta: the Oske that last upgraded it


class StorageError(Exception):
    """A database that cannot be opened, with a message a person can act on."""


@dataclass
class Database:
    engine: Engine
    session_factory: sessionmaker[Session]
    url: str
    backup_path: Path | None = None  # set when opening made a backup before upgrading
    migrated: bool = False  # opening created or upgraded the tables
    warnings: list[str] = field(default_factory=list)  # for the person, e.g. a network drive

    def unit_of_work(self):
        from storage.uow import UnitOfWork

        return UnitOfWork(self.session_factory)

    def snapshot(self):
        """A unit of work that only reads, all of it from one consistent state of the
        database (exports and reports; see ``storage.uow.SnapshotUnitOfWork``)."""
        from storage.uow import SnapshotUnitOfWork

        return SnapshotUnitOfWork(self.session_factory, self.engine)

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    """The migration scripts, read once per process.

    Alembic compiles every script each time a ScriptDirectory is read; the scripts do not
    change while Oske runs, so opening a database that is already current costs no reading.
    """
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@cache
def _known_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in _scripts().walk_revisions())


@cache
def head_revision() -> str:
    """The newest migration's revision, from the scripts' names (``0011_change_history.py``
    is revision 0011), without loading Alembic: a database already at the head opens
    without it. tests/integration/test_database.py holds it to Alembic's own head."""
    return max(p.name.partition("_")[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _known_revision(revision: str) -> bool:
    return revision == head_revision() or revision in _known_revisions()


def open_database(url: str, *, upgrade_to: str = "head", backup_to: Path | None = None) -> Database:
    """Open (creating or upgrading when needed) the database at a SQLAlchemy URL.

    An older database is backed up before it is upgraded: a SQLite file beside itself, a
    server database with pg_dump into ``backup_to`` (a file) or the user's backup folder.
    ``upgrade_to`` exists for tests that build a database as an older version wrote it.
    """
    start_mappers()
    history.install()  # every write of a record leaves its entry in the change history
    parsed = parse_url(url)
    url = parsed.render_as_string(hide_password=False)
    if parsed.get_backend_name() == "postgresql":
        from storage.server import open_server_engine

        engine = open_server_engine(parsed)
        try:
            migrated, backup = _migrate_server(engine, parsed, upgrade_to, backup_to)
        except BaseException:
            engine.dispose()
            raise
        factory = sessionmaker(engine, expire_on_commit=False)
        return Database(engine, factory, url, backup, migrated)
    warnings: list[str] = []
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        _check_sqlite_file(path)
        if warning := network_drive_warning(path):
            warnings.append(warning)
        engine = _sqlite_engine(url)
        try:
            migrated, backup = _migrate(engine, path, upgrade_to, backup_to)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(
                _("The database {path} cannot be opened or written: {error}").format(
                    path=path, error=getattr(exc, "orig", None) or exc
                )
            ) from exc
        except Exception:
            engine.dispose()
            raise
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
            if parsed.get_backend_name() == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            migrated, backup = _migrate(engine, None, upgrade_to, backup_to)
        except SQLAlchemyError as exc:
            raise StorageError(
                _("Cannot open the database {url}: {error}").format(
                    url=shown_location(url),
                    error=exc.args[0] if exc.args else exc,
                )
            ) from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(engine, factory, url, backup, migrated, warnings)


def parse_url(url: str) -> URL:
    """A database URL as SQLAlchemy reads it, PostgreSQL's spellings meaning psycopg 3."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise StorageError(
            _("“{url}” is not a database URL; write e.g. postgresql://user@host/oske.").format(
                url=shown_location(url)
            )
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        # SQLAlchemy would look for psycopg2; "postgres://" is what many hosts hand out.
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend, _plus, driver = parsed.drivername.partition("+")
    known = {"sqlite": ("", "pysqlite"), "postgresql": ("psycopg",)}
    if backend not in known or driver not in known[backend]:
        raise StorageError(
            _(
                "Oske does not know the database kind “{kind}”; "
                "use postgresql://… for a server or sqlite:///… for a file."
            ).format(kind=parsed.drivername)
        )
    return parsed


def _check_sqlite_file(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(
            _(
                "The folder {folder} does not exist; choose a database file in an existing folder."
            ).format(folder=folder)
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            _(
                "The folder {folder} cannot be written to; choose another place for the database."
            ).format(folder=folder)
        )
    if path.exists():
        if path.is_dir():
            raise StorageError(_("{path} is a folder, not a database file.").format(path=path))
        if not os.access(path, os.R_OK | os.W_OK):
            raise StorageError(_("The file {path} cannot be read and written.").format(path=path))
        if path.stat().st_size:
            with path.open("rb") as f:
                if f.read(16) != SQLITE_HEADER:
                    raise StorageError(
                        _("{path} is not an Oske database; the file was left untouched.").format(
                            path=path
                        )
                    )
            _check_revision_readonly(path)


def _check_revision_readonly(path: Path) -> None:
    """Refuse foreign or newer databases without writing a byte to them."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return
            if "oske_meta" not in tables or "alembic_version" not in tables:
                raise StorageError(
                    _("{path} is not an Oske database; the file was left untouched.").format(
                        path=path
                    )
                )
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            needed = conn.execute(
                "SELECT value FROM oske_meta WHERE key = ?", (NEEDS_VERSION_KEY,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            _("{path} is not an Oske database; the file was left untouched.").format(path=path)
        ) from exc
    _check_known_revision(
        revision[0] if revision else None, str(path), needed[0] if needed else None
    )


def _check_known_revision(revision: str | None, where: str, needed: str | None = None) -> None:
    if revision is not None and not _known_revision(revision):
        raise StorageError(_newer_message(where, revision, needed))


def _unicode_lower(text: object) -> object:
    return text.lower() if isinstance(text, str) else text


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite's own lower() folds only ASCII ("Ä" stays "Ä"); PostgreSQL's folds every
    # letter. Replacing it per connection makes case-insensitive matching of Finnish
    # names behave the same on both.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    collation.register_sqlite(dbapi_connection)  # Finnish order and matching
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _migrate(
    engine: Engine, path: Path | None, target: str, backup_to: Path | None = None
) -> tuple[bool, Path | None]:
    with engine.connect() as conn:
        current = _checked_revision(conn, str(path or shown_location(str(engine.url))))
    head = head_revision() if target == "head" else target
    if current == head:
        return False, None
    backup = None
    if current is not None and path is not None:
        backup = backup_sqlite(path, current, backup_to)
    if path is None:
        with engine.begin() as conn:
            _upgrade(conn, target)
        return True, backup
    upgrading = _transactional_sqlite_engine(str(engine.url))
    try:
        with upgrading.begin() as conn:
            _upgrade(conn, target)
    except SQLAlchemyError as exc:
        if backup is None:
            raise
        raise StorageError(
            _(
                "The upgrade of {path} failed and was undone; the database is as it was. "
                "Its backup is {backup}. ({error})"
            ).format(path=path, backup=backup, error=getattr(exc, "orig", None) or exc)
        ) from exc
    finally:
        upgrading.dispose()
    return True, backup


def _transactional_sqlite_engine(url: str) -> Engine:
    """An engine of its own for an upgrade, whose transactions are SQLite's own.

    pysqlite begins a transaction only before an INSERT, UPDATE or DELETE and commits
    before other statements, so a batch migration's CREATE, copy, DROP and RENAME would
    each commit alone and a kill between them leave a half-upgraded file. Here the driver
    leaves transactions alone and BEGIN is sent when SQLAlchemy begins one (SQLAlchemy's
    documented pysqlite recipe): the whole upgrade commits at once, or not at all.
    """
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, poolclass=NullPool
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, connection_record) -> None:
        _sqlite_pragmas(dbapi_connection, connection_record)
        dbapi_connection.isolation_level = None  # the driver sends no BEGIN or COMMIT

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock from the start

    return engine


def _checked_revision(conn: Connection, where: str) -> str | None:
    """The database's schema revision; refused when it is not Oske's or is newer."""
    tables = set(inspect(conn).get_table_names())
    current = (
        conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "alembic_version" in tables
        else None
    )
    if current is None and tables - {"alembic_version"}:
        raise StorageError(
            _("{where} is not an Oske database; it was left untouched.").format(where=where)
        )
    if current is not None and not _known_revision(current):
        raise StorageError(_newer_message(where, current, _needed_version(conn)))
    return current


def _upgrade(conn: Connection, target: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)
    if target == "head":
        # An older Oske that meets this database reads which version it needs from here.
        meta = table("oske_meta", column("key"), column("value"))
        conn.execute(delete(meta).where(meta.c.key == NEEDS_VERSION_KEY))
        conn.execute(insert(meta).values(key=NEEDS_VERSION_KEY, value=APP_VERSION))
    # The note of the backup this upgrade was taken with goes with the upgrade's commit.
    meta = table("oske_meta", column("key"), column("value"))
    conn.execute(delete(meta).where(meta.c.key == backups.UPGRADE_MARK))


def _needed_version(conn: Connection) -> str | None:
    try:
        return conn.execute(
            text("SELECT value FROM oske_meta WHERE key = :key"), {"key": NEEDS_VERSION_KEY}
        ).scalar()
    except SQLAlchemyError:
        return None


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def _newer_message(where: str, revision: str, needed: str | None) -> str:
    if needed and _version(needed) > _version(APP_VERSION):
        return _(
            "{where} was written by Oske {version} (schema {revision}); this is Oske "
            "{ours}. Update Oske to {version} or newer to open it. Nothing was changed."
        ).format(where=where, version=needed, revision=revision, ours=APP_VERSION)
    return _(
        "{where} was written by a newer version of Oske (schema {revision}); "
        "update Oske to open it. The file was left untouched."
    ).format(where=where, revision=revision)


def _migrate_server(
    engine: Engine, url: URL, target: str, backup_to: Path | None
) -> tuple[bool, Path | None]:
    """Check, back up and upgrade a server database while holding Oske's migration lock.

    Workstations that start at once wait for one another here: the first creates or
    upgrades, the others then find the database current.
    """
    from storage.server import backup_server, migration_lock, server_error, where

    place = where(url)
    try:
        with engine.connect() as conn, migration_lock(conn, url):
            current = _checked_revision(conn, place)
            conn.commit()
            head = head_revision() if target == "head" else target
            if current == head:
                return False, None
            backup = None
            if current is not None:
                backup = backup_server(url, current, backup_to)
            with conn.begin():
                _upgrade(conn, target)
            return True, backup
    except SQLAlchemyError as exc:
        raise StorageError(server_error(exc, url)) from exc


def backup_sqlite(path: Path, revision: str, backup_to: Path | None = None) -> Path:
    """The verified online backup of a SQLite file about to be upgraded from
    ``revision`` (into ``backups/`` beside it unless told where): one per old version,
    however often an interrupted upgrade is tried again."""
    try:
        return backups.upgrade_backup(path, revision, backup_to)
    except backups.BackupError as exc:
        raise StorageError(
            _("{problem} The database was not upgraded and is as it was.").format(problem=exc)
        ) from exc
