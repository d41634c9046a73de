"""Backups of a database and restores from them: files with SQLite's online backup,
server databases with pg_dump / pg_restore (when OSKE_PG_DUMP or PATH has them)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from domain.history import Action, HistoryFilter
from domain.staff import StaffMember
from services.backups import (
    BackupError,
    back_up_now,
    backup_list,
    before_import,
    can_back_up,
    daily_backup,
    described,
    restore,
)
from services.staff import save_staff_member
from services.workbook import export_database, import_file
from storage import backups
from storage.backups import rotate, upgrade_backup
from storage.changes import ChangeWatcher
from storage.database import Database, StorageError, open_database, sqlite_url
from tests.databases import database_args

ROOT = Path(__file__).parents[2]


def staff_names(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(f"{m.full_name} {m.title}" for m in uow.staff.all())


def add(db: Database, last: str, title: str = "ohjaaja") -> StaffMember:
    return save_staff_member(db, StaffMember(last, "Helena", title), None)


@pytest.fixture
def server_tools(db: Database) -> None:
    if not can_back_up(db):
        pytest.skip("pg_dump and pg_restore are not installed (OSKE_PG_DUMP)")


# --- automatic backups of a file ------------------------------------------------------


@pytest.mark.sqlite_only("the day's backup of a file")
def test_the_first_start_of_a_day_backs_up_and_the_second_does_not(db):
    add(db, "Virtanen")
    first = daily_backup(db)
    second = daily_backup(db)
    assert first is not None and first.kind == "daily" and second is None
    assert [b.path for b in backup_list(db)] == [first.path]
    assert described(first).records is not None and described(first).records > 0


@pytest.mark.sqlite_only("the backup before an import of a file")
def test_an_import_is_preceded_by_a_backup_of_the_data_before_it(db, empty_db, tmp_path):
    add(db, "Virtanen")
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    add(empty_db, "Aho")
    assert import_file(empty_db, book).ok
    [made] = [b for b in backup_list(empty_db) if b.kind == "import"]
    copy = open_database(sqlite_url(made.path))
    try:
        assert staff_names(copy) == ["Aho Helena ohjaaja"]
    finally:
        copy.close()


@pytest.mark.sqlite_only("a file's permissions")
def test_a_private_database_gets_private_backups(db):
    path = Path(db.engine.url.database or "")
    path.chmod(0o600)
    made = back_up_now(db)
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700


# --- rotation ---------------------------------------------------------------------------


def test_rotation_keeps_the_newest_of_7_days_4_weeks_and_12_months(tmp_path):
    database = tmp_path / "oske.sqlite"
    folder = tmp_path / "backups"
    folder.mkdir()
    today = date(2026, 12, 6)  # a Sunday
    for back in range(400):
        day = today - timedelta(days=back)
        (folder / f"oske-{day:%Y%m%d}-030000-daily.sqlite").write_bytes(b"x")
    (folder / "oske-20261206-010000-import.sqlite").write_bytes(b"x")
    (folder / "oske-20230101-120000-schema0008.sqlite").write_bytes(b"x")
    rotate(database, today)
    kept = sorted(p.name[5:13] for p in folder.iterdir())
    days = [f"{today - timedelta(days=n):%Y%m%d}" for n in range(7)]
    weeks = ["20261115", "20261122", "20261129"]  # the Sundays of the 3 weeks before
    months = [
        f"2026{m:02d}{d}"
        for m, d in zip(range(1, 11), (31, 28, 31, 30, 31, 30, 31, 31, 30, 31), strict=True)
    ]
    assert kept == sorted(["20230101", *months, *weeks, *days, "20261206"])


# --- verification -----------------------------------------------------------------------


@pytest.mark.sqlite_only("the bytes of a backup file")
def test_a_damaged_backup_is_found_out_and_not_restored(db):
    add(db, "Virtanen")
    made = back_up_now(db)
    data = bytearray(made.path.read_bytes())
    page = 4096
    data[3 * page : 6 * page] = b"\xa5" * (3 * page)
    made.path.write_bytes(bytes(data))
    add(db, "Aho")
    assert described(made, checked=True).damaged
    with pytest.raises(BackupError, match="vioittunut"):
        restore(db, made)
    assert staff_names(db) == ["Aho Helena ohjaaja", "Virtanen Helena ohjaaja"]


@pytest.mark.sqlite_only("a backup file")
def test_verification_compares_the_counts_read_in_the_backups_snapshot(db):
    add(db, "Virtanen")
    made = back_up_now(db)
    counts = backups.verify(made.path)
    with pytest.raises(BackupError):
        backups.verify(made.path, {**counts, "staff": counts["staff"] + 1})


# --- restore ----------------------------------------------------------------------------


def test_a_restore_brings_back_exactly_the_backups_data_and_is_in_the_history(db, server_tools):
    kept = add(db, "Virtanen", "toimitusjohtaja")
    add(db, "Aho")
    made = back_up_now(db)
    before = staff_names(db)
    save_staff_member(db, replace(kept, title="eläkkeellä"), kept)
    add(db, "Kantola")
    watcher = ChangeWatcher(db)
    watcher.changed()
    try:
        current, _counts = restore(db, made)
        assert staff_names(db) == before
        assert watcher.changed()  # the other workstations' windows read it again
    finally:
        watcher.close()
    with db.unit_of_work() as uow:
        [entry] = uow.history.page(HistoryFilter(kind="database"), 0, 10)
    assert entry.action is Action.RESTORE and made.path.name in entry.label
    assert current in backup_list(db)  # what was replaced was backed up first


@pytest.mark.sqlite_only("an upgrade backup of a file")
def test_a_retried_upgrade_reuses_its_backup(tmp_path):
    path = tmp_path / "oske.sqlite"
    open_database(sqlite_url(path), upgrade_to="0001").close()
    first = upgrade_backup(path, "0001")
    again = upgrade_backup(path, "0001")  # as an upgrade killed after it would
    assert again == first
    assert [b.path for b in backups.backups_of(path)] == [first]
    db = open_database(sqlite_url(path))
    db.close()
    assert db.backup_path == first
    with sqlite3.connect(path) as conn:
        note = conn.execute("SELECT value FROM oske_meta WHERE key = 'upgrade_backup'")
        assert note.fetchall() == []  # the upgrade's commit removed the note


@pytest.mark.sqlite_only("an upgrade backup of a file")
def test_a_backup_from_before_an_upgrade_is_restored_upgraded(tmp_path):
    path = tmp_path / "oske.sqlite"
    open_database(sqlite_url(path), upgrade_to="0001").close()
    db = open_database(sqlite_url(path))
    try:
        assert db.backup_path is not None
        add(db, "Virtanen")
        [old] = [b for b in backup_list(db) if b.kind == "upgrade"]
        restore(db, old)
        assert staff_names(db) == []
        add(db, "Aho")  # the restored file is at this version's schema
    finally:
        db.close()


# --- the commands -----------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_the_commands_back_up_list_and_restore(db, server_tools):
    where = database_args(db.url)
    add(db, "Virtanen")
    made = run(*where, "backup")
    assert made.returncode == 0, made.stderr
    add(db, "Aho")
    listed = run(*where, "backups")
    assert listed.returncode == 0 and "käsin" in listed.stdout
    [backup] = backup_list(db)
    restored = run(*where, "restore", backup.path.name)
    assert restored.returncode == 0, restored.stderr
    assert "Palautettiin" in restored.stdout
    assert staff_names(db) == ["Virtanen Helena ohjaaja"]


def test_restoring_a_backup_that_is_not_there_is_a_clear_message(db):
    result = run(*database_args(db.url), "restore", "ei-ole.sqlite")
    assert result.returncode == 1 and "ei-ole.sqlite" in result.stderr
    assert "Traceback" not in result.stderr


def test_before_import_backs_up_only_a_file(db):
    made = before_import(db)
    assert (made is not None) == (db.engine.dialect.name == "sqlite")


def test_backups_are_named_by_time_and_kind(db, server_tools):
    made = back_up_now(db)
    assert made.kind == "manual"
    assert abs(made.taken - datetime.now()) < timedelta(minutes=1)


@pytest.mark.sqlite_only("an upgrade of a file")
def test_a_failed_upgrade_is_undone_whole_and_names_its_backup(tmp_path):
    path = tmp_path / "oske.sqlite"
    open_database(sqlite_url(path), upgrade_to="0001").close()
    with sqlite3.connect(path) as conn:  # in the way of revision 0003's table
        conn.execute("CREATE TABLE board_terms (x INTEGER)")
    for _attempt in range(2):
        with pytest.raises(StorageError) as failed:
            open_database(sqlite_url(path))
        [backup] = backups.backups_of(path)  # one, however often it is tried
        assert str(backup.path) in str(failed.value) and "peruttiin" in str(failed.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "trainees" not in tables  # revision 0002's table went with the rollback
