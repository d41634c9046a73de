"""The window says which database it works on, never its password, and warns of a network
drive."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.engine import make_url

from tests.databases import ON_SERVER, new_database_url
from ui.app.application import open_window
from ui.app.main_window import MainWindow
from ui.app.preferences import DatabaseOrigin

NETWORK_WARNING = "Tietokanta /mnt/toimisto/oske.sqlite on verkkolevyllä (cifs)."


@pytest.fixture
def opened(qtbot, db_path) -> Iterator[tuple[MainWindow, str]]:
    """The window on a new database, as a start opens it, and that database's URL."""
    url = new_database_url(db_path)
    window = open_window(url, DatabaseOrigin.REMEMBERED)
    qtbot.addWidget(window)
    window.show()
    yield window, url
    window.db.close()


def expected_location(url: str) -> str:
    parsed = make_url(url)
    if ON_SERVER:  # the test server's port is not PostgreSQL's default one
        return f"{parsed.username}@{parsed.host}:{parsed.port}/{parsed.database}"
    return str(parsed.database)


def test_the_status_bar_shows_where_the_database_is_and_no_password(opened):
    window, url = opened
    shown = window.database_label.text()
    assert shown.startswith(expected_location(url) + " ")
    password = make_url(url).password
    assert not password or password not in shown


def test_the_status_bar_says_the_database_is_the_one_this_workstation_remembers(opened):
    window, _url = opened
    assert window.database_label.text().endswith("(tälle työasemalle tallennettu)")


def test_about_shows_where_the_database_is_and_no_password(opened, on_modal):
    window, url = opened
    seen: list[str] = []

    def read(box):
        seen.append(box.text())
        box.accept()

    on_modal(read)
    window.show_about()
    assert expected_location(url) in seen[0]
    password = make_url(url).password
    assert not password or password not in seen[0]


def test_a_database_on_a_network_drive_is_warned_of_at_start(qtbot, db, db_path):
    db.warnings.append(NETWORK_WARNING)
    window = MainWindow(db, str(db_path))
    qtbot.addWidget(window)
    window.show()
    window.show_warnings()
    box = window.warning_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.icon() is QMessageBox.Icon.Warning and NETWORK_WARNING in box.text()
    assert window.warning_label.isVisible() and "Varoitus" in window.warning_label.text()
    box.close()
