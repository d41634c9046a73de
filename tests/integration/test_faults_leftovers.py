"""Leftovers of killed runs: openpyxl's sheet XML goes to Oske's private temporary folder
(swept at the next start), and the hidden partial workbooks and reports beside targets
are swept when the next export or report writes into that folder."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from domain.staff import StaffMember
from exports.datafolder import STALE_SECONDS, temp_folder
from main import main
from services.reports import write_annual
from services.staff import save_staff_member
from services.workbook import export_database
from tests.databases import database_args


def aged(path: Path, seconds: float = STALE_SECONDS + 60) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_sheets_being_written_live_in_the_private_temporary_folder_not_the_systems(db, tmp_path):
    seen: list[list[Path]] = []

    def cancelled() -> bool:  # asked after every row
        seen.append([p for p in temp_folder().rglob("*") if p.is_file()])
        return False

    save_staff_member(db, StaffMember(last_name="Mäkelä", first_name="Anni", title="ohjaaja"), None)
    export_database(db, tmp_path / "oske.xlsx", cancelled=cancelled)
    assert seen and seen[-1], "the sheets were written somewhere"
    assert all(p.is_relative_to(temp_folder()) for p in seen[-1])
    assert tempfile.gettempdir() != str(temp_folder())  # set only while a workbook is written
    assert stat.S_IMODE(temp_folder().stat().st_mode) == 0o700
    assert list(temp_folder().iterdir()) == []  # removed when the workbook was saved


def test_the_next_start_sweeps_what_a_killed_export_left_in_the_private_folder(db, capsys):
    killed = temp_folder() / "run-killed"
    killed.mkdir()
    (killed / "openpyxl.xml").write_text("<row")
    aged(killed / "openpyxl.xml")
    aged(killed)
    running = temp_folder() / "run-running"  # another Oske on this workstation, writing
    running.mkdir()
    (running / "openpyxl.xml").write_text("<row/>")
    main([*database_args(db.url), "backups"])
    assert sorted(p.name for p in temp_folder().iterdir()) == ["run-running"]


def test_an_export_sweeps_old_partial_files_of_killed_runs_beside_its_target(db, tmp_path):
    tmp_path = tmp_path / "viennit"
    tmp_path.mkdir()
    for path in (tmp_path / ".oske-abc123.xlsx", tmp_path / ".oske-def456.pdf"):
        path.write_bytes(b"PK partial")
        aged(path)
    young = tmp_path / ".oske-now789.xlsx"  # another export writing here right now
    young.write_bytes(b"PK")
    others = [tmp_path / ".oske-muistio.txt", tmp_path / "raportti.pdf"]
    for path in others:
        path.write_text("mine")
        aged(path)
    export_database(db, tmp_path / "oske.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".oske-now789.xlsx", ".oske-muistio.txt", "raportti.pdf", "oske.xlsx"]
    )


def test_a_report_sweeps_old_partial_files_beside_its_target(db, tmp_path):
    tmp_path = tmp_path / "raportit"
    tmp_path.mkdir()
    partial = tmp_path / ".oske-xyz.pdf"
    partial.write_bytes(b"%PDF partial")
    aged(partial)
    write_annual(db, 2026, tmp_path / "vuosi.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vuosi.pdf"]
