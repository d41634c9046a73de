"""Locks and a lost server: a save that cannot get at the database says why in words, and
saves nothing; no OperationalError reaches the person."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from domain.errors import DatabaseBusy, ServerUnreachable
from domain.staff import StaffMember
from main import main
from services.staff import save_staff_member
from services.workbook import export_database
from storage import database
from storage.database import Database, StorageError, open_database
from tests.databases import ON_SERVER, database_args, new_database, new_database_url

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute(sys.argv[2])
if sys.argv[2].startswith("PRAGMA"):
    conn.execute("UPDATE oske_meta SET value = value")
print("held", flush=True)
sys.stdin.readline()
"""


@contextmanager
def lock_held(path: Path, statement: str = "BEGIN EXCLUSIVE") -> Iterator[None]:
    """Another process holding a lock on the file until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), statement],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite waits 0.3 s for a lock instead of 5 s, so the tests stay quick."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)


def anni() -> StaffMember:
    return StaffMember(last_name="Mäkelä", first_name="Anni", title="suunnittelija")


def staff_names(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return [m.last_name for m in uow.staff.all()]


@pytest.mark.sqlite_only("a SQLite file's write lock")
def test_a_save_while_another_process_holds_the_write_lock_says_another_workstation_is_saving(
    tmp_path, short_wait
):
    db = new_database(tmp_path / "oske.sqlite")
    try:
        with lock_held(tmp_path / "oske.sqlite"), pytest.raises(DatabaseBusy) as refused:
            save_staff_member(db, anni(), None)
        assert refused.value.message == (
            "Toinen työasema tallentaa juuri; yritä hetken kuluttua uudelleen. "
            "Mitään ei tallennettu."
        )
        assert staff_names(db) == []
        save_staff_member(db, anni(), None)  # the lock gone, the same save goes through
        assert staff_names(db) == ["Mäkelä"]
    finally:
        db.close()


@pytest.mark.sqlite_only("a SQLite file's exclusive lock")
def test_a_file_held_whole_by_another_program_at_open_is_called_locked_not_foreign(
    tmp_path, short_wait
):
    path = tmp_path / "oske.sqlite"
    new_database(path).close()
    with lock_held(path, HOLD_WHOLE_FILE):
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(StorageError) as refused:
            open_database(f"sqlite:///{path}")
        assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert str(refused.value) == (
        f"Tietokannan {path} on lukinnut kokonaan toinen ohjelma tai työasema. Sulje se "
        "siellä tai yritä hetken kuluttua uudelleen; tiedostoon ei koskettu."
    )


# Exclusive locking mode: after its first write the connection keeps the whole file.
HOLD_WHOLE_FILE = "PRAGMA locking_mode=EXCLUSIVE"


class Forwarder:
    """A TCP relay to the test server, standing in for the network between a workstation
    and its server: ``cut()`` takes the server away as a crash or an outage does."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.cut_off = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for s in (source, target):
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.cut_off = True
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept waiting on it
        self.listener.close()
        for s in self.sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@pytest.fixture
def relayed(tmp_path):
    """A database on the test server reached through a relay the test can cut, with one
    staff member saved: (database, relay, its URL)."""
    url = make_url(new_database_url(tmp_path / "oske"))
    relay = Forwarder(url.host or "127.0.0.1", url.port or 5432)
    db = open_database(url.set(host="127.0.0.1", port=relay.port).render_as_string(False))
    save_staff_member(db, anni(), None)
    yield db, relay, url
    relay.cut()
    db.close()


@pytest.mark.skipif(not ON_SERVER, reason="a database server that goes away")
def test_a_save_after_the_server_went_away_says_the_server_cannot_be_reached(relayed):
    db, relay, url = relayed
    relay.cut()
    with pytest.raises(ServerUnreachable) as refused:
        save_staff_member(db, anni(), None)
    assert refused.value.message == (
        f"Tietokantapalvelimeen oske@127.0.0.1:{relay.port}/{url.database} ei saada yhteyttä; "
        "tarkista verkkoyhteys ja yritä hetken kuluttua uudelleen. Mitään ei tallennettu."
    )


@pytest.mark.skipif(not ON_SERVER, reason="a database server that goes away")
def test_an_export_after_the_server_went_away_says_the_server_cannot_be_reached(relayed, tmp_path):
    db, relay, _url = relayed
    relay.cut()
    with pytest.raises(ServerUnreachable):
        export_database(db, tmp_path / "tilintarkastajalle.xlsx")
    assert not (tmp_path / "tilintarkastajalle.xlsx").exists()


@pytest.mark.sqlite_only("a SQLite file's write lock")
def test_the_import_command_under_another_process_lock_says_so_and_imports_nothing(
    tmp_path, short_wait, capsys
):
    source = new_database(tmp_path / "source.sqlite")
    save_staff_member(source, anni(), None)
    export_database(source, tmp_path / "oske.xlsx")
    source.close()
    target = new_database(tmp_path / "oske.sqlite")
    target.close()
    capsys.readouterr()
    with lock_held(tmp_path / "oske.sqlite"):
        code = main([*database_args(target.url), "import", str(tmp_path / "oske.xlsx")])
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "Toinen työasema tallentaa juuri; yritä hetken kuluttua uudelleen. Mitään ei tallennettu."
    )
    reopened = open_database(target.url)
    try:
        assert staff_names(reopened) == []
    finally:
        reopened.close()


@pytest.mark.skipif(not ON_SERVER, reason="a database server's connections")
def test_a_save_after_the_server_ended_every_connection_goes_through_on_a_new_one(tmp_path):
    db = new_database(tmp_path / "oske")
    try:
        save_staff_member(db, anni(), None)
        name = make_url(db.url).database
        with db.engine.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
        save_staff_member(db, anni(), None)
        assert staff_names(db) == ["Mäkelä", "Mäkelä"]
    finally:
        db.close()
