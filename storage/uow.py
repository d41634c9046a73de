"""The unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Self

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import (
    ConcurrentChange,
    DatabaseBusy,
    DatabaseUnavailable,
    ServerUnreachable,
    ValidationError,
)
from domain.history import Action
from domain.i18n import N_, _
from storage.changes import announce_changes
from storage.history import HistoryRepository, set_update_action
from storage.repositories import (
    BoardSeatRepository,
    BoardTermRepository,
    BudgetRepository,
    CaseEventRepository,
    CategoryRepository,
    FundingLineRepository,
    GuardianRepository,
    GuardianRequestRepository,
    MeetingRepository,
    ProjectAssignmentRepository,
    ProjectPartnerRepository,
    ProjectRepository,
    ReferenceValueRepository,
    SettingsRepository,
    StaffRepository,
    TraineeRepository,
    TransactionRepository,
)


class UnitOfWork:
    """One transaction over the repositories. The session is private: every read and write
    goes through a repository (``uow.staff.add(member)``), and ``commit`` ends the work."""

    _session: Session
    staff: StaffRepository
    trainees: TraineeRepository
    settings: SettingsRepository
    board_terms: BoardTermRepository
    board_seats: BoardSeatRepository
    meetings: MeetingRepository
    projects: ProjectRepository
    partners: ProjectPartnerRepository
    funding: FundingLineRepository
    assignments: ProjectAssignmentRepository
    references: ReferenceValueRepository
    case_events: CaseEventRepository
    guardians: GuardianRepository
    guardian_requests: GuardianRequestRepository
    categories: CategoryRepository
    budget: BudgetRepository
    transactions: TransactionRepository
    history: HistoryRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        self._session = self._open_session()
        self.staff = StaffRepository(self._session)
        self.trainees = TraineeRepository(self._session)
        self.settings = SettingsRepository(self._session)
        self.board_terms = BoardTermRepository(self._session)
        self.board_seats = BoardSeatRepository(self._session)
        self.meetings = MeetingRepository(self._session)
        self.projects = ProjectRepository(self._session)
        self.partners = ProjectPartnerRepository(self._session)
        self.funding = FundingLineRepository(self._session)
        self.assignments = ProjectAssignmentRepository(self._session)
        self.references = ReferenceValueRepository(self._session)
        self.case_events = CaseEventRepository(self._session)
        self.guardians = GuardianRepository(self._session)
        self.guardian_requests = GuardianRequestRepository(self._session)
        self.categories = CategoryRepository(self._session)
        self.budget = BudgetRepository(self._session)
        self.transactions = TransactionRepository(self._session)
        self.history = HistoryRepository(self._session)
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it does not
        # expire the records already read, so the tables can keep showing them.
        try:
            self._session.close()
        except DBAPIError:
            if error is None:
                raise
            # the connection died with the work: the error that ended it says more
        self._raise_translated(error)

    def _raise_translated(self, error: object) -> None:
        """The error that ended the work as the domain's, where it is one the person can
        act on: a lock, a lost server, a record changed or deleted meanwhile."""
        if isinstance(error, ValidationError):
            return  # the domain's already (a commit's translation, a check's refusal)
        # the driver's error itself, or as the cause of one that names the row being
        # handled (an import's exports.tasks.UnexpectedError)
        driver = (
            error
            if isinstance(error, DBAPIError | StaleDataError)
            else getattr(error, "__cause__", None)
        )
        if isinstance(driver, DBAPIError) and (unavailable := self._unavailable(driver)):
            raise unavailable from driver
        if isinstance(error, StaleDataError):
            # a flush before the commit (a repository's own, or a query's autoflush) found
            # the row changed or deleted by another transaction since its version check
            raise ConcurrentChange(None) from error
        if isinstance(error, IntegrityError):
            if _names_a_deleted_record(error):
                raise _deleted_meanwhile() from error
            if taken := _taken_meanwhile(error):
                raise taken from error
        # an import's error naming the sheet and row it was at, caused by a row another
        # workstation changed or a key it took while the import ran: the row named may not
        # be the one (a query's autoflush writes earlier rows), and the person can act on
        # this instead
        if isinstance(driver, StaleDataError) or (
            isinstance(driver, IntegrityError) and _taken_meanwhile(driver)
        ):
            raise _written_meanwhile() from driver

    def _open_session(self) -> Session:
        session = self._factory()
        bind = self._factory.kw.get("bind")
        if getattr(getattr(bind, "dialect", None), "name", None) == "postgresql":
            event.listen(session, "after_begin", _wait_for_row_locks_briefly)
        return session

    def commit(self) -> None:
        try:
            self._session.flush()
        except StaleDataError as error:
            # a row changed or deleted by another transaction between the version check
            # and this UPDATE: the caller re-reads it to say by whom
            raise ConcurrentChange(None) from error
        except IntegrityError as error:
            if _names_a_deleted_record(error):
                raise _deleted_meanwhile() from error
            if taken := _taken_meanwhile(error):
                raise taken from error
            raise
        announce_changes(self._session)  # the other workstations' windows show it
        self._session.commit()

    def flush(self) -> None:
        self._session.flush()

    def one_writer(self, kind: str) -> None:
        """Wait until no other workstation is saving a record of ``kind`` (a table's name),
        and keep the others waiting until this unit of work ends. Call it first, before
        the checks read the other records: a rule across records (one chair per term,
        terms that do not overlap, a project's code used once) then sees what another
        workstation saved a moment before, instead of both checks passing and both
        records being stored.

        PostgreSQL: a transaction's advisory lock for the kind, waited for as long as a
        row lock (``lock_timeout``: then another workstation is said to be saving).
        SQLite: the file's write lock, taken now (``BEGIN IMMEDIATE``) rather than at the
        first write, so that the checks read what the last writer committed."""
        connection = self._session.connection()
        if connection.dialect.name == "postgresql":
            key = zlib.crc32(kind.encode()) - 2**31  # a signed 32-bit key
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"),
                {"space": WRITERS_LOCK_SPACE, "key": key},
            )
        elif connection.dialect.name == "sqlite" and not _sqlite_in_transaction(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    def _unavailable(self, error: DBAPIError) -> DatabaseUnavailable | None:
        """A lock or a lost server as the domain's error, or None for any other error."""
        bind = self._factory.kw.get("bind")
        dialect = getattr(bind, "dialect", None)
        if dialect is not None and dialect.name == "sqlite":
            return DatabaseBusy() if _sqlite_busy(error) else None
        if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return DatabaseBusy()
        if _server_gone(error):
            from storage.server import where

            return ServerUnreachable(where(bind.url) if bind is not None else "")
        return None

    @contextmanager
    def overwriting(self) -> Iterator[None]:
        """The updates made inside are written at its end and recorded in the history as
        saved over another user's change (an import's row the user chose to take); what was
        pending before is written first, as plain updates."""
        self._session.flush()
        set_update_action(self._session, Action.OVERWRITE)
        try:
            yield
            self._session.flush()
        finally:
            set_update_action(self._session, Action.UPDATE)


class SnapshotUnitOfWork(UnitOfWork):
    """A unit of work that only reads, and reads the whole database as it was at one moment:
    an export or a report that reads a project and then the transactions booked to it never
    sees a transaction committed in between without its project.

    On PostgreSQL the transaction is REPEATABLE READ, READ ONLY: every query sees what was
    committed before the first one. On SQLite pysqlite sends no BEGIN before a SELECT, so
    each query would read the file as it is at that moment; an explicit BEGIN makes the
    reads one transaction, and in WAL mode its snapshot is taken at its first read and
    kept to its end (writers are not blocked meanwhile). Nothing is ever committed:
    leaving the unit of work rolls the transaction back and returns the connection."""

    def __init__(self, session_factory: sessionmaker[Session], engine: Engine) -> None:
        super().__init__(session_factory)
        self._engine = engine

    def _open_session(self) -> Session:
        try:
            connection = self._engine.connect()
        except DBAPIError as error:  # the server gone before the first read
            self._raise_translated(error)
            raise
        try:
            if connection.dialect.name == "postgresql":
                # reset by the pool when the connection is returned
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            connection.begin()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN")
        except BaseException:
            connection.close()
            raise
        self._connection: Connection = connection
        # The session joins the transaction begun here and leaves ending it to __exit__.
        return self._factory(bind=connection)

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            self._session.close()
        except DBAPIError:
            if error is None:
                raise
        finally:
            with suppress(DBAPIError):  # a connection lost with the server is gone already
                self._connection.close()  # rolls the read transaction back
        # a server lost during an export says so, as in every other unit of work
        self._raise_translated(error)

    def commit(self) -> None:
        raise TypeError("a snapshot only reads; write in a unit of work of its own")

    def flush(self) -> None:
        raise TypeError("a snapshot only reads; write in a unit of work of its own")


SQLITE_BUSY, SQLITE_LOCKED = 5, 6
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out
UNIQUE_VIOLATION = "23505"  # PostgreSQL
# The first key of ``one_writer``'s advisory locks, the kind's being the second: "Oskw"
# in ASCII (the migration lock is a single key, a space of its own)
WRITERS_LOCK_SPACE = 0x4F736B77
# SQLite: "UNIQUE constraint failed: projects.code_key" or "… failed: index 'uq_…'"
_SQLITE_UNIQUE = re.compile(
    r"UNIQUE constraint failed: (?:index '(?P<index>\w+)'|(?P<table>\w+)\.)"
)


def _wait_for_row_locks_briefly(
    session: Session, transaction: object, connection: Connection
) -> None:
    """On PostgreSQL a transaction waits for another's row locks (an import held open
    while its preview is read, a save) as long as SQLite waits for its write lock, then
    says another workstation is saving, instead of a window hanging until it ends."""
    from storage import database

    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(database.BUSY_TIMEOUT_MS)}")


def _sqlite_in_transaction(connection: Connection) -> bool:
    """The driver has begun a transaction (at the first write: it sends no BEGIN before a
    read)."""
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _sqlite_busy(error: DBAPIError) -> bool:
    """SQLite waited its busy timeout for another connection's lock (another process
    writing, or holding the whole file) and gave up."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "database is locked" in str(error.orig)


def _server_gone(error: DBAPIError) -> bool:
    """The server connection was lost or could not be made: SQLAlchemy saw a disconnect,
    or the driver failed before the server said anything (no SQLSTATE), or the server
    said it is shutting the connection (SQLSTATE class 08, 57P01–57P03)."""
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def _names_a_deleted_record(error: IntegrityError) -> bool:
    """A foreign key refused the write: a record it names (an event's ombudsman, a
    transaction's category) was deleted by another workstation after the save checked it
    (SQLite's message, PostgreSQL's SQLSTATE 23503)."""
    orig = error.orig
    return getattr(orig, "sqlstate", None) == "23503" or "FOREIGN KEY" in str(orig)


def _taken_meanwhile(error: IntegrityError) -> ValidationError | None:
    """A unique key refused the write: another workstation stored the same (a project's
    code, a term's start day, a voucher number …) after this one's check found it free.
    The refusal names the field, as the check would have; None for another refusal."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == UNIQUE_VIOLATION:
        diag = getattr(orig, "diag", None)
        table = getattr(diag, "table_name", None) or ""
    elif found := _SQLITE_UNIQUE.search(str(orig)):
        table = found["table"] or _table_of_index(found["index"])
    else:
        return None
    field, message = _TAKEN.get(table, ("", _SAVED_SAME))
    return ValidationError(field, _(message))


def _table_of_index(name: str) -> str:
    from storage import orm

    for table in orm.metadata.tables.values():
        if any(index.name == name for index in table.indexes):
            return table.name
    return ""


# What a unique key refused, by table: the field the form marks, and the message
_SAVED_SAME = N_(
    "Another workstation saved the same record just now. Nothing was saved; "
    "check the list and try again."
)
_TAKEN = {
    "projects": (
        "code",
        N_(
            "Another workstation saved a project with this code just now; choose another "
            "code. Nothing was saved."
        ),
    ),
    "board_terms": (
        "start",
        N_(
            "Another workstation saved a board term beginning on this day just now. Nothing "
            "was saved."
        ),
    ),
    "meetings": (
        "held_on",
        N_("Another workstation recorded this meeting just now. Nothing was saved."),
    ),
    "categories": (
        "name",
        N_("Another workstation saved a category of this name just now. Nothing was saved."),
    ),
    "budget_lines": (
        "",
        N_(
            "Another workstation saved a budget for this year and category just now; "
            "refresh to see it. Nothing was saved."
        ),
    ),
    "transactions": (
        "voucher",
        N_(
            "Another workstation gave this voucher number to a transaction just now. "
            "Nothing was saved."
        ),
    ),
}


def _written_meanwhile() -> ValidationError:
    return ValidationError(
        "",
        _(
            "Another workstation saved a record this import also writes while the import "
            "ran. Nothing was imported; import the file again to see what differs."
        ),
    )


def _deleted_meanwhile() -> ValidationError:
    return ValidationError(
        "references",
        _(
            "A record this one refers to was deleted on another workstation just now; "
            "check the choices and save again. Nothing was saved."
        ),
    )
