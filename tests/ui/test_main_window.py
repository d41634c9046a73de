import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QApplication

from domain.about import APP_VERSION
from domain.staff import StaffMember
from storage.repositories import ListQuery
from storage.server import default_backup_folder
from tests.databases import ON_SERVER
from tests.ui.dialogs import error_beside
from tests.ui.keys import alt_key, control_texts, keys_of
from ui.app.import_dialog import ImportDialog
from ui.app.main_window import MainWindow
from ui.forms.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot, db, db_path):
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.show()
    return w


def staff_count(db) -> int:
    with db.unit_of_work() as uow:
        return uow.staff.count(ListQuery())


def test_an_empty_database_opens_on_the_welcome_view(window):
    assert window.stack.currentWidget() is window.welcome


def test_loading_demo_data_from_the_welcome_view_shows_the_staff(window, qtbot, db):
    qtbot.mouseClick(window.welcome.demo_button, qtbot_left())
    assert window.stack.currentWidget() is window.tabs
    assert window.staff_tab.staff_model.rowCount() > 5
    assert staff_count(db) >= 10


def test_starting_empty_is_remembered(window, qtbot, db, db_path):
    qtbot.mouseClick(window.welcome.empty_button, qtbot_left())
    assert window.stack.currentWidget() is window.tabs
    again = MainWindow(db, str(db_path))
    qtbot.addWidget(again)
    assert again.stack.currentWidget() is again.tabs


def test_a_database_with_records_opens_on_the_tabs(qtbot, db, db_path):
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
        uow.commit()
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    assert w.stack.currentWidget() is w.tabs
    assert w.tabs.tabText(0).replace("&", "") == "Henkilöstö"


def test_the_window_opens_within_a_screen_smaller_than_its_first_size(qtbot, db, db_path):
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    area = w.screen().availableGeometry()
    assert area.width() < 1100  # the offscreen screen: 800×600
    assert w.width() <= area.width() and w.height() <= area.height()


def test_the_menus_speak_finnish(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["Tiedosto", "Raportit", "Ohje"]
    file_items = [
        a.text().replace("&", "")
        for a in window.menuBar().actions()[0].menu().actions()
        if a.text()
    ]
    assert file_items == [
        "Tuo työkirja…",
        "Vie työkirja…",
        "Hae kaikesta…",
        "Päivitä",
        "Muutoshistoria…",
        "Varmuuskopiot…",
        "Asetukset…",
        "Luettelot…",
        "Lopeta",
    ]


def test_export_from_the_menu_runs_in_the_background_and_writes_the_file(
    window, qtbot, db, tmp_path
):
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
        uow.commit()
    target = tmp_path / "tilintarkastajalle.xlsx"
    task = window.export_workbook(str(target))
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Henkilöstö").to_python()
    assert rows[1][1:3] == ["Virtanen", "Helena"]
    assert "1" in window.statusBar().currentMessage()


def bad_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Henkilöstö"
    ws.append(["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Työaika-%"])
    ws.append(["Kantola", "Marjo", "hallintoassistentti", "31.11.2023", 100])
    ws.append(["Bragge", "Kaisa", "kehittämispäällikkö", "1.1.2020", 150])
    ws.append(["Kulo", "Outi", "toimistosihteeri", "1.1.2022", 100])
    wb.save(path)
    return path


def test_an_import_with_errors_lists_every_error_and_changes_nothing(window, qtbot, db, tmp_path):
    task = window.import_workbook(str(bad_workbook(tmp_path / "virheet.xlsx")))
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1
    listed = dialogs[0].preview_view.problems.toPlainText().splitlines()
    assert listed == [
        "Henkilöstö, rivi 2, sarake Alkaen: “31.11.2023” ei ole päivämäärä: kuussa 11 on 30 päivää",
        "Henkilöstö, rivi 3, sarake Työaika-%: 150 ei ole välillä 1–100",
    ]
    assert not dialogs[0].import_button.isVisible()
    dialogs[0].close()
    assert staff_count(db) == 0


def test_an_import_confirmed_in_its_dialog_leaves_the_welcome_view_for_the_staff(
    window, qtbot, db, tmp_path
):
    wb = Workbook()
    wb.active.title = "Henkilöstö"
    wb.active.append(["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Työaika-%"])
    wb.active.append(["Kulo", "Outi", "toimistosihteeri", "1.1.2022", 100])
    wb.save(tmp_path / "henkilosto.xlsx")
    task = window.import_workbook(str(tmp_path / "henkilosto.xlsx"))
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    dialog = window.import_dialog
    assert dialog.isVisible() and staff_count(db) == 0
    task = dialog.start_import()
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    assert staff_count(db) == 1
    assert window.stack.currentWidget() is window.tabs
    assert window.staff_tab.staff_model.rowCount() == 1
    assert "henkilosto.xlsx" in window.statusBar().currentMessage()
    dialog.close()


def test_the_settings_refuse_a_wrong_business_id_beside_the_field(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("Pikassos Oy")
    dialog.business_id.setText("1572860-1")
    dialog.accept()
    assert "1572860-1" in error_beside(dialog, "business_id")
    with db.unit_of_work() as uow:
        assert uow.settings.organisation().name == ""


def test_the_settings_save_the_organisation_and_its_areas(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("Pikassos Oy")
    dialog.business_id.setText("1572860-0")
    dialog.areas.setPlainText("Pirkanmaa\n\nSatakunta\n")
    dialog.accept()
    with db.unit_of_work() as uow:
        org = uow.settings.organisation()
    assert (org.name, org.business_id, org.areas) == (
        "Pikassos Oy",
        "1572860-0",
        ["Pirkanmaa", "Satakunta"],
    )


def test_the_window_remembers_its_size(qtbot, db, db_path):
    first = MainWindow(db, str(db_path))
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # within the 800×600 offscreen screen
    first.close()
    second = MainWindow(db, str(db_path))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_today_is_the_default_day_of_the_staff_filter(window):
    assert window.open_tab("staff_tab").filter_date == date.today()


def mnemonics(window) -> list[str]:
    """The Alt+letter keys of everything the user can see in the window."""
    from PySide6.QtWidgets import QTabBar

    texts = [a.text() for a in window.menuBar().actions()]
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            texts += [bar.tabText(i) for i in range(bar.count())]
    return keys_of(texts + control_texts(window))


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize(
    "tab",
    [
        "staff_tab",
        "board_tab",
        "projects_tab",
        *(f"caselog_tab:{i}" for i in range(4)),
        *(f"finance_tab:{i}" for i in range(6)),
    ],
)
def test_no_two_visible_controls_share_an_alt_key(qtbot, db, db_path, language, tab):
    from domain.i18n import set_language
    from services.demo import load_demo

    set_language(language)
    load_demo(db)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.resize(1100, 720)
    w.show()
    name, _sep, page = tab.partition(":")
    shown = w.open_tab(name)
    if page:
        shown.pages.setCurrentIndex(int(page))
    keys = mnemonics(w)
    assert len(keys) > 3
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_menu_and_its_items_have_an_alt_key_none_twice_in_one_menu(
    qtbot, db, db_path, language
):
    from domain.i18n import set_language

    set_language(language)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    titles = [a.text() for a in w.menuBar().actions()]
    assert None not in map(alt_key, titles), titles
    for menu_action in w.menuBar().actions():
        items = [a.text() for a in menu_action.menu().actions() if not a.isSeparator()]
        keys = [alt_key(text) for text in items]
        assert None not in keys, items
        assert len(set(keys)) == len(keys), items


def test_ctrl_n_adds_to_the_tab_that_is_shown(qtbot, db, db_path, on_modal):
    from PySide6.QtCore import Qt

    from services.demo import load_demo
    from ui.forms.board_seat import SeatDialog
    from ui.forms.case_event import CaseEventDialog
    from ui.forms.staff_member import StaffDialog
    from ui.forms.transaction import TransactionDialog

    load_demo(db)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    opened = []

    def note(dialog):
        opened.append(type(dialog))
        dialog.reject()

    for name in ("board_tab", "caselog_tab", "finance_tab", "staff_tab"):
        tab = w.open_tab(name)
        w.activateWindow()  # back from the previous dialog
        qtbot.waitUntil(w.isActiveWindow)
        on_modal(note)
        qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == [SeatDialog, CaseEventDialog, TransactionDialog, StaffDialog]


def test_a_tab_shows_what_another_tab_changed_when_it_comes_into_view(qtbot, db, db_path):
    from decimal import Decimal

    from domain.projects import ProjectAssignment
    from services.demo import load_demo
    from services.projects import save_assignment

    load_demo(db)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.show()
    with db.unit_of_work() as uow:
        member = next(s for s in uow.staff.all() if s.full_name == "Östman Eija")
        project = uow.projects.by_code("MONNI")
    save_assignment(
        db, ProjectAssignment(project.id, member.id, "suunnittelija", Decimal(20)), None
    )
    w.open_tab("projects_tab")
    w.open_tab("staff_tab")
    model = w.staff_tab.staff_model
    row = model.row_of(member.id)
    assert "MONNI-hanke" in model.data(model.index(row, model.column("projects")))


OPEN_AND_LIST_MODULES = """
import sys
from ui.app.application import create_application, open_window, painted_at

app = create_application()
window = open_window(sys.argv[1])
window.show()
painted_at(window)
assert window.stack.currentWidget() is window.tabs
heavy = ("alembic", "openpyxl", "reportlab", "python_calamine")
print(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m.startswith("resources.demo")))
window.close()
window.db.close()
"""


def test_the_window_opens_without_loading_alembic_the_workbook_the_reports_or_the_demo(db):
    """An up-to-date database needs no migrations, and what only a menu or the welcome
    view needs loads when chosen, not at every start."""
    from services.demo import load_demo

    load_demo(db)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, db.url],
        check=False,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


OPEN_AND_LIST_DIALECTS = """
import sys
from ui.app.application import create_application, open_window, painted_at

app = create_application()
window = open_window(sys.argv[1])
window.show()
painted_at(window)
app.processEvents()
print(" ".join(sorted(m for m in sys.modules if m.startswith("sqlalchemy.dialects."))))
window.close()
window.db.close()
"""


@pytest.mark.sqlite_only("a SQLite start")
def test_a_sqlite_start_does_not_load_sqlalchemys_postgresql_dialect(db):
    """The PostgreSQL dialect's modules take a tenth of a second to import; a window on a
    SQLite file has no use for them."""
    from services.demo import load_demo

    load_demo(db)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_DIALECTS, db.url],
        check=False,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "sqlalchemy.dialects.sqlite" in loaded
    assert not [m for m in loaded if m.startswith("sqlalchemy.dialects.postgresql")]


SHOW_FRAME_AND_LIST_MODULES = """
import sys
from ui.app.application import create_application, painted_at
from ui.app.main_window import MainWindow

app = create_application()
window = MainWindow(None, "")
window.show()
painted_at(window)
database = {"sqlalchemy", "storage", "services"}
print(window.tabs.count(), sorted({m.split(".")[0] for m in sys.modules} & database))
window.close()
"""


def test_the_windows_frame_is_painted_before_the_database_modules_load():
    """At start the menus and the tabs' titles show while SQLAlchemy loads and the
    database opens."""
    result = subprocess.run(
        [sys.executable, "-c", SHOW_FRAME_AND_LIST_MODULES],
        check=False,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5 []"


def test_about_names_the_version_the_database_and_the_folders(window, db_path):
    text = window.about_text()

    assert APP_VERSION in text
    assert str(db_path.name) in text
    assert "Tietokansio: " in text
    # a file's backups beside it; a server's pg_dump files in the user's own folder
    folder = default_backup_folder() if ON_SERVER else db_path.parent / "backups"
    assert f"Varmuuskopiot: {folder}" in text
