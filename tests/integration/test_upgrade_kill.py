"""An upgrade killed at any moment leaves a file that opens: the old version or the new.

The old database is built as revision 0002 left it (the first with trainees), with
enough trainees that copying their table in 0005's batch migration takes a while; a
process forked from the test's (so no time goes to starting Python) upgrades a copy of
it and is killed (SIGKILL) at a random moment.
"""

from __future__ import annotations

import multiprocessing
import random
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from storage.backups import backups_of
from storage.database import head_revision, open_database, sqlite_url

pytestmark = pytest.mark.sqlite_only("kills a process writing a SQLite file")

KILLS = 20
TRAINEES = 30_000


def _upgrade(path: Path) -> None:
    open_database(sqlite_url(path)).close()


def make_old_database(path: Path) -> None:
    open_database(sqlite_url(path), upgrade_to="0002").close()
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO trainees (id, last_name, first_name, kind, institution, project_code, "
        'start, "end", supervisor_id, notes, search_key) '
        "VALUES (?, ?, ?, 'trainee', 'Tampereen yliopisto', ?, '2019-01-07', NULL, NULL, ?, ?)",
        (
            (
                str(uuid.UUID(int=i)),
                f"Virtanen{i}",
                "Ville",
                f"P{i % 7}",
                "harjoittelu " * 8,
                f"virtanen{i} ville",
            )
            for i in range(TRAINEES)
        ),
    )
    conn.commit()
    conn.close()


def upgrading(path: Path) -> multiprocessing.process.BaseProcess:
    process = multiprocessing.get_context("fork").Process(target=_upgrade, args=(path,))
    process.start()
    return process


def revision_read_only(path: Path) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_an_upgrade_killed_at_any_moment_leaves_a_file_that_opens(tmp_path):
    old = tmp_path / "old.sqlite"
    make_old_database(old)
    timed = tmp_path / "timed" / "oske.sqlite"
    timed.parent.mkdir()
    shutil.copy(old, timed)
    started = time.perf_counter()
    process = upgrading(timed)
    process.join(60)
    assert process.exitcode == 0
    lasts = time.perf_counter() - started
    head = head_revision()
    outcomes = set()
    rng = random.Random(20)
    for trial in range(KILLS):
        folder = tmp_path / f"kill{trial}"
        folder.mkdir()
        path = folder / "oske.sqlite"
        shutil.copy(old, path)
        process = upgrading(path)
        time.sleep(rng.uniform(0.0, 1.0) * lasts)
        process.kill()  # SIGKILL
        process.join(10)
        revision = revision_read_only(path)
        assert revision in ("0002", head)
        outcomes.add(revision)
        if trial % 5 == 0:  # the next open completes the upgrade (a few: each costs a run)
            db = open_database(sqlite_url(path))
            db.close()
            assert revision_read_only(path) == head
            with sqlite3.connect(path) as conn:
                assert conn.execute("SELECT count(*) FROM trainees").fetchone()[0] == TRAINEES
            assert len([b for b in backups_of(path) if b.revision == "0002"]) <= 1
    assert "0002" in outcomes  # some kills did land before the commit
