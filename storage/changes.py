"""Noticing that another connection changed the database: the open window's live view.

Every commit that wrote something announces it, and a ``ChangeWatcher`` on its own
connection tells whether anything was committed since it was last asked:

- **PostgreSQL**: the commit sends ``NOTIFY oske_changes`` inside its transaction, so the
  server delivers it only if the commit succeeds; a transaction that only read (it was never
  given a transaction ID) sends nothing. The watcher ``LISTEN``s and reads what has arrived
  on its socket without waiting.
- **SQLite**: nothing is sent; ``PRAGMA data_version`` on the watcher's connection changes
  whenever any other connection (another workstation, or this one's own) has committed.

Either way the watcher's own question costs no round trip that could keep the window
waiting. A watcher whose connection was lost (the server restarted, the network went)
says nothing changed, tries again in the background every ``retry_seconds``, and once
connected again says that something changed, as it cannot know what happened meanwhile.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage.database import Database

CHANNEL = "oske_changes"
# One statement, sent before each commit: it notifies only when the transaction wrote (a
# transaction gets an ID with its first write), and the notification leaves only with the
# commit.
_ANNOUNCE = text(
    f"SELECT pg_notify('{CHANNEL}', '') WHERE pg_current_xact_id_if_assigned() IS NOT NULL"
)


def announce_changes(session: Session) -> None:
    """Before a commit: tell the other workstations' watchers if this transaction wrote.

    Called by ``UnitOfWork.commit`` after its flush. Only PostgreSQL needs it; SQLite's
    watchers see every commit in ``PRAGMA data_version``.
    """
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.execute(_ANNOUNCE)


@dataclass
class _Connection:
    pooled: Any  # the pool's connection, detached from it: closing it closes it
    driver: Any  # the driver's connection in it (psycopg's or sqlite3's)
    version: int | None = None  # SQLite: data_version when last asked

    def close(self) -> None:
        # A broken connection may fail to close; there is nothing left to close then.
        with contextlib.suppress(Exception):
            self.pooled.close()


class ChangeWatcher:
    """Whether the database changed since last asked, on a connection of its own.

    ``changed()`` is cheap and never waits for the server, so a window may ask it on a
    timer; ``connected`` says whether it can currently tell. ``close()`` when done.
    """

    retry_seconds = 10.0  # how long a lost connection rests before the next attempt

    def __init__(self, db: Database) -> None:
        self._engine: Engine = db.engine
        self._postgres = self._engine.dialect.name == "postgresql"
        self._errors: tuple[type[BaseException], ...] = (
            SQLAlchemyError,
            self._engine.dialect.loaded_dbapi.Error,
            OSError,
        )
        self._lock = threading.Lock()
        self._closed = False
        self._conn: _Connection | None = None
        self._reconnecting: threading.Thread | None = None
        self._fresh: _Connection | None = None  # what a reconnection made
        self._retry_at = 0.0
        try:
            self._conn = self._connect()
        except self._errors:
            self._lost()

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def changed(self) -> bool:
        """True when a change was committed since the last call (or the first one)."""
        if self._closed:
            return False
        if self._conn is None:
            return self._take_reconnection()
        try:
            return self._poll(self._conn)
        except self._errors:
            self._close_connection()
            self._lost()
            return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            fresh, self._fresh = self._fresh, None
        if fresh is not None:
            fresh.close()
        self._close_connection()

    # --- the connection -------------------------------------------------------------
    def _connect(self) -> _Connection:
        """A connection of the engine's own making (its connect arguments and settings),
        taken out of the pool for good."""
        pooled = self._engine.raw_connection()
        conn = _Connection(pooled, pooled.driver_connection)
        pooled.detach()
        try:
            if self._postgres:
                conn.driver.rollback()  # whatever the pool's check began
                conn.driver.autocommit = True
                conn.driver.execute(f"LISTEN {CHANNEL}")
            else:
                conn.version = _data_version(conn.driver)
        except BaseException:
            conn.close()
            raise
        return conn

    def _poll(self, conn: _Connection) -> bool:
        if self._postgres:
            # All that has arrived, not just the first: each is told once.
            return bool(list(conn.driver.notifies(timeout=0)))
        version = _data_version(conn.driver)
        seen, conn.version = conn.version, version
        return version != seen

    def _lost(self) -> None:
        self._retry_at = time.monotonic() + self.retry_seconds

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _take_reconnection(self) -> bool:
        """Start a reconnection in the background when it is time; adopt it once made.

        A server out of reach may keep a connection attempt waiting for long: the window
        that asks must not wait with it."""
        thread = self._reconnecting
        if thread is None:
            if time.monotonic() >= self._retry_at:
                self._reconnecting = threading.Thread(
                    target=self._reconnect, name="oske-change-watcher", daemon=True
                )
                self._reconnecting.start()
            return False
        if thread.is_alive():
            return False
        self._reconnecting = None
        with self._lock:
            fresh, self._fresh = self._fresh, None
        if fresh is None:
            self._lost()
            return False
        self._conn = fresh
        return True  # whatever was committed meanwhile went unseen

    def _reconnect(self) -> None:
        try:
            fresh = self._connect()
        except self._errors:
            return
        with self._lock:
            if not self._closed:
                self._fresh = fresh
                return
        fresh.close()


def _data_version(driver: Any) -> int:
    return int(driver.execute("PRAGMA data_version").fetchone()[0])
