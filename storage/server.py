"""A PostgreSQL server shared by the office's workstations: connecting, the migration
lock, backups with pg_dump, and what to tell a person when the server says no.

The password never reaches a message, a log or another process's command line: messages
show ``user@host:port/database``, and pg_dump gets the password in its environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from domain.about import APP_NAME
from domain.i18n import _
from storage.location import shown_location

OLDEST_SERVER = 13  # ICU collations, DROP DATABASE … WITH (FORCE), gen_random_uuid()
CONNECT_TIMEOUT_S = 10
# Any constant will do, as long as every Oske uses the same one: "Oske" in ASCII.
MIGRATION_LOCK = 0x4F736B65
# The planner's price of reading a page out of order, against 1 for the next page in turn,
# in Oske's own sessions when the server keeps PostgreSQL's default of 4 (set for rotating
# disks). An office's database is a few hundred megabytes, read from the server's memory
# or an SSD: at 4, a search of the case log for a common word in one year rechecked every
# row holding the word (62 000 of 200 000, ~100 ms) instead of combining the word's index
# with the date's (~45 ms). An administrator's own setting is left as it is.
RANDOM_PAGE_COST = "1.1"
PG_DUMP_ENV = "OSKE_PG_DUMP"  # where pg_dump is, when it is not on PATH


class ServerError(Exception):
    """Raised inside this module; storage.database turns it into a StorageError."""


def where(url: URL) -> str:
    """``user@host:port/database`` (or the libpq service), for messages."""
    return shown_location(url.render_as_string(hide_password=True))


def open_server_engine(url: URL) -> Engine:
    from storage.database import StorageError

    try:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": APP_NAME},
        )
    except SQLAlchemyError as exc:  # e.g. a URL option psycopg does not know
        raise StorageError(server_error(exc, url)) from exc
    event.listen(engine, "connect", _planner_costs)
    return engine


def _planner_costs(dbapi_connection, connection_record) -> None:
    """``RANDOM_PAGE_COST`` for this session, unless the server's administrator set one
    (for the server, the database or the role): one statement as the connection opens."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('random_page_cost', %s, false) FROM pg_settings"
            " WHERE name = 'random_page_cost' AND source = 'default'",
            (RANDOM_PAGE_COST,),
        )
    dbapi_connection.commit()  # a setting made in a transaction rolled back is undone


def server_error(exc: SQLAlchemyError, url: URL) -> str:
    """One line a person can act on, for whatever the server or the driver said."""
    said = str(getattr(exc, "orig", None) or exc)
    if url.password:
        said = said.replace(str(url.password), "***")
    lowered = said.lower()
    place = where(url)
    host = url.host or dict(url.query).get("host") or "localhost"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return _(
            "The server at {where} refused the user name or password. Check them (the "
            "password comes from ~/.pgpass, PGPASSWORD or the URL); nothing was changed."
        ).format(where=place)
    if "does not exist" in lowered and "database" in lowered and "role" not in lowered:
        return _(
            "There is no database “{database}” on the server {host}. Ask the administrator "
            "to create it (docs/admin.md); nothing was changed."
        ).format(database=url.database, host=host)
    if "role" in lowered and "does not exist" in lowered:
        return _("The server at {where} has no user “{user}”; nothing was changed.").format(
            where=place, user=url.username
        )
    if "permission denied" in lowered or "must be owner" in lowered:
        return _(
            "The user {user} lacks the rights Oske needs in {where}: the user must own the "
            "database to create or upgrade its tables, and be allowed to connect and write "
            "(docs/admin.md). Nothing was changed."
        ).format(user=url.username or "?", where=place)
    if "no pg_hba.conf entry" in lowered:
        return _(
            "The server at {where} does not accept connections from this workstation "
            "(pg_hba.conf; docs/admin.md). Nothing was changed."
        ).format(where=place)
    unreachable = (
        "connection refused",
        "could not connect",
        "timeout expired",
        "failed to resolve host",
        "could not translate host name",
        "no route to host",
        "network is unreachable",
        "server closed the connection",
        "no such file or directory",  # a Unix socket that is not there
    )
    if any(fragment in lowered for fragment in unreachable):
        return _(
            "The database server at {where} cannot be reached: is it running, and are the "
            "host and port right? Nothing was changed."
        ).format(where=place)
    if isinstance(exc, DBAPIError) or "connection" in lowered:
        first = said.strip().splitlines()[0] if said.strip() else type(exc).__name__
        return _("Cannot open the database {where}: {error}").format(where=place, error=first)
    return _("Cannot open the database {where}: {error}").format(
        where=place, error=type(exc).__name__
    )


def check_server_version(conn: Connection, url: URL) -> None:
    version = conn.dialect.server_version_info or (0,)
    if int(version[0]) < OLDEST_SERVER:
        raise ServerError(
            _(
                "The server at {where} runs PostgreSQL {version}; Oske needs PostgreSQL "
                "{oldest} or newer. Nothing was changed."
            ).format(
                where=where(url),
                version=".".join(str(part) for part in version),
                oldest=OLDEST_SERVER,
            )
        )


@contextmanager
def migration_lock(conn: Connection, url: URL) -> Iterator[None]:
    """Hold the server-wide migration lock: workstations starting together wait here.

    A session-level advisory lock, so it lasts across the transactions of one upgrade
    and ends with the connection even if this process dies.
    """
    from storage.database import StorageError

    try:
        check_server_version(conn, url)
    except ServerError as exc:
        raise StorageError(str(exc)) from exc
    conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
    conn.commit()
    try:
        yield
    finally:
        if conn.in_transaction():
            conn.rollback()
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        conn.commit()


# ---------------------------------------------------------------------------- backups


def pg_dump_program() -> str | None:
    named = os.environ.get(PG_DUMP_ENV)
    if named is not None:
        return named if Path(named).is_file() and os.access(named, os.X_OK) else None
    return shutil.which("pg_dump")


def default_backup_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "backups"


def libpq_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    """pg_dump's connection options for a URL, and the environment that carries the
    password (never the command line, which every user of the machine can read)."""
    args: list[str] = []
    env: dict[str, str] = {}
    query = {k: (v if isinstance(v, str) else v[-1]) for k, v in url.query.items()}
    host = url.host or query.pop("host", None)
    if host:
        args += ["--host", host]
    port = url.port or query.pop("port", None)
    if port:
        args += ["--port", str(port)]
    if url.username:
        args += ["--username", url.username]
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = [f"dbname={_quoted(url.database)}"] if url.database else []
    conninfo += [f"{key}={_quoted(value)}" for key, value in sorted(query.items())]
    if conninfo:
        args += ["--dbname", " ".join(conninfo)]
    return args, env


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def backup_server(url: URL, revision: str, backup_to: Path | None) -> Path:
    """Dump the database with pg_dump (custom format) before it is upgraded.

    Without pg_dump the upgrade is refused, and the message says how to do it by hand.
    """
    from storage.database import StorageError

    program = pg_dump_program()
    if program is None:
        raise StorageError(
            _(
                "The database {where} must be upgraded for this version of Oske, but pg_dump "
                "(PostgreSQL's backup tool) was not found to back it up first. Install "
                "PostgreSQL's client tools, or have the administrator run "
                "“main.py upgrade --backup-to FILE” where they are. Nothing was changed."
            ).format(where=where(url))
        )
    if backup_to is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = default_backup_folder()
        target = folder / f"{url.database or 'oske'}-{stamp}-schema{revision}.dump"
    else:
        target = backup_to
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            _("The backup cannot be written to {path}: {error}; nothing was changed.").format(
                path=target, error=exc.strerror or exc
            )
        ) from exc
    args, env = libpq_arguments(url)
    command = [program, "--format=custom", "--no-password", f"--file={target}", *args]
    reason = run_client_tool(command, env, url)
    if reason is not None:
        target.unlink(missing_ok=True)
        raise StorageError(
            _("pg_dump could not back up {where}: {error}; nothing was changed.").format(
                where=where(url), error=reason
            )
        )
    return target


def run_client_tool(command: list[str], env: dict[str, str], url: URL) -> str | None:
    """Run pg_dump or pg_restore (the password only in ``env``, never in argv); None when
    it succeeded, else why not in one line, the password masked."""
    try:
        done = subprocess.run(
            command,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    said = (done.stderr or "").strip().splitlines()
    reason = said[-1] if said else str(done.returncode)
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return reason
