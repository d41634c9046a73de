"""Names sort in Finnish alphabetical order and match whatever their case, on SQLite and on
a PostgreSQL server alike, whatever the server's locale: …, Z, Å, Ä, Ö."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from domain.caselog import CaseEvent, Sector
from domain.records import finnish_key
from domain.staff import StaffMember
from services.staff import save_staff_member
from services.workbook import export_database, import_file
from storage.database import Database, open_database
from storage.repositories import CaseEventQuery, PeriodQuery
from tests.databases import ON_SERVER, SERVER_URL
from tests.integration.workbook_files import write_workbook

# Code points (and a server's C locale) would put Ä before Å, lower-case after upper-case,
# Ü after Ö and ß after z.
NAMES = [
    "Åberg",
    "Ahonen",
    "Östman",
    "Zetterberg",
    "Ärölä",
    "ähtäri",
    "Aalto",
    "Vuori",
    "Wikström",
    "Üksküla",
    "Meißner",
    "Meisso",
    "Meist",
    "Éclair",
    "Ekholm",
]


def _staff(db: Database, last_names: list[str], *, title: str = "asiantuntija") -> None:
    for last_name in last_names:
        save_staff_member(db, StaffMember(last_name, "Eija", title), None)


def _listed(db: Database, sort: str) -> list[StaffMember]:
    with db.unit_of_work() as uow:
        return uow.staff.page(PeriodQuery(sort=sort), 0, 100)


def test_the_staff_list_sorts_names_in_finnish_order(db):
    _staff(db, NAMES)

    listed = [s.last_name for s in _listed(db, "name")]

    assert listed == sorted(NAMES, key=finnish_key)
    assert listed[-4:] == ["Åberg", "ähtäri", "Ärölä", "Östman"]


def test_sami_and_other_accented_initials_sort_with_their_base_letter(db):
    finnish_order = [
        "Aho",
        "Áilu",
        "Ceder",
        "Čuđđe",
        "Lahti",
        "Łukasiewicz",
        "Salo",
        "Šiljo",
        "Zetterberg",
        "Žolnerowicz",
        "Ærø",  # æ as ä
        "Östman",
        "Øvergaard",  # ø as ö
    ]
    _staff(db, list(reversed(finnish_order)))

    assert [s.last_name for s in _listed(db, "name")] == finnish_order


def test_a_name_pasted_with_combining_accents_is_stored_as_one_letter_each(db):
    pasted = "A\u0308ijo\u0308"  # "Äijö" as a Mac pastes it: A and a combining diaeresis
    _staff(db, [pasted, "Östman", "Aho"])

    listed = [s.last_name for s in _listed(db, "name")]

    assert listed == ["Aho", "Äijö", "Östman"]
    assert listed[1] == "\u00c4ij\u00f6"


def test_a_list_sorts_a_plain_text_column_in_finnish_order(db):
    for i, title in enumerate(NAMES):
        save_staff_member(db, StaffMember(f"Henkilö{i}", "Eija", title), None)

    titles = [s.title for s in _listed(db, "title")]

    assert titles == sorted(NAMES, key=finnish_key)


@pytest.mark.parametrize("column", ["area", "municipality"])
def test_case_events_sorted_by_area_or_municipality_follow_finnish_order(db, column):
    with db.unit_of_work() as uow:
        uow.case_events.add_all(
            CaseEvent(date(2026, 5, 1), sector=Sector.SOCIAL, **{"area": "Eksote", column: name})
            for name in NAMES
        )
        uow.commit()
    with db.unit_of_work() as uow:
        listed = uow.case_events.page(CaseEventQuery(sort=column), 0, 100)

    assert [getattr(e, column) for e in listed] == sorted(NAMES, key=finnish_key)


def test_the_workbook_lists_the_staff_in_the_lists_order(db, tmp_path):
    _staff(db, NAMES)
    path = tmp_path / "out.xlsx"

    export_database(db, path)

    sheet = openpyxl.load_workbook(path, read_only=True)["Henkilöstö"]
    exported = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == [s.last_name for s in _listed(db, "name")]


def _import_supervised_by(db: Database, folder: Path, supervisor: str) -> str | None:
    """Import a trainee whose supervisor the workbook names; the supervisor's ID found."""
    path = write_workbook(
        folder / "in.xlsx",
        {
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Alkaen", "Ohjaaja"],
                ["Koski", "Oona", "harjoittelu", "9.1.2023", supervisor],
            ],
        },
    )
    report = import_file(db, path)
    assert report.ok, report.errors
    with db.unit_of_work() as uow:
        (trainee,) = uow.trainees.all()
    return trainee.supervisor_id


@pytest.mark.parametrize("stored", ["östman eija", "ÖSTMAN EIJA"])
def test_an_import_finds_a_supervisor_named_in_another_case(db, tmp_path, stored):
    last, first = stored.split()
    supervisor = save_staff_member(db, StaffMember(last, first, "ohjaaja"), None)

    assert _import_supervised_by(db, tmp_path, "Östman Eija") == supervisor.id


# ------------------------------------------------------------ a server database in the C locale


@pytest.fixture
def c_locale_db() -> Iterator[Database]:
    """A new Oske database on the test server created with ``LC_COLLATE`` and ``LC_CTYPE``
    ``C``: its own ``lower()`` folds only A–Z and it sorts by code point."""
    if not ON_SERVER:
        pytest.skip("needs a PostgreSQL server: set OSKE_TEST_DATABASE_URL")
    assert SERVER_URL is not None
    name = f"oske_test_c_{uuid.uuid4().hex[:10]}"
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as conn:
        conn.exec_driver_sql(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C'"
        )
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    try:
        database = open_database(url)
        try:
            with database.engine.connect() as conn:
                # the server alone would neither fold Ä nor put Å before Ä
                assert conn.execute(text("SELECT lower('ÄÖ')")).scalar() == "ÄÖ"
            yield database
        finally:
            database.close()
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


def test_a_c_locale_server_sorts_names_in_finnish_order(c_locale_db):
    _staff(c_locale_db, NAMES)

    listed = [s.last_name for s in _listed(c_locale_db, "name")]

    assert listed == sorted(NAMES, key=finnish_key)


@pytest.mark.parametrize("stored", ["östman eija", "ÖSTMAN EIJA"])
def test_a_c_locale_server_finds_a_person_named_in_another_case(c_locale_db, tmp_path, stored):
    last, first = stored.split()
    supervisor = save_staff_member(c_locale_db, StaffMember(last, first, "ohjaaja"), None)

    assert _import_supervised_by(c_locale_db, tmp_path, "Östman Eija") == supervisor.id
