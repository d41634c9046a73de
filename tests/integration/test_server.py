"""Opening a database on a PostgreSQL server: clear refusals, one upgrade at a time, a
backup before it. Most need the test server (OSKE_TEST_DATABASE_URL); the refusals of a
URL that never reaches a server run everywhere."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from domain.i18n import set_language
from storage.database import NEEDS_VERSION_KEY, StorageError, head_revision, open_database
from tests.databases import SERVER_URL, empty_url

ROOT = Path(__file__).resolve().parents[2]
on_server = pytest.mark.skipif(SERVER_URL is None, reason="needs OSKE_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def english() -> None:
    """The messages are read in English here; their Finnish is checked by the catalogue."""
    set_language("en")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def admin(sql: str) -> None:
    assert SERVER_URL is not None
    engine = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_a_server_that_is_down_is_one_line_without_the_password():
    url = f"postgresql://toimisto:salainen-sana@127.0.0.1:{free_port()}/oske"
    with pytest.raises(StorageError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "cannot be reached" in message and "toimisto@127.0.0.1" in message
    assert "salainen-sana" not in message and "\n" not in message


def test_a_misspelt_driver_is_named_and_explained():
    with pytest.raises(StorageError, match="postgresql\\+psycopgg"):
        open_database("postgresql+psycopgg://toimisto:salainen@127.0.0.1/oske")


def test_a_url_that_cannot_be_read_is_shown_without_its_password():
    with pytest.raises(StorageError) as caught:
        open_database("postgresql://toimisto:salainen@palvelin:viisi/oske")
    assert "salainen" not in str(caught.value) and "not a database URL" in str(caught.value)


@on_server
def test_a_wrong_password_is_refused_by_name_and_masked():
    assert SERVER_URL is not None
    url = make_url(SERVER_URL).set(password="väärä-salasana")
    with pytest.raises(StorageError) as caught:
        open_database(url.render_as_string(hide_password=False))
    message = str(caught.value)
    assert "refused the user name or password" in message
    assert "väärä-salasana" not in message


@on_server
def test_a_missing_database_is_named():
    assert SERVER_URL is not None
    url = make_url(SERVER_URL).set(database="ei_ole_olemassa")
    with pytest.raises(StorageError, match="“ei_ole_olemassa”"):
        open_database(url.render_as_string(hide_password=False))


@on_server
def test_a_role_without_rights_is_told_so_and_the_database_stays_empty():
    role = f"oske_weak_{uuid.uuid4().hex[:8]}"
    target = empty_url(Path("unused"))
    admin(f"CREATE ROLE {role} LOGIN PASSWORD 'heikko'")
    try:
        url = make_url(target).set(username=role, password="heikko")
        with pytest.raises(StorageError, match="lacks the rights Oske needs"):
            open_database(url.render_as_string(hide_password=False))
        assert revision(target) is None
    finally:
        admin(f"DROP ROLE {role}")


@on_server
def test_two_workstations_starting_at_once_on_an_empty_database_both_come_up():
    url = empty_url(Path("unused"))
    opener = "import sys; from storage.database import open_database; open_database(sys.argv[1])"
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", opener, url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in starts]
    assert [r[2] for r in results] == [0, 0], [r[1][-500:] for r in results]
    assert revision(url) == head_revision()


@on_server
def test_an_older_server_database_is_dumped_before_it_is_upgraded(tmp_path):
    url = empty_url(tmp_path / "old.sqlite")
    open_database(url, upgrade_to="0006").close()
    dump = tmp_path / "ennen.dump"
    db = open_database(url, backup_to=dump)
    db.close()
    assert db.backup_path == dump
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert revision(url) == head_revision()


@on_server
def test_without_pg_dump_the_upgrade_is_refused_and_says_how(tmp_path, monkeypatch):
    url = empty_url(tmp_path / "old.sqlite")
    open_database(url, upgrade_to="0006").close()
    monkeypatch.setenv("OSKE_PG_DUMP", str(tmp_path / "no-pg_dump-here"))
    with pytest.raises(StorageError, match=r"main\.py upgrade --backup-to FILE"):
        open_database(url)
    assert revision(url) == "0006"


@on_server
def test_the_upgrade_command_backs_up_to_the_file_asked_for(tmp_path):
    url = empty_url(tmp_path / "old.sqlite")
    open_database(url, upgrade_to="0006").close()
    dump = tmp_path / "varmuuskopio.dump"
    done = subprocess.run(
        [sys.executable, "main.py", "--db-url", url, "upgrade", "--backup-to", str(dump)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(dump) in done.stdout
    assert dump.read_bytes()[:5] == b"PGDMP"
    assert revision(url) == head_revision()
    assert make_url(url).password not in done.stdout + done.stderr


def test_a_database_upgraded_by_a_newer_oske_names_the_version_it_needs(tmp_path):
    db = open_database(empty_url(tmp_path / "uusi.sqlite"))
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
            conn.execute(
                text("UPDATE oske_meta SET value = '7.0.0' WHERE key = :key"),
                {"key": NEEDS_VERSION_KEY},
            )
    finally:
        db.close()
    with pytest.raises(StorageError, match=r"Update Oske to 7\.0\.0 or newer"):
        open_database(db.url)


@on_server
def test_a_server_older_than_postgresql_13_is_refused_by_its_version():
    from storage.server import ServerError, check_server_version

    assert SERVER_URL is not None
    engine = create_engine(SERVER_URL, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            # What the driver read from a PostgreSQL 12 server at connect time.
            conn.dialect.server_version_info = (12, 19)
            with pytest.raises(ServerError, match=r"runs PostgreSQL 12\.19; Oske needs"):
                check_server_version(conn, make_url(SERVER_URL))
    finally:
        engine.dispose()


def random_page_cost(url: str) -> str:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SHOW random_page_cost")).scalar_one()
    finally:
        db.close()


@on_server
def test_oske_prices_random_reads_as_for_a_database_in_memory(tmp_path):
    from storage.server import RANDOM_PAGE_COST

    assert random_page_cost(empty_url(tmp_path / "x")) == RANDOM_PAGE_COST


@on_server
def test_an_administrators_random_page_cost_is_kept(tmp_path):
    url = empty_url(tmp_path / "x")
    admin(f'ALTER DATABASE "{make_url(url).database}" SET random_page_cost = 2.5')
    assert random_page_cost(url) == "2.5"
