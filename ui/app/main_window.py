"""The main window: menus, the tabs of the areas that exist, a status bar.

A tab's page, and the modules it needs, are built when the tab first comes into view, so
the window starts with the first tab only. At start-up the window's frame (menus, the
tabs' titles, the status bar) is shown before the database opens, and ``attach`` then
fills it: this module loads no SQLAlchemy until then.

The window follows the database: twice a second it asks its change watcher whether anything
was committed (by another workstation, or by this one) and then reads the tab in view again,
keeping each list's current record and scroll position; the other tabs are read when they
come into view, and F5 reads the tab in view by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.about import APP_NAME, APP_VERSION
from domain.i18n import N_, _
from ui.app import preferences
from ui.app.keys import ShortcutsDialog, focus_main_list, install_window_keys
from ui.app.welcome import WelcomeView
from ui.common.paged_tab import Page
from ui.common.workers import BackgroundTask, report_failure

if TYPE_CHECKING:  # the database's modules load when it opens, the dialogs' when opened
    from services.find import Found
    from storage.changes import ChangeWatcher
    from storage.database import Database
    from ui.app.find_dialog import FindDialog
    from ui.app.help_window import HelpWindow
    from ui.app.import_dialog import ImportDialog
    from ui.app.reports_menu import ReportsMenu
    from ui.history.log_window import HistoryWindow


@dataclass(frozen=True)
class TabEntry:
    """A tab of the window: adding a tab is one entry in ``TABS``."""

    attribute: str  # the window's attribute that holds it: window.staff_tab
    make: Callable[[Database, QWidget], Page]
    label: str  # an N_() string, without an Alt key: Alt+1…5 go to the tabs (ui/app/keys.py)


# Each tab's module is imported when the tab is first built.


def _staff_tab(db: Database, parent: QWidget) -> Page:
    from ui.staff.tab import StaffTab

    return StaffTab(db, parent)


def _board_tab(db: Database, parent: QWidget) -> Page:
    from ui.board.tab import BoardTab

    return BoardTab(db, parent)


def _projects_tab(db: Database, parent: QWidget) -> Page:
    from ui.projects.tab import ProjectsTab

    return ProjectsTab(db, parent)


def _caselog_tab(db: Database, parent: QWidget) -> Page:
    from ui.caselog.tab import CaseLogTab

    return CaseLogTab(db, parent)


def _finance_tab(db: Database, parent: QWidget) -> Page:
    from ui.finance.tab import FinanceTab

    return FinanceTab(db, parent)


TABS = (
    TabEntry("staff_tab", _staff_tab, N_("Staff")),
    TabEntry("board_tab", _board_tab, N_("Board")),
    TabEntry("projects_tab", _projects_tab, N_("Projects")),
    TabEntry("caselog_tab", _caselog_tab, N_("Case log")),
    TabEntry("finance_tab", _finance_tab, N_("Financials")),
)

WATCH_INTERVAL_MS = 500  # how often the window asks whether the database changed
SCREEN_MARGIN = 16  # pixels of the screen's free area left for the window's frame


class MainWindow(QMainWindow):
    db: Database
    reports: ReportsMenu
    changes: ChangeWatcher

    def __init__(self, db: Database | None, database_label: str) -> None:
        """The window on ``db``; with None, its frame alone, to be shown while the database
        opens and then given it with ``attach``."""
        super().__init__()
        self.attached = False
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.task: BackgroundTask | None = None
        self.import_dialog: ImportDialog | None = None  # the import dialog open, if any
        self.history_window: HistoryWindow | None = None  # File → Change history, once opened
        self.help_window: HelpWindow | None = None  # Help → User guide, once opened
        self.daily_backup: BackgroundTask | None = None  # the day's first backup, at start

        self.tabs = QTabWidget(self)
        self.built_tabs: dict[int, Page] = {}  # a tab's index → its page, once built
        self._tab_layouts: list[QVBoxLayout] = []  # where each page goes when first shown
        for entry in TABS:
            holder = QWidget(self.tabs)
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self._tab_layouts.append(layout)
            self.tabs.addTab(holder, _(entry.label))
        # A tab shows what the others changed (a project role in the roster, a renamed person
        # in a project) when it comes into view; one built just now has read it already.
        self._tab_in_view = 0  # its state is remembered when it is left
        self.tabs.currentChanged.connect(self._tab_left)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.welcome = WelcomeView(self)
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.import_requested.connect(self.choose_import)
        self.welcome.empty_requested.connect(self.start_empty)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.stack.setCurrentWidget(self.tabs)  # the frame shows the tabs' titles
        self.setCentralWidget(self.stack)

        self._build_menus()
        install_window_keys(
            self,
            self.tabs,
            lambda: self.current_tab() if self.attached else self.tabs.currentWidget(),
        )
        self.offline_note = QLabel(_("Live updates paused: no connection to the database"), self)
        self.offline_note.setToolTip(
            _("Changes made on other workstations show again once the connection is back.")
        )
        self.offline_note.hide()
        self.statusBar().addPermanentWidget(self.offline_note)
        self.database_label = QLabel(database_label, self)
        self.warning_label = QLabel(self)  # a note of the database's warnings, if any
        self.warning_label.hide()
        self.warning_label.linkActivated.connect(lambda _link: self.show_warnings())
        self.warning_box: QMessageBox | None = None
        self.statusBar().addPermanentWidget(self.warning_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.changes_pending = False  # a change seen, not yet shown
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self.check_for_changes)
        geometry = preferences.stored_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._fit_to_screen()
        self._restore_tab_in_view()
        if db is None:
            self.statusBar().showMessage(_("Opening the database…"))
        else:
            self.attach(db)

    def _fit_to_screen(self) -> None:
        """The first size, or one remembered from a larger screen, made to fit the screen's
        free area: on a 1024×768 screen the window opened 1 100 pixels wide, its right edge
        (the Delete buttons, the last columns) off the screen."""
        screen = self.screen()
        if screen is None:
            return
        area = screen.availableGeometry()
        margin = SCREEN_MARGIN  # the window manager's frame, not known before it is shown
        width = min(self.width(), area.width() - margin)
        height = min(self.height(), area.height() - margin)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if not area.contains(self.frameGeometry().topLeft()):
            self.move(area.topLeft())

    def attach(self, db: Database, database_label: str | None = None) -> None:
        """Fill the frame from the database just opened: the Reports menu, the warnings,
        the watch for changes, and the first tab (or the welcome view)."""
        from storage.changes import ChangeWatcher
        from ui.app.reports_menu import ReportsMenu

        self.db = db
        self.statusBar().clearMessage()
        if database_label is not None:
            self.database_label.setText(database_label)
        self.reports = ReportsMenu(db, self, self.reports_menu)
        self.reports.status_message.connect(self.show_message)
        self.warning_label.setVisible(bool(db.warnings))
        if db.warnings:
            self.warning_label.setText(f"⚠ <a href='#'>{_('Warning about the database')}</a>")
            self.warning_label.setToolTip("\n\n".join(db.warnings))
        self.changes = ChangeWatcher(db)
        self.watch_timer.start()
        self.attached = True
        self._show_welcome_if_empty()

    # --- structure -----------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.import_action = QAction(_("&Import workbook…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_import)
        self.export_action = QAction(_("&Export workbook…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.choose_export)
        self.settings_action = QAction(_("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.lists_action = QAction(_("&Reference lists…"), self)
        self.lists_action.triggered.connect(self.open_reference_lists)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.refresh_action = QAction(_("Re&fresh"), self)
        refresh_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
        f5 = QKeySequence("F5")
        self.refresh_action.setShortcuts(
            [f5, *(k for k in refresh_keys if k != f5)]  # F5 everywhere, shown in the menu
        )
        self.refresh_action.triggered.connect(self.refresh_view)
        self.history_action = QAction(_("Change &history…"), self)
        self.history_action.triggered.connect(self.open_history)
        self.find_action = QAction(_("Fin&d anything…"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+K"))
        self.find_action.triggered.connect(self.open_find)
        for action in (self.import_action, self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.find_action)
        file_menu.addAction(self.refresh_action)
        file_menu.addAction(self.history_action)
        file_menu.addSeparator()
        self.backups_action = QAction(_("&Backups…"), self)
        self.backups_action.triggered.connect(self.open_backups)
        file_menu.addAction(self.backups_action)
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.lists_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        # ReportsMenu fills it once the database is open. The tabs have no Alt keys of
        # their own (Alt+1…5 go to them), so P (A) is free.
        self.reports_menu = self.menuBar().addMenu(_("Re&ports"))
        help_menu = self.menuBar().addMenu(_("&Help"))
        self.guide_action = QAction(_("&User guide"), self)
        self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.guide_action.triggered.connect(self.open_help)
        help_menu.addAction(self.guide_action)
        self.shortcuts_action = QAction(_("&Keyboard shortcuts"), self)
        self.shortcuts_action.triggered.connect(lambda: ShortcutsDialog(self).exec())
        help_menu.addAction(self.shortcuts_action)
        about = QAction(_("&About Oske"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _show_welcome_if_empty(self) -> None:
        empty = self._empty()
        if not empty:
            self.current_tab()  # built before the window shows: it opens filled
        self.stack.setCurrentWidget(self.welcome if empty else self.tabs)
        if empty:
            self.welcome.setFocus()
        else:
            # Once the window is shown and laid out, its list takes the keys: ↓ and Enter
            # work at once, without a Tab first
            QTimer.singleShot(0, self._focus_the_list_in_view)

    def _focus_the_list_in_view(self) -> None:
        if self.isVisible() and self.stack.currentWidget() is self.tabs and not self.focusWidget():
            focus_main_list(self.current_tab())

    def _empty(self) -> bool:
        with self.db.unit_of_work() as uow:
            return uow.settings.is_empty_database()

    def tab(self, index: int) -> Page:
        """The page of the tab at ``index``, built with its modules when first asked for
        (it reads its lists as it is built); also the window's attribute of its entry in
        ``TABS`` (``window.staff_tab``) from then on."""
        page = self.built_tabs.get(index)
        if page is None:
            entry, layout = TABS[index], self._tab_layouts[index]
            page = entry.make(self.db, self)
            layout.addWidget(page)
            page.show()  # at once, not when the event loop next runs: its keys work now
            page.status_message.connect(self.show_message)
            setattr(self, entry.attribute, page)
            self.built_tabs[index] = page
            self._restore_tab_state(index)
        return page

    def open_tab(self, attribute: str) -> Page:
        """Bring a tab into view by its attribute's name (``"finance_tab"``) and return its
        page."""
        index = next(i for i, entry in enumerate(TABS) if entry.attribute == attribute)
        self.tabs.setCurrentIndex(index)
        return self.tab(index)

    def current_tab(self) -> Page:
        return self.tab(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        if index < 0 or not self.attached:
            return
        if index in self.built_tabs:
            self.built_tabs[index].refresh()
        else:
            self.tab(index)

    # --- where the user left (per workstation) ------------------------------------------
    def _restore_tab_in_view(self) -> None:
        """The tab in view when the window was last closed (built when the database opens)."""
        attribute = preferences.stored_tab()
        index = next((i for i, e in enumerate(TABS) if e.attribute == attribute), None)
        if index is not None:
            self.tabs.setCurrentIndex(index)
        self._tab_in_view = self.tabs.currentIndex()

    def _restore_tab_state(self, index: int) -> None:
        """A tab just built is put back as it was left: sub-page, filters, sort, widths."""
        from ui.common.remember import restore_tab

        restore_tab(self.built_tabs[index], preferences.stored_tab_state(TABS[index].attribute))

    def _remember_tab_state(self, index: int) -> None:
        from ui.common.remember import tab_state

        page = self.built_tabs.get(index)
        if page is not None:
            preferences.store_tab_state(TABS[index].attribute, tab_state(page))

    def _tab_left(self, index: int) -> None:
        """The tab left is remembered at once (a crash loses little), and the one shown."""
        self._remember_tab_state(self._tab_in_view)
        self._tab_in_view = index
        if index >= 0:
            preferences.store_tab(TABS[index].attribute)

    def show_tabs(self) -> None:
        """The tabs, after the data changed wholesale (the demo, an import, a restore): the
        tab in view reads it again, the others when they come into view."""
        self.stack.setCurrentWidget(self.tabs)
        self._tab_shown(self.tabs.currentIndex())
        self.current_tab().focus_first()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- following the database ---------------------------------------------------------
    def check_for_changes(self) -> None:
        """On the timer: show a change committed meanwhile, once nothing is being typed."""
        if self.changes.changed():
            self.changes_pending = True
        self.offline_note.setVisible(not self.changes.connected)
        if self.changes_pending and not self._busy():
            self.refresh_view()

    def _busy(self) -> bool:
        """Whether reading the tab again now could lose what the user is doing: a dialog is
        open (its fields stay as typed; the list behind it follows once it closes), or an
        amount is being typed into a table's cell."""
        if QApplication.activeModalWidget() is not None:
            return True
        return any(
            view.state() == QAbstractItemView.State.EditingState
            for view in self.current_tab().findChildren(QAbstractItemView)
        )

    def refresh_view(self) -> None:
        """Read the tab in view again (F5, or after a change), keeping each list's current
        record and scroll position. On the welcome view: the tabs, once another workstation
        has started the database."""
        self.changes_pending = False
        if self.history_window is not None and self.history_window.isVisible():
            self.history_window.refresh()
        if self.stack.currentWidget() is self.welcome:
            if not self._empty():
                self.show_tabs()
            return
        self.current_tab().refresh()

    # --- welcome choices -------------------------------------------------------------
    def load_demo(self) -> None:
        # The demo's data modules load when asked for, not with every start-up
        from services.demo import NotEmpty, load_demo

        try:
            n = load_demo(self.db, date.today())
        except NotEmpty:
            QMessageBox.warning(
                self,
                APP_NAME,
                _("The database already has records; demo data goes only into an empty database."),
            )
            return
        self.show_tabs()
        self.show_message(_("Added {n} demo records.").format(n=n))

    def start_empty(self) -> None:
        from services.settings import mark_started

        mark_started(self.db)
        self.show_tabs()

    # --- workbook --------------------------------------------------------------------
    def _folder(self) -> str:
        return preferences.last_folder() or str(Path.home())

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import workbook"), self._folder(), _("Excel workbooks (*.xlsx)")
        )
        if path:
            preferences.store_last_folder(str(Path(path).parent))
            self.import_workbook(path)

    def choose_export(self) -> None:
        """All records or one year's, then the file."""
        from ui.app.export_dialog import ExportScopeDialog

        scope = ExportScopeDialog(self)
        if not scope.exec():
            return
        year = scope.year()
        name = f"oske-{year}.xlsx" if year is not None else f"oske-{date.today().isoformat()}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export workbook"),
            str(Path(self._folder()) / name),
            _("Excel workbooks (*.xlsx)"),
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            preferences.store_last_folder(str(Path(path).parent))
            self.export_workbook(path, year=year)

    def _run(self, label: str, task, on_done) -> BackgroundTask:
        self.task = BackgroundTask(label, task, self)
        self.task.done.connect(on_done)
        self.task.error.connect(self._task_failed)
        self.task.start()
        return self.task

    def export_workbook(
        self, path: str, lang: str | None = None, *, year: int | None = None
    ) -> BackgroundTask:
        """Write every record (or with ``year`` that year's) to ``path`` in the background."""
        language = lang or preferences.stored_language()

        def task(progress, cancelled):
            from services.workbook import export_database  # openpyxl: loaded when first used

            return export_database(
                self.db, path, lang=language, year=year, progress=progress, cancelled=cancelled
            )

        def done(counts: dict[str, int]) -> None:
            self.show_message(
                _("Exported {rows} rows to {file}").format(rows=sum(counts.values()), file=path)
            )

        return self._run(_("Exporting the workbook…"), task, done)

    def import_workbook(self, path: str) -> BackgroundTask:
        """Check the workbook at ``path`` and open the import dialog on what it would change;
        returns the check running in the background."""
        from ui.app.import_dialog import ImportDialog  # the readers: loaded when first used

        self.import_dialog = ImportDialog(self.db, path, self)
        self.import_dialog.status_message.connect(self.show_message)
        self.import_dialog.imported.connect(lambda _report: self.show_tabs())
        self.task = self.import_dialog.start()
        return self.task

    def _task_failed(self, exc: object) -> None:
        report_failure(exc, self, self.show_message)

    # --- dialogs ---------------------------------------------------------------------
    def open_settings(self) -> None:
        from ui.forms.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.db, self)
        if dialog.exec():
            self.show_message(_("Settings saved"))

    def open_find(self) -> FindDialog | None:
        """File → Find anything (Ctrl+K): a search over every kind of record; the one
        chosen opens in its tab. Returns the dialog (not modal: it closes on Enter)."""
        from ui.app.find_dialog import FindDialog  # loaded when first opened

        if not self.attached or self.stack.currentWidget() is not self.tabs:
            return None
        dialog = FindDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.open_found)
        dialog.open()
        return dialog

    def open_found(self, found: Found) -> None:
        from ui.app.find_navigation import open_found

        self.show_message(open_found(self, found))

    def open_help(self) -> None:
        """Help → User guide (F1): the guide, at the page of the tab in view."""
        from ui.app.help_window import TAB_PAGES, HelpWindow  # loaded when first opened

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        page = "start"
        if self.stack.currentWidget() is self.tabs:
            entry = TABS[self.tabs.currentIndex()]
            page = TAB_PAGES.get(entry.attribute, "start")
        self.help_window.show_page(page)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def open_history(self) -> None:
        """File → Change history: the whole log, beside the window (not modal)."""
        from ui.history.log_window import HistoryWindow  # loaded when first opened

        if self.history_window is None:
            self.history_window = HistoryWindow(self.db, self)
        else:
            self.history_window.refresh()
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.activateWindow()

    def open_backups(self) -> None:
        from ui.app.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.db, self)
        dialog.restored.connect(self.reload_after_restore)
        dialog.exec()

    def reload_after_restore(self) -> None:
        """Every tab reads the restored data (the welcome view if it has none)."""
        self._show_welcome_if_empty()
        if self.stack.currentWidget() is self.tabs:
            self.show_tabs()

    def open_reference_lists(self) -> None:
        from ui.forms.reference_lists_dialog import ReferenceListsDialog

        ReferenceListsDialog(self.db, self).exec()
        self.current_tab().refresh()  # offered values follow the lists at once

    def show_warnings(self) -> None:
        """Show the database's warnings (a network drive …) in a message that does not
        stop the window; nothing when it has none."""
        if not self.db.warnings:
            return
        self.warning_box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            "\n\n".join(self.db.warnings),
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.warning_box.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_box.open()

    def about_text(self) -> str:
        """Help → About: the version, and where the database, the data and the backups are
        (what a person helping on the telephone asks first)."""
        from exports.datafolder import data_folder
        from services.backups import backups_folder

        lines = [
            f"{APP_NAME} {APP_VERSION}",
            _("The office application of a social welfare competence centre."),
            "",
            _("Database: {db}").format(db=self.database_label.text()),
            _("Data folder: {folder}").format(folder=data_folder()),
        ]
        backups = backups_folder(self.db) if self.attached else None
        if backups is not None:
            lines.append(_("Backups: {folder}").format(folder=backups))
        return "\n".join(lines)

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Oske"), self.about_text())

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.store_geometry(self.saveGeometry())
        for index in self.built_tabs:
            self._remember_tab_state(index)
        self.watch_timer.stop()
        if self.attached:
            self.changes.close()
        super().closeEvent(event)
