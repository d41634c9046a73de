"""The database a workstation remembers (--remember, --forget), and no password shown."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.databases import ON_SERVER, SERVER_URL, database_args, new_database_url

ROOT = Path(__file__).parents[2]
PASSWORD = "Salainen-123"


@pytest.fixture
def workstation(tmp_path: Path) -> dict[str, str]:
    """The environment of a workstation of its own: settings and data in a private home."""
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def without_password(url: str, env: dict[str, str]) -> list[str]:
    """The arguments that open ``url`` with its password moved to PGPASSWORD."""
    parsed = make_url(url)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
        url = parsed._replace(password=None).render_as_string(hide_password=False)
    return database_args(url)


def settings_text(env: dict[str, str]) -> str:
    files = Path(env["XDG_CONFIG_HOME"]).rglob("*")
    return "".join(f.read_text(errors="replace") for f in files if f.is_file())


def test_remember_refuses_a_url_with_a_password_and_says_where_passwords_go(workstation):
    url = f"postgresql+psycopg://oske:{PASSWORD}@127.0.0.1:1/oske"
    result = run(workstation, "--db-url", url, "--remember", "demo")
    assert result.returncode == 2
    assert ".pgpass" in result.stderr and "PGPASSWORD" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr + settings_text(workstation)


def test_a_remembered_database_is_the_one_the_next_start_opens(workstation, tmp_path):
    args = without_password(new_database_url(tmp_path / "jaettu.sqlite"), workstation)
    first = run(workstation, *args, "--remember", "demo")
    assert first.returncode == 0, first.stderr
    assert "avaa tästä lähtien" in first.stdout
    again = run(workstation, "demo")  # no --db: the remembered database, which has records
    assert again.returncode == 1 and "tyhjään" in again.stderr


def test_forget_makes_the_next_start_open_the_default_file_again(workstation, tmp_path):
    args = without_password(new_database_url(tmp_path / "jaettu.sqlite"), workstation)
    assert run(workstation, *args, "--remember", "demo").returncode == 0
    forgotten = run(workstation, "--forget", "demo")  # the default file, still empty
    assert forgotten.returncode == 0, forgotten.stderr
    assert (Path(workstation["XDG_DATA_HOME"]) / "Oske" / "oske.sqlite").exists()


def test_a_remembered_database_that_no_longer_opens_says_how_to_forget_it(workstation, tmp_path):
    folder = tmp_path / "verkkolevy"
    folder.mkdir()
    assert (
        run(workstation, "--db", str(folder / "oske.sqlite"), "--remember", "demo").returncode == 0
    )
    shutil.rmtree(folder)  # the drive is gone
    result = run(workstation, "export", str(tmp_path / "kirja.xlsx"))
    assert result.returncode == 2
    assert "verkkolevy" in result.stderr and "--forget" in result.stderr


def wrong_password_url() -> str:
    assert SERVER_URL is not None
    return make_url(SERVER_URL).set(password=PASSWORD).render_as_string(hide_password=False)


BAD_URLS = [
    f"postgresql+psycopg://oske:{PASSWORD}@127.0.0.1:1/oske",  # no server there
    f"postgresql+psycopgg://oske:{PASSWORD}@127.0.0.1/oske",  # a misspelt driver
    f"postgresql://oske:{PASSWORD}@127.0.0.1:portti/oske",  # a port that is no number
    f"postgresql//oske:{PASSWORD}@127.0.0.1/oske",  # no URL at all
    f"postgresql+psycopg://oske@127.0.0.1:1/oske?password={PASSWORD}",
]


@pytest.mark.parametrize("url", BAD_URLS + ([wrong_password_url()] if ON_SERVER else []))
def test_a_database_that_cannot_be_opened_is_one_line_without_the_password(workstation, url):
    result = run(workstation, "--db-url", url, "export", "kirja.xlsx")
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert PASSWORD not in result.stdout + result.stderr
