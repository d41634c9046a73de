"""The change watcher: one workstation sees that another committed, and only then."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from domain.errors import ValidationError
from domain.staff import StaffMember
from storage.changes import ChangeWatcher
from storage.database import Database, open_database
from storage.repositories import ListQuery
from tests.databases import ON_SERVER

# A PostgreSQL notification reaches the listener a moment after the commit returns; how
# long a test waits before it says that none came.
QUIET = 0.3


@pytest.fixture
def watcher(db: Database) -> Iterator[ChangeWatcher]:
    w = ChangeWatcher(db)
    yield w
    w.close()


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """The same database opened again, as another workstation opens it."""
    second = open_database(db.url)
    yield second
    second.close()


def signalled(watcher: ChangeWatcher, within: float) -> bool:
    deadline = time.monotonic() + within
    while True:
        if watcher.changed():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def add_person(db: Database, member: StaffMember | None = None) -> StaffMember:
    member = member or StaffMember("Virtanen", "Helena", "toimitusjohtaja")
    with db.unit_of_work() as uow:
        uow.staff.add(member)
        uow.commit()
    return member


def test_a_commit_through_another_database_object_is_seen(watcher, other):
    add_person(other)
    assert signalled(watcher, within=2)


def test_a_change_is_told_once(watcher, other):
    add_person(other)
    assert signalled(watcher, within=2)
    assert not signalled(watcher, within=QUIET)


def test_nothing_is_told_while_nothing_was_committed(watcher):
    assert not signalled(watcher, within=QUIET)


def test_a_unit_of_work_that_only_read_is_not_a_change(watcher, other):
    with other.unit_of_work() as uow:
        uow.staff.count(ListQuery())
        uow.commit()
    assert not signalled(watcher, within=QUIET)


def test_a_write_rolled_back_is_not_a_change(watcher, other):
    with other.unit_of_work() as uow:
        uow.staff.add(StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
        uow.flush()  # written, then left uncommitted
    assert not signalled(watcher, within=QUIET)


def test_a_commit_that_failed_is_not_a_change(watcher, other):
    member = add_person(other)
    assert signalled(watcher, within=2)
    twin = StaffMember("Virtanen", "Heli", "toimitusjohtaja", id=member.id)
    with pytest.raises(ValidationError), other.unit_of_work() as uow:
        uow.staff.add(twin)
        uow.commit()
    assert not signalled(watcher, within=QUIET)


def test_a_closed_watcher_tells_nothing(db, other):
    w = ChangeWatcher(db)
    w.close()
    add_person(other)
    assert not signalled(w, within=QUIET)


@pytest.mark.skipif(not ON_SERVER, reason="a server connection to lose")
def test_a_lost_server_connection_is_made_again_and_then_counts_as_a_change(db, watcher, other):
    watcher.retry_seconds = 0
    admin = create_engine(db.url, poolclass=NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
    finally:
        admin.dispose()
    # The first question finds the connection gone and says so quietly.
    deadline = time.monotonic() + 2
    while watcher.changed() or watcher.connected:
        assert time.monotonic() < deadline, "the lost connection went unnoticed"
        time.sleep(0.02)
    assert signalled(watcher, within=5)  # connected again: what happened meanwhile is unknown
    assert watcher.connected
    add_person(other)
    assert signalled(watcher, within=2)
