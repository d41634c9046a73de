"""Screens laid out for 1024×768 up to 1920×1080: whole headers, the width to the names and
descriptions, search boxes wide enough to read, chart labels whole."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView, QTabWidget

from domain.i18n import set_language
from services.demo import load_demo
from storage.database import Database
from tests.databases import new_database
from ui.app.main_window import TABS, MainWindow
from ui.common.charts import BarChart
from ui.common.list_page import SEARCH_CHARACTERS, ListPage
from ui.common.views import ColumnFitter

SMALL = (1024, 768 - 60)  # a maximised window less its title bar and the panel
LARGE = (1920, 1080 - 60)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = new_database(Path(tmp_path_factory.mktemp("layout")) / "demo.sqlite")
    load_demo(database)
    yield database
    database.close()


def window_of(qtbot, db: Database, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(db, "demo")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    return window


def every_screen(window: MainWindow) -> Iterator[str]:
    """Brings each main tab and each of its pages into view in turn; yields its name."""
    for entry in TABS:
        page = window.open_tab(entry.attribute)
        pages = getattr(page, "pages", None)
        count = pages.count() if isinstance(pages, QTabWidget) else 1
        for index in range(count):
            if isinstance(pages, QTabWidget):
                pages.setCurrentIndex(index)
            QApplication.processEvents()
            yield f"{entry.attribute} {index}"


def fitted_tables(window: MainWindow) -> list[QTableView]:
    return [
        view
        for view in window.findChildren(QTableView)
        if view.isVisible() and view.findChild(ColumnFitter) is not None
    ]


def cut_headers(view: QTableView) -> list[str]:
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue  # left out for want of room, not cut
        text = str(view.model().headerData(section, Qt.Orientation.Horizontal))
        need = metrics.horizontalAdvance(text) + 8  # the header's margins
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            need += 16  # the sort arrow
        if header.sectionSize(section) < need:
            cut.append(text)
    return cut


@pytest.mark.parametrize("language", ["fi", "en"])
def test_at_1024_every_header_of_every_list_is_whole(qtbot, demo_db, language):
    set_language(language)
    window = window_of(qtbot, demo_db, SMALL)
    cut = {}
    for screen in every_screen(window):
        for view in fitted_tables(window):
            if cut_headers(view):
                cut[f"{screen} {view.objectName()}"] = cut_headers(view)
    assert cut == {}


def test_the_project_detail_lists_show_their_headers_whole_at_1024(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    projects = window.open_tab("projects_tab")
    QApplication.processEvents()
    for part in projects.parts:
        assert cut_headers(part.view) == []
    headers = [
        str(part.view.model().headerData(c, Qt.Orientation.Horizontal))
        for part in projects.parts
        for c in range(part.view.model().columnCount())
    ]
    assert "Organisaatio" in headers and "Ajanjakso" in headers


def test_at_1920_the_extra_width_goes_to_the_names_and_descriptions(qtbot, demo_db):
    small = window_of(qtbot, demo_db, SMALL)
    large = window_of(qtbot, demo_db, LARGE)
    for window in (small, large):
        window.open_tab("finance_tab")
        QApplication.processEvents()
    ledgers = [w.finance_tab.transactions_page.view for w in (small, large)]
    model = ledgers[0].model()
    widths = [{c.key: view.columnWidth(i) for i, c in enumerate(model.COLUMNS)} for view in ledgers]
    grown = {key: widths[1][key] - widths[0][key] for key in widths[0]}
    assert grown["description"] > 300 and grown["customer"] > 150
    for key in ("day", "voucher", "amount", "running_total"):
        assert grown[key] == 0, key


def test_every_list_has_a_stretch_column_for_its_names_or_descriptions(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    without = []
    for screen in every_screen(window):
        for view in fitted_tables(window):
            fitter = view.findChild(ColumnFitter)
            if not any(c.stretch for c in fitter.columns):
                without.append(f"{screen} {view.objectName()}")
    assert without == []


def test_at_1024_every_search_box_reads_a_name_typed(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    narrow = {}
    for screen in every_screen(window):
        for page in window.findChildren(ListPage):
            if page.isVisible() and hasattr(page, "search"):
                room = page.search.fontMetrics().averageCharWidth() * SEARCH_CHARACTERS
                if page.search.width() < room:
                    narrow[screen] = page.search.width()
    assert narrow == {}


def test_a_dragged_column_keeps_its_width_when_the_window_is_resized(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    view = window.staff_tab.staff.view
    view.horizontalHeader().resizeSection(1, 333)
    window.resize(*LARGE)
    QApplication.processEvents()
    assert view.columnWidth(1) == 333


def test_the_budget_charts_value_labels_are_whole_at_its_narrowest(qtbot):
    chart = BarChart(suffix="€")
    qtbot.addWidget(chart)
    chart.set_data(
        ["Henkilöstökulut", "Valtionavustus perustoimintaan"],
        [("Talousarvio", [Decimal("1030000"), Decimal("402400")]), ("Toteuma", [923365, 0])],
    )
    chart.resize(chart.minimumSizeHint().width(), chart.sizeHint().height())
    chart.show()
    rects = chart.value_rects()
    assert len(rects) == 4
    assert all(rect.right() <= chart.width() for rect in rects)
    assert chart.value_text(Decimal("1030000")) == "1\u00a0030\u00a0000\u00a0€"


def test_the_budget_comparison_chart_is_shown_whole_at_1024(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    finance = window.open_tab("finance_tab")
    finance.pages.setCurrentWidget(finance.comparison_page)
    QApplication.processEvents()
    chart = finance.comparison_page.chart
    shown = chart.visibleRegion().boundingRect()
    assert not chart.is_empty()
    assert all(shown.right() + 1 >= rect.right() for rect in chart.value_rects())


# --- the dialogs (scripts/screenshots.py shoots them) ----------------------------------------


@pytest.mark.parametrize("name", ["history log", "record history", "find anything"])
def test_a_large_dialog_is_no_larger_than_the_screen(qtbot, demo_db, name):
    from ui.app.find_dialog import FindDialog
    from ui.history.log_window import HistoryWindow
    from ui.history.record_history import RecordHistoryDialog

    window = window_of(qtbot, demo_db, SMALL)
    with demo_db.unit_of_work() as uow:
        member = uow.staff.all()[0]
    dialog = {
        "history log": lambda: HistoryWindow(demo_db, window),
        "record history": lambda: RecordHistoryDialog(demo_db, "staff", member.id, parent=window),
        "find anything": lambda: FindDialog(demo_db, window),
    }[name]()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    assert room.width() < 960  # the test's screen is narrower than each dialog's own size
    assert dialog.width() <= room.width() - 40 and dialog.height() <= room.height() - 80


def test_the_change_history_names_the_organisations_settings_in_finnish(qtbot, demo_db):
    from ui.history.log_window import HistoryWindow

    log = HistoryWindow(demo_db)
    qtbot.addWidget(log)
    model = log.view.model()
    changes = [
        str(model.index(row, model.columnCount() - 1).data())
        for row in range(model.rowCount())
        if model.index(row, 2).data() == "Asetukset"
    ]
    assert changes and changes[-1].startswith("Nimi: – → ")
    assert "short_name" not in changes[-1] and "Lyhyt nimi: " in changes[-1]


def test_the_keyboard_shortcuts_are_one_line_a_row_and_in_finnish(qtbot):
    from ui.app.keys import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowHeight(1) <= table.fontMetrics().height() + 10
    rows = dialog.keys()
    keys = [row[0] for row in rows]
    assert "Shift+↑ ↓, Ctrl+napsautus" in keys
    assert "Delete" in keys  # a key's name as printed on it, though "Delete" is also a word
    assert not any("click" in key for key in keys)


@pytest.mark.parametrize("name", ["settings", "report texts"])
def test_a_dialog_that_is_no_record_has_no_record_history_button(qtbot, demo_db, name):
    from ui.forms.report_texts_dialog import ReportTextsDialog
    from ui.forms.settings_dialog import SettingsDialog

    dialog = SettingsDialog(demo_db) if name == "settings" else ReportTextsDialog(demo_db, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert not dialog.history_button.isVisible()
    assert [b.text() for b in dialog.buttons.buttons() if b.isVisible()] == ["Tallenna", "Peruuta"]


@pytest.mark.sqlite_only("a file's backups are made by Oske itself")
def test_the_backups_are_listed_one_line_a_row(qtbot, tmp_path):
    from services.backups import back_up_now
    from ui.app.backups_dialog import BackupsDialog

    db = new_database(tmp_path / "oske.sqlite")
    back_up_now(db)
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.rowHeight(0) <= dialog.table.fontMetrics().height() + 10
    db.close()


def test_the_case_event_list_leaves_out_details_in_a_narrow_window_for_the_summary(qtbot, demo_db):
    window = window_of(qtbot, demo_db, SMALL)
    view = window.open_tab("caselog_tab").events_page.view
    QApplication.processEvents()
    columns = view.model().COLUMNS
    hidden = {c.key for i, c in enumerate(columns) if view.isColumnHidden(i)}
    summary = view.columnWidth(columns.index_of("summary"))
    assert hidden == {"channel", "contact_by", "ombudsman", "measures", "nature"}
    assert summary >= 20 * view.fontMetrics().averageCharWidth()
    window.resize(*LARGE)
    QApplication.processEvents()
    assert not any(view.isColumnHidden(i) for i in range(len(columns)))


def test_the_change_history_names_the_setting_a_change_was_to(qtbot, demo_db):
    from ui.history.log_window import HistoryWindow

    log = HistoryWindow(demo_db)
    qtbot.addWidget(log)
    model = log.view.model()
    records = {
        str(model.index(row, 3).data())
        for row in range(model.rowCount())
        if model.index(row, 2).data() == "Asetukset"
    }
    assert "Organisaatio" in records
    assert "" not in records
