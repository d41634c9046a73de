"""Moving to the server (issue 18, item 9): ``main.py copy --from URL --to URL``.

The demo is loaded once into a SQLite file, as an office's ``oske.sqlite``, and only read;
it is copied into a new SQLite file always, and into a new database on the test server
when ``OSKE_TEST_DATABASE_URL`` is set. Every test that changes a source works on a copy of
its own.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import Column, ForeignKey, MetaData, String, Table, create_engine, event, select
from sqlalchemy.engine import make_url

import main
from domain.staff import StaffMember
from services.copy import copy_database
from services.demo import load_demo
from services.staff import save_staff_member
from services.workbook import export_database
from storage.copy import copy_database as copy_records
from storage.copy import copy_rows
from storage.database import StorageError, open_database, sqlite_url
from storage.orm import metadata
from tests.databases import ON_SERVER, SERVER_URL, database_file, empty_url, new_database_url

TODAY = date(2025, 6, 15)
EXPORTED_AT = "Viety"  # the About sheet's line that differs between two exports
ABOUT = "Tiedot"
NOT_ON_SERVER = "needs a PostgreSQL server: set OSKE_TEST_DATABASE_URL"

Rows = list[list[Any]]


# ----------------------------------------------------------------------------- helpers


def _workbook(url: str, path: Path) -> dict[str, Rows]:
    """The database exported in Finnish, every sheet's cells, without the export's time."""
    database = open_database(url)
    try:
        export_database(database, path)
    finally:
        database.close()
    book = CalamineWorkbook.from_path(str(path))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    sheets[ABOUT] = [row for row in sheets[ABOUT] if not row or row[0] != EXPORTED_AT]
    return sheets


def _contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: what the database holds, IDs and all."""
    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            return {
                table.name: sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
                for table in metadata.sorted_tables
            }
    finally:
        database.close()


def _keys(url: str) -> dict[str, set[tuple]]:
    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            return {
                table.name: set(conn.execute(select(*table.primary_key.columns)).all())
                for table in metadata.sorted_tables
                if table.name != "oske_meta"
            }
    finally:
        database.close()


def _sqlite_copy(source: Path, target: Path) -> Path:
    """SQLite's online backup: a copy of the file to change without touching the demo."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def _add_a_staff_member(url: str) -> None:
    database = open_database(url)
    try:
        save_staff_member(database, StaffMember("Mäkelä", "Anni", "suunnittelija"), None)
    finally:
        database.close()


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main.main(["copy", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("copy")


@pytest.fixture(scope="module")
def demo(folder) -> Path:
    """The demo in a SQLite file, as an office's ``oske.sqlite``; only read."""
    path = database_file(folder / "oske.sqlite")
    database = open_database(sqlite_url(path))
    try:
        load_demo(database, TODAY)
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def demo_workbook(demo, folder) -> dict[str, Rows]:
    return _workbook(sqlite_url(demo), folder / "demo.xlsx")


@pytest.fixture(scope="module", params=["sqlite", "server"])
def copied(request, demo, folder) -> str:
    """The demo copied into a new database (one a new Oske made, its default categories and
    reference lists of IDs of their own): a SQLite file, or a database on the server."""
    if request.param == "server":
        if not ON_SERVER:
            pytest.skip(NOT_ON_SERVER)
        target = new_database_url(folder / "unused")
    else:
        target = sqlite_url(database_file(folder / "copy.sqlite"))
    result = copy_database(str(demo), target)
    assert result.matches
    return target


# ----------------------------------------------------------------------------- the copy


def test_the_copy_exports_the_same_workbook_cell_for_cell(copied, demo_workbook, folder):
    copy_workbook = _workbook(copied, folder / f"copy-{make_url(copied).drivername}.xlsx")
    assert list(copy_workbook) == list(demo_workbook)
    for sheet, rows in demo_workbook.items():
        if sheet != "Muutokset":  # the copy's history has its restore entry too
            assert copy_workbook[sheet] == rows, sheet


def test_every_record_keeps_its_id(copied, demo):
    source = _keys(sqlite_url(demo))
    target = _keys(copied)
    # the copy's history is the source's and the copy's own entry after it
    (restore,) = target["history"] - source["history"]
    assert restore[0] > max(source["history"])[0]
    assert target | {"history": source["history"]} == source
    assert len(source["case_events"]) == 2000


def test_the_copy_copies_again_into_a_file_a_batch_at_a_time(copied, tmp_path):
    """From the server too: its rows are read a batch at a time in one snapshot."""
    back = sqlite_url(tmp_path / "takaisin.sqlite")
    assert copy_records(copied, back, batch_rows=300).matches
    copy, again = _contents(copied), _contents(back)
    # each copy adds its own entry to the history (tests/integration/test_history.py)
    same = {"oske_meta": None, "history": None}
    assert {**again, **same} == {**copy, **same}


def test_a_missing_target_file_or_empty_server_database_is_created(demo, tmp_path):
    target = empty_url(tmp_path / "uusi.sqlite")
    result = copy_database(str(demo), target)
    assert result.matches and {c.table: c.target for c in result.counts}["staff"] == 15
    copy, source = _contents(target), _contents(sqlite_url(demo))
    same = {"oske_meta": None, "history": None}  # the copy adds its own entry to the history
    assert {**copy, **same} == {**source, **same}


def test_tables_that_refer_to_each_other_are_copied_whole():
    """No two of Oske's tables refer to each other today; a cycle is copied all the same,
    the closing reference filled in after both tables' rows."""
    cyclic = MetaData()
    teams = Table(
        "teams",
        cyclic,
        Column("id", String(10), primary_key=True),
        Column("lead_id", String(10), ForeignKey("people.id", use_alter=True)),
    )
    people = Table(
        "people",
        cyclic,
        Column("id", String(10), primary_key=True),
        Column("team_id", String(10), ForeignKey("teams.id")),
        Column("mentor_id", String(10), ForeignKey("people.id")),
    )
    engines = [create_engine("sqlite://"), create_engine("sqlite://")]
    for engine in engines:
        event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys=ON"))
        cyclic.create_all(engine)
    with engines[0].begin() as conn:
        conn.execute(teams.insert(), [{"id": "t1", "lead_id": None}])
        conn.execute(
            people.insert(),
            [
                {"id": "p1", "team_id": "t1", "mentor_id": None},
                {"id": "p2", "team_id": "t1", "mentor_id": "p1"},
            ],
        )
        conn.execute(teams.update().values(lead_id="p2"))
        conn.execute(people.update().where(people.c.id == "p1").values(mentor_id="p2"))
    with engines[0].connect() as src, engines[1].connect() as dst:
        copy_rows(src, dst, [teams, people])
        dst.commit()
    with engines[1].connect() as conn:
        assert conn.execute(select(teams)).all() == [("t1", "p2")]
        assert sorted(conn.execute(select(people)).all()) == [
            ("p1", "t1", "p2"),
            ("p2", "t1", "p1"),
        ]


# ----------------------------------------------------------------------------- refusals


def test_a_target_with_records_is_refused_and_left_as_it_was(demo, tmp_path):
    target = new_database_url(tmp_path / "kohde.sqlite")
    _add_a_staff_member(target)
    before = _contents(target)
    with pytest.raises(StorageError, match="on jo tietueita"):
        copy_database(str(demo), target)
    assert _contents(target) == before


def test_a_row_the_target_refuses_half_way_leaves_the_target_as_it_was(demo, tmp_path):
    # A booking whose category was deleted with SQLite's own tool, which does not check
    # references: the target refuses it after every table before the bookings is copied.
    source = _sqlite_copy(demo, tmp_path / "rikki.sqlite")
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE transactions SET category_id = 'poistettu' WHERE rowid = 1")
    target = new_database_url(tmp_path / "kohde.sqlite")
    before = _contents(target)
    with pytest.raises(StorageError, match="Kirjaukset") as refused:
        copy_database(str(source), target)
    assert "poistettu" not in str(refused.value) and "\n" not in str(refused.value)
    assert _contents(target) == before


def test_an_older_source_is_backed_up_upgraded_and_copied(tmp_path):
    path = tmp_path / "vanha.sqlite"
    open_database(sqlite_url(path), upgrade_to="0006").close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO staff (id, last_name, first_name, title, employment, fte_percent,"
            " email, phone, notes, search_key) VALUES ('s1', 'Östman', 'Eija', 'suunnittelija',"
            " 'permanent', 10000, '', '', '', 'östman eija suunnittelija')"
        )
    target = empty_url(tmp_path / "uusi.sqlite")
    result = copy_database(str(path), target)
    assert result.source_backup is not None and result.source_backup.exists()
    assert _keys(target)["staff"] == {("s1",)}


# ----------------------------------------------------------------------------- the command


def test_the_command_prints_both_sides_counts_and_exits_0(capsys, demo, tmp_path):
    code, out, err = _run(capsys, "--from", str(demo), "--to", empty_url(tmp_path / "k.sqlite"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Taulu", "Lähteessä", "Kohteessa"]
    counts = {line.rsplit(maxsplit=2)[0]: line.split()[-2:] for line in lines[1:-1]}
    assert counts["Henkilöstö"] == ["15", "15"]
    assert counts["Asiatapahtumat"] == ["2000", "2000"]
    assert counts["Yhteensä"][0] == counts["Yhteensä"][1]
    assert all(source == target for source, target in counts.values())


def test_a_missing_source_is_one_line_exit_2_and_creates_nothing(capsys, tmp_path):
    target = tmp_path / "kohde.sqlite"
    code, out, err = _run(capsys, "--from", str(tmp_path / "ei.sqlite"), "--to", str(target))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "ei.sqlite" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_server_that_is_down_is_one_line_without_the_password(capsys, demo):
    down = "postgresql://oske:salasana123@127.0.0.1:9/oske"
    code, _out, err = _run(capsys, "--from", str(demo), "--to", down)
    assert code == 2 and err.count("\n") == 1
    assert "salasana123" not in err and "127.0.0.1" in err


@pytest.mark.skipif(not ON_SERVER, reason=NOT_ON_SERVER)
def test_a_wrong_password_is_one_line_without_the_password(capsys, demo):
    wrong = make_url(SERVER_URL).set(password="väärä-salasana")  # type: ignore[arg-type]
    code, _out, err = _run(
        capsys, "--from", str(demo), "--to", wrong.render_as_string(hide_password=False)
    )
    assert code == 2 and err.count("\n") == 1 and "väärä-salasana" not in err


def test_copy_takes_no_db_option(capsys, demo, tmp_path):
    code = main.main(["--db", str(demo), "copy", "--from", str(demo), "--to", str(tmp_path)])
    assert code == 2 and "--from" in capsys.readouterr().err
