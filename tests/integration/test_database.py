import os
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from domain.organisation import LegalForm, Organisation
from domain.staff import Employment, StaffMember, Trainee, TraineeKind
from storage.database import MIGRATIONS, StorageError, head_revision, open_database, sqlite_url
from storage.repositories import ListQuery
from tests.databases import empty_url


def kantola() -> StaffMember:
    return StaffMember(
        "Kantola",
        "Marjo",
        "hallintoassistentti",
        Employment.FIXED_TERM,
        Decimal("62.5"),
        date(2022, 4, 1),
        date(2023, 3, 31),
        email="marjo@example.fi",
        phone="040 123",
        notes="sijainen",
    )


def test_a_staff_member_comes_back_from_the_database_exactly_as_saved(db_path):
    saved = kantola()
    url = empty_url(db_path)
    db = open_database(url)
    with db.unit_of_work() as uow:
        uow.staff.add(saved)
        uow.commit()
    db.close()
    db = open_database(url)
    with db.unit_of_work() as uow:
        loaded = uow.staff.get(saved.id)
    db.close()
    fields = (
        "last_name",
        "first_name",
        "title",
        "employment",
        "fte_percent",
        "start",
        "end",
        "email",
        "phone",
        "notes",
    )
    assert {f: getattr(loaded, f) for f in fields} == {f: getattr(saved, f) for f in fields}


def test_nothing_is_saved_without_a_commit(db):
    with db.unit_of_work() as uow:
        uow.staff.add(kantola())
    with db.unit_of_work() as uow:
        assert uow.staff.count(ListQuery()) == 0


@pytest.mark.sqlite_only("the file's PRAGMAs")
def test_the_sqlite_file_enforces_foreign_keys_and_uses_wal(db, db_path):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_deleting_a_supervisor_leaves_the_trainee_without_one(db):
    boss = kantola()
    trainee = Trainee(
        "Saarinen", "Veera", TraineeKind.THESIS, date(2022, 2, 1), supervisor_id=boss.id
    )
    with db.unit_of_work() as uow:
        uow.staff.add(boss)
        uow.flush()
        uow.trainees.add(trainee)
        uow.commit()
    with db.unit_of_work() as uow:
        uow.staff.delete(boss.id)
        uow.commit()
    with db.unit_of_work() as uow:
        assert uow.trainees.get(trainee.id).supervisor_id is None


def test_headcount_on_a_date_is_counted_by_the_database(db):
    with db.unit_of_work() as uow:
        uow.staff.add(kantola())  # 62.5 % from 1.4.2022 to 31.3.2023
        uow.staff.add(StaffMember("Tuominen", "Tuula", "toimitusjohtaja"))
        uow.commit()
    with db.unit_of_work() as uow:
        before = uow.staff.headcount_on(date(2022, 3, 31))
        during = uow.staff.headcount_on(date(2023, 3, 31))
    assert (before.people, before.fte) == (1, Decimal(1))
    assert (during.people, during.fte) == (2, Decimal("1.625"))


def test_search_ignores_case_in_finnish_letters(db):
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("Östman", "Eija", "suunnittelija"))
        uow.staff.add(StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
        uow.commit()
    with db.unit_of_work() as uow:
        found = uow.staff.page(ListQuery(text="östm"), 0, 10)
    assert [s.full_name for s in found] == ["Östman Eija"]


def test_staff_sort_by_start_puts_open_starts_first(db):
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("A", "A", "t", start=date(2022, 1, 1)))
        uow.staff.add(StaffMember("B", "B", "t", start=None))
        uow.commit()
    with db.unit_of_work() as uow:
        rows = uow.staff.page(ListQuery(sort="start"), 0, 10)
    assert [s.last_name for s in rows] == ["B", "A"]


def test_the_organisation_settings_are_kept(db):
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(
            Organisation(
                name="Pikassos Oy",
                short_name="Pikassos",
                business_id="1572860-0",
                legal_form=LegalForm.ASSOCIATION,
                address="Tampere",
                areas=["Pirkanmaa", "Satakunta"],
            )
        )
        uow.commit()
    with db.unit_of_work() as uow:
        org = uow.settings.organisation()
    assert (org.name, org.business_id, org.legal_form, org.areas) == (
        "Pikassos Oy",
        "1572860-0",
        LegalForm.ASSOCIATION,
        ["Pirkanmaa", "Satakunta"],
    )


# --- opening files --------------------------------------------------------------


def make_old_database(path: Path) -> None:
    """A database as the first schema (revision 0001) left it, with one person in it."""
    open_database(sqlite_url(path), upgrade_to="0001").close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO staff (id, last_name, first_name, title, employment, fte_percent, start, "
        "\"end\", email, phone, notes, search_key) VALUES ('11111111-1111-1111-1111-111111111111', "
        "'Tuominen', 'Tuula', 'toimitusjohtaja', 'permanent', 10000, '2014-03-01', NULL, '', '', '', "
        "'tuominen tuula toimitusjohtaja')"
    )
    conn.commit()
    conn.close()


@pytest.mark.sqlite_only("a backup beside the file")
def test_an_older_database_is_backed_up_and_upgraded(db_path):
    make_old_database(db_path)
    db = open_database(sqlite_url(db_path))
    with db.unit_of_work() as uow:
        person = uow.staff.get("11111111-1111-1111-1111-111111111111")
        trainees = uow.trainees.count(ListQuery())
    db.close()
    assert person.full_name == "Tuominen Tuula" and trainees == 0
    assert db.backup_path is not None and db.backup_path.parent == db_path.parent / "backups"
    backup = sqlite3.connect(db.backup_path)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert backup.execute("SELECT count(*) FROM staff").fetchone()[0] == 1
    backup.close()


def test_the_head_revision_read_from_the_scripts_names_is_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


@pytest.mark.sqlite_only("a backup beside the file")
def test_a_current_database_is_opened_without_a_backup(db_path):
    open_database(sqlite_url(db_path)).close()
    db = open_database(sqlite_url(db_path))
    db.close()
    assert db.backup_path is None
    assert sorted(p.name for p in db_path.parent.iterdir() if "backup" in p.name) == []


@pytest.mark.sqlite_only("the file's bytes")
def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db_path):
    open_database(sqlite_url(db_path)).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="uudemmalla versiolla"):
        open_database(sqlite_url(db_path))
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only("a file")
def test_a_text_file_is_refused_as_not_an_oske_database(db_path):
    db_path.write_text("hello, I am a shopping list\n")
    with pytest.raises(StorageError, match="ei ole Osken tietokanta"):
        open_database(sqlite_url(db_path))
    assert db_path.read_text() == "hello, I am a shopping list\n"


@pytest.mark.sqlite_only("a file")
def test_another_applications_sqlite_file_is_refused_and_left_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="ei ole Osken tietokanta"):
        open_database(sqlite_url(db_path))
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()


@pytest.mark.sqlite_only("a file's folder")
def test_a_database_in_a_missing_folder_is_refused_with_the_folder_named(tmp_path):
    missing = tmp_path / "ei-ole" / "oske.sqlite"
    with pytest.raises(StorageError, match="ei-ole"):
        open_database(sqlite_url(missing))
    assert not missing.parent.exists()


@pytest.mark.sqlite_only("a file's folder")
def test_a_database_in_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "lukittu"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root writes to read-only folders; the /proc test covers this case")
        with pytest.raises(StorageError, match="lukittu"):
            open_database(sqlite_url(folder / "oske.sqlite"))
    finally:
        folder.chmod(0o700)


@pytest.mark.sqlite_only("a file system")
def test_a_database_on_a_file_system_that_cannot_be_written_is_refused():
    # /proc refuses new files even to root, for whom a read-only folder is no obstacle
    with pytest.raises(StorageError, match=r"/proc/oske\.sqlite"):
        open_database(sqlite_url("/proc/oske.sqlite"))


# SQLite's reflection skips an expression index (the vouchers'); test_vouchers.py tests it.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_migrations_create_the_tables_the_mapping_expects(db_path):
    """Alembic's own comparison on a file the migrations have just built (not a copy of the
    tests' template): tables, columns, indexes and unique constraints agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.orm import metadata
    from storage.search_index import is_index_object

    url = empty_url(db_path)
    open_database(url).close()
    engine = create_engine(url)
    with engine.connect() as conn:
        # the search indexes are the migration's own, not the mapping's
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, _type, _parent: not is_index_object(name)}
        )
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_upgrading_keeps_the_project_codes_typed_for_trainees(db_path):
    """Before the register, a trainee's project was a typed code; the upgrade keeps it as a project."""
    url = empty_url(db_path)
    open_database(url, upgrade_to="0004").close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trainees (id, last_name, first_name, kind, institution, project_code,"
                " start, notes, search_key)"
                " VALUES (:id, :last, :first, 'thesis', '', :code, '2023-01-09', '', '')"
            ),
            [
                {"id": "t1", "last": "Koski", "first": "Oona", "code": "MONNI"},
                {"id": "t2", "last": "Laine", "first": "Eero", "code": "monni"},
                {"id": "t3", "last": "Aho", "first": "Ari", "code": ""},
            ],
        )
    engine.dispose()
    db = open_database(url)
    with db.unit_of_work() as uow:
        projects = uow.projects.all()
        linked = {t.last_name: t.project_id for t in uow.trainees.all()}
    db.close()
    assert [p.code for p in projects] == ["MONNI"]
    assert linked == {"Koski": projects[0].id, "Laine": projects[0].id, "Aho": None}


def test_upgrading_names_the_default_categories_in_english_and_leaves_the_others_empty(db_path):
    url = empty_url(db_path)
    open_database(url, upgrade_to="0011").close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE categories SET name = 'Matkat', name_key = 'matkat'"
                " WHERE name_key = 'matkakulut'"
            )
        )
        conn.execute(
            text(
                "INSERT INTO categories (id, name, kind, position, retired, name_key)"
                " VALUES ('c1', 'Lahjoitukset', 'income', 6, :retired, 'lahjoitukset')"
            ),
            {"retired": False},
        )
    engine.dispose()
    db = open_database(url)
    with db.unit_of_work() as uow:
        english = {c.name: c.name_en for c in uow.categories.all()}
    db.close()
    assert (english["Henkilöstökulut"], english["Muut tuotot"]) == (
        "Personnel expenses",
        "Other income",
    )
    assert (english["Matkat"], english["Lahjoitukset"]) == ("", "")
