"""Shared test set-up: headless Qt, and a private home for settings and data.

Both are set before anything imports Qt, so no test reads or writes the developer's own
preferences or default database.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="oske-tests-")
atexit.register(shutil.rmtree, _home, ignore_errors=True)
os.environ["XDG_CONFIG_HOME"] = str(Path(_home) / "config")
os.environ["XDG_DATA_HOME"] = str(Path(_home) / "data")

import pytest

from domain.i18n import set_language
from storage.database import Database, open_database
from tests.databases import (
    ON_SERVER,
    drop_made_since,
    made_count,
    new_database,
    new_database_url,
)


@pytest.fixture(autouse=True)
def finnish_interface() -> Iterator[None]:
    """Every test starts in the default language, Finnish."""
    set_language("fi")
    yield
    set_language("fi")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL server, skip the tests of what only a SQLite file has."""
    if not ON_SERVER:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "SQLite only"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def workstation_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test has a workstation of its own: preferences one test stored (the tab in
    view, a list's filters, the language) do not reach the next one. In this process
    through QSettings' path, in a command run from the test through XDG_CONFIG_HOME."""
    from PySide6.QtCore import QSettings

    config = tmp_path_factory.mktemp("config")
    before = os.environ["XDG_CONFIG_HOME"]
    os.environ["XDG_CONFIG_HOME"] = str(config)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(config))
    yield config
    os.environ["XDG_CONFIG_HOME"] = before
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, before)


@pytest.fixture(autouse=True)
def _server_databases_dropped() -> Iterator[None]:
    """A test's own databases on the server are dropped when it ends.

    Fixtures of a wider scope are set up before this one, so the databases they make are
    counted before the test's and live until the process ends.
    """
    if not ON_SERVER:
        yield
        return
    before = made_count()
    yield
    drop_made_since(before)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "oske.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An empty database at ``db_path``, copied from one migrated once per test process."""
    database = new_database(db_path)
    yield database
    database.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A second empty database, of IDs of its own, for records to move into from ``db``."""
    database = new_database(tmp_path / "other.sqlite")
    yield database
    database.close()


@pytest.fixture
def shared_url(tmp_path: Path) -> str:
    """The database two workstations share (``a`` and ``b``)."""
    return new_database_url(tmp_path / "shared.sqlite")


@pytest.fixture
def a(shared_url: str) -> Iterator[Database]:
    """Workstation A: a Database of its own on the shared database, as another process
    would have (its own engine and connections)."""
    database = open_database(shared_url)
    yield database
    database.close()


@pytest.fixture
def b(shared_url: str) -> Iterator[Database]:
    """Workstation B, beside ``a`` on the same shared database."""
    database = open_database(shared_url)
    yield database
    database.close()
