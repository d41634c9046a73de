"""Damaged files: refused at open with the newest backup named, and refusing a file
leaves nothing beside it (no -wal, -shm or -journal)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from domain.staff import StaffMember
from services.staff import save_staff_member
from storage import backups
from storage.database import StorageError, open_database, sqlite_url
from tests.databases import new_database

pytestmark = pytest.mark.sqlite_only("a SQLite file's bytes")

PAGE = 4096


def oske_file(path: Path, staff: int = 60) -> Path:
    """A database file with some staff, closed, with its backup taken at 6.12.2026 9.30."""
    db = new_database(path)
    try:
        for n in range(staff):
            save_staff_member(
                db, StaffMember(last_name=f"Sukunimi{n}", first_name="Etu", title="ohjaaja"), None
            )
    finally:
        db.close()
    backups.take(path, "manual", now=datetime(2026, 12, 6, 9, 30))
    return path


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def refusal(path: Path) -> str:
    before = path.read_bytes(), beside(path)
    with pytest.raises(StorageError) as refused:
        open_database(sqlite_url(path))
    assert (path.read_bytes(), beside(path)) == before  # nothing written, nothing beside it
    return str(refused.value)


def test_a_truncated_file_is_refused_as_damaged_with_its_newest_backup_named(tmp_path):
    path = oske_file(tmp_path / "oske.sqlite")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refusal(path) == (
        f"Tietokanta {path} on vioittunut, eikä sitä avattu; tiedostoon ei koskettu. "
        f"Sen uusin varmuuskopio on {tmp_path}/backups/oske-20261206-093000-manual.sqlite "
        "(otettu 6.12.2026 9.30): sulje Oske ja kopioi varmuuskopio vioittuneen tiedoston "
        "tilalle (ks. docs/admin.md)."
    )


def test_a_file_with_a_damaged_page_is_refused_at_open_not_at_the_next_export(tmp_path):
    path = oske_file(tmp_path / "oske.sqlite")
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'staff'").fetchone()
    conn.close()
    with path.open("r+b") as f:  # the cell pointers of the staff table's first page
        f.seek((root - 1) * PAGE + 8)
        f.write(b"\xff" * 200)
    message = refusal(path)
    assert message.startswith(f"Tietokanta {path} on vioittunut")
    assert "oske-20261206-093000-manual.sqlite" in message


def test_a_damaged_file_without_backups_says_there_are_none(tmp_path):
    path = oske_file(tmp_path / "oske.sqlite")
    for backup in backups.backups_of(path):
        backup.path.unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refusal(path).endswith(f"Sille ei ole varmuuskopiota kansiossa {tmp_path}/backups.")


def test_another_programs_wal_file_is_refused_without_a_wal_or_shm_beside_it(tmp_path):
    path = tmp_path / "muistiinpanot.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    assert beside(path) == ["muistiinpanot.db"]
    assert "ei ole Osken tietokanta" in refusal(path)


def test_a_newer_oske_file_in_wal_mode_is_refused_without_a_wal_or_shm_beside_it(tmp_path):
    path = tmp_path / "oske.sqlite"
    new_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    assert "uudemmalla versiolla" in refusal(path)
