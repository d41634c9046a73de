"""A full disk: a backup, an export or a report that does not fit says so, with the
space it needs, and leaves nothing partial behind."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest

from domain.errors import DiskFull
from exports.datafolder import temp_folder
from main import main
from services.backups import BackupError, back_up_now
from services.demo import load_demo
from services.reports import write_annual
from services.workbook import export_database
from storage.database import Database
from tests.databases import database_args, new_database
from tests.integration.full_disk import names_in, small_disk


@pytest.mark.sqlite_only("a SQLite file's backups folder")
def test_a_backup_that_does_not_fit_says_the_disk_is_full_and_leaves_nothing(tmp_path):
    with small_disk(tmp_path / "levy", "2m") as disk:
        db = new_database(disk / "oske.sqlite")
        try:
            conn = sqlite3.connect(disk / "oske.sqlite")
            conn.execute("CREATE TABLE ballast (x BLOB)")  # fills the disk over half way
            conn.execute(
                "INSERT INTO ballast VALUES (zeroblob(?))",
                (shutil.disk_usage(disk).free * 6 // 10,),
            )
            conn.commit()
            conn.close()
            before = names_in(disk)
            with pytest.raises(BackupError) as refused:
                back_up_now(db)
        finally:
            db.close()
        said = re.fullmatch(
            f"Levy on täynnä: kansioon {disk}/backups kirjoittaminen vaatii noin (\\d+) Mt, ja "
            "vapaata on (\\d+) Mt. Mitään ei kirjoitettu; vapauta tilaa ja yritä uudelleen.",
            str(refused.value),
        )
        assert said is not None, str(refused.value)
        assert int(said[1]) > int(said[2])
        assert [n for n in names_in(disk) if n not in before] in ([], ["backups"])


FULL = re.compile(
    r"Levy on täynnä: kansioon (?P<folder>.+) kirjoittaminen vaatii noin (?P<needed>\d+) Mt, "
    r"ja vapaata on (?P<free>\d+) Mt\. Mitään ei kirjoitettu; vapauta tilaa ja yritä uudelleen\."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Database]:
    """The demo data: a workbook of about 1.7 MB."""
    database = new_database(tmp_path_factory.mktemp("demo") / "oske.sqlite")
    load_demo(database, date(2026, 11, 23))
    yield database
    database.close()


def test_an_export_that_does_not_fit_says_the_disk_is_full_and_leaves_nothing(tmp_path, demo):
    with small_disk(tmp_path / "levy", "1m") as disk:
        with pytest.raises(DiskFull) as refused:
            export_database(demo, disk / "oske.xlsx")
        assert names_in(disk) == []
    said = FULL.fullmatch(str(refused.value))
    assert said is not None, str(refused.value)
    assert said["folder"] == str(disk)
    assert int(said["needed"]) >= 2 and int(said["free"]) <= 1


def test_a_report_that_does_not_fit_says_the_disk_is_full_with_its_size(tmp_path, demo):
    with small_disk(tmp_path / "levy", "16k") as disk:
        with pytest.raises(DiskFull) as refused:
            write_annual(demo, 2026, disk / "vuosi.pdf")
        assert names_in(disk) == []
    said = FULL.fullmatch(str(refused.value))
    assert said is not None, str(refused.value)
    assert said["folder"] == str(disk) and said["free"] == "0"


def test_the_export_command_on_a_full_disk_prints_one_line_and_fails(tmp_path, demo, capsys):
    with small_disk(tmp_path / "levy", "1m") as disk:
        code = main([*database_args(demo.url), "export", str(disk / "oske.xlsx")])
        assert names_in(disk) == []
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert FULL.search(err) is not None and len(err.splitlines()) == 1, err


def test_an_export_whose_temporary_folder_fills_up_says_so_and_leaves_nothing(tmp_path, demo):
    with small_disk(temp_folder(), "256k") as scratch:
        with pytest.raises(DiskFull) as refused:
            export_database(demo, tmp_path / "oske.xlsx")
        assert names_in(scratch) == []
    assert names_in(tmp_path) == []
    said = FULL.fullmatch(str(refused.value))
    assert said is not None, str(refused.value)
    assert said["folder"] == str(temp_folder()) and int(said["needed"]) >= 1
