"""Start the Qt application: language, Qt's own translations, the window, the database.

The window's frame is painted before the database opens (SQLAlchemy alone takes a good
part of a second to load), then the database fills it."""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from domain.about import APP_NAME, ORGANISATION_DOMAIN
from domain.i18n import _, current_language
from ui.app.preferences import DatabaseOrigin, forget_hint

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow


class _QtCatalogueGaps(QTranslator):
    """The Finnish words Qt's own catalogue lacks (or words differently from Oske).

    Qt 6 gave the file dialog's labels mnemonics and moved the names of file types to a
    new class, and its Finnish catalogue was not updated: without these, "Look in:",
    "Files of type:" and every folder's type stay English in a Finnish window.
    """

    FINNISH: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "&Kansio:",
        ("QFileDialog", "Files of &type:"): "Tiedosto&tyyppi:",
        ("QAbstractFileIconProvider", "Folder"): "Kansio",
        ("QAbstractFileIconProvider", "File"): "Tiedosto",
        ("QAbstractFileIconProvider", "%1 File"): "%1-tiedosto",
        ("QAbstractFileIconProvider", "Drive"): "Asema",
        # Qt says "Peru" on its standard button; Oske's own buttons say "Peruuta"
        ("QPlatformTheme", "Cancel"): "Peruuta",
    }

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "": an empty string would count as a translation and blank the label.
        return self.FINNISH.get((context, source))

    def isEmpty(self) -> bool:
        return False


def prefer_language_in_system_formats(language: str) -> None:
    """Qt's file dialog shows dates and sizes in the *system* locale, which on Linux is
    read from the environment when the first QApplication starts. A Finnish window on a
    workstation set up in English (or "C") would list files as "6 12 2026 00:45",
    "7.78 KiB". Before the application exists, the chosen language's number and time
    formats are asked for; an explicit LC_ALL is the user's own and is left alone."""
    if language != "fi" or os.name != "posix" or os.environ.get("LC_ALL"):
        return
    if QApplication.instance() is None:
        for variable in ("LC_NUMERIC", "LC_TIME"):
            os.environ[variable] = "fi_FI.UTF-8"


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's standard buttons and dialogs speak the chosen language (Qt's shipped catalogues)."""
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Finnish if language == "fi" else QLocale.Language.English,
            QLocale.Country.Finland,
        )
    )
    if language == "en":
        return
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", path):
            app.installTranslator(translator)
    if language == "fi":
        app.installTranslator(_QtCatalogueGaps(app))  # asked first: installed last


def create_application(argv: list[str] | None = None) -> QApplication:
    prefer_language_in_system_formats(current_language())
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)  # the window's widgets need one, not a QCoreApplication
    app.setApplicationName(APP_NAME)
    app.setOrganizationDomain(ORGANISATION_DOMAIN)
    install_qt_translations(app, current_language())
    return app


def database_label(url: str, origin: DatabaseOrigin) -> str:
    """The status bar's words for the database: where it is (never a password) and how
    this start chose it."""
    from storage.location import shown_location

    location = shown_location(url)
    if origin is DatabaseOrigin.REMEMBERED:
        return _("{location} (remembered on this workstation)").format(location=location)
    if origin is DatabaseOrigin.DEFAULT:
        return _("{location} (the default file)").format(location=location)
    return _("{location} (given at start)").format(location=location)


def open_window(url: str, origin: DatabaseOrigin = DatabaseOrigin.GIVEN) -> MainWindow:
    """Open the database and the window on it (not yet shown); StorageError when the
    database cannot be opened."""
    from storage.database import open_database
    from ui.app.main_window import MainWindow

    db = open_database(url)
    try:
        window = MainWindow(db, database_label(url, origin))
    except BaseException:
        db.close()
        raise
    note_upgrade(window)
    return window


def note_upgrade(window: MainWindow) -> None:
    """In the status bar: the database was upgraded at opening, and where its backup is."""
    if window.db.backup_path:
        window.show_message(
            _("The database was upgraded; a backup of the old version is in {path}").format(
                path=window.db.backup_path
            )
        )


def start_daily_backup(window: MainWindow) -> None:
    """A database file's first backup of the day, in the background once the window is
    shown: a large file must not hold the window back. A failure is a status-bar note."""
    from services.backups import BackupError, daily_backup
    from ui.common.workers import BackgroundTask

    def failed(exc: object) -> None:
        if isinstance(exc, BackupError):
            window.show_message(str(exc))
        else:
            window.show_message(_("Today's backup could not be taken."))

    task = BackgroundTask(
        _("Taking today's backup…"), lambda _progress, _cancelled: daily_backup(window.db), window
    )
    task.error.connect(failed)
    window.daily_backup = task  # kept alive until it ends
    task.start()


def install_error_hook(window: MainWindow) -> None:
    """An error no code of the window caught (Qt would print it on the terminal and go
    on): a database that cannot be reached just now is its message; anything else is one
    line naming the error log, which gets the details."""
    from domain.errors import ValidationError
    from exports.datafolder import report_unexpected

    def hook(kind: type[BaseException], exc: BaseException, trace: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, trace)  # type: ignore[arg-type]
            return
        if isinstance(exc, ValidationError):
            QMessageBox.critical(window, APP_NAME, exc.message)
            return
        QMessageBox.critical(
            window, APP_NAME, report_unexpected(exc, _("the window's last action"))
        )

    sys.excepthook = hook


class _Paints(QObject):
    """Notes a paint of the window or of anything in it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.painted = True
        return False


def painted_at(window: QWidget, timeout: float = 30.0) -> float:
    """When the window, just shown or changed, has been painted (``time.perf_counter``),
    the events that asked for it handled: what the person sees is on the screen."""
    app = QApplication.instance()
    assert app is not None
    paints = _Paints(window)
    app.installEventFilter(paints)
    give_up = time.perf_counter() + timeout
    try:
        while not paints.painted and time.perf_counter() < give_up:
            app.processEvents()
        app.processEvents()  # the rest of that paint: every widget that asked for one
    finally:
        app.removeEventFilter(paints)
    return time.perf_counter()


def connecting_notice(url: str) -> QLabel | None:
    """A small window that says which server Oske is connecting to, shown before a server
    database opens: an unreachable host may take the connection timeout (10 s) to say
    so, and the person should not wonder whether Oske started at all. None for a file."""
    if not url.lower().startswith("postgres"):
        return None
    from storage.location import shown_location

    notice = QLabel(
        _("Connecting to the database: {location}").format(location=shown_location(url))
    )
    notice.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
    notice.setMargin(24)
    notice.setFrameShape(QLabel.Shape.Box)
    notice.adjustSize()
    notice.show()
    QApplication.processEvents()  # paint it before the connection blocks this thread
    return notice


def run(
    url: str,
    *,
    origin: DatabaseOrigin = DatabaseOrigin.GIVEN,
    smoke: bool = False,
    started: float | None = None,
) -> int:
    started = started if started is not None else time.perf_counter()
    app = create_application()
    from ui.app.main_window import MainWindow

    window = MainWindow(None, "")  # the frame, painted while the database opens
    window.show()
    painted = painted_at(window)
    if smoke:
        print(_("Window painted in {seconds:.2f} s").format(seconds=painted - started), flush=True)
    notice = None if smoke else connecting_notice(url)
    from storage.database import StorageError, open_database

    def refuse(message: str) -> int:
        """The database did not open: say why, close the frame."""
        if notice is not None:
            notice.close()
        if smoke:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(window, APP_NAME, message)
        window.close()
        return 2

    try:
        db = open_database(url)
    except StorageError as exc:
        message = str(exc)
        if origin is DatabaseOrigin.REMEMBERED:
            message += "\n\n" + forget_hint()
        return refuse(message)
    except Exception as exc:  # nobody foresaw it: one line, the details in the error log
        from exports.datafolder import report_unexpected
        from storage.location import shown_location

        where = _("opening the database {location}").format(location=shown_location(url))
        return refuse(report_unexpected(exc, where))
    try:
        window.attach(db, database_label(url, origin))
    except BaseException:
        db.close()
        raise
    finally:
        gc.enable()  # main.py turned it off for the start-up
    if notice is not None:
        notice.close()
    note_upgrade(window)
    if smoke:
        for warning in db.warnings:
            print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
        populated = painted_at(window)  # the tab in view, filled, on the screen
        print(
            _("First tab populated in {seconds:.2f} s").format(seconds=populated - started),
            flush=True,
        )
        window.close()
        db.close()
        return 0
    window.show_warnings()  # once, at start; the status bar keeps a note of them
    install_error_hook(window)
    from exports.datafolder import sweep_temp

    sweep_temp()  # what killed runs left in the private temporary folder
    start_daily_backup(window)
    code = app.exec()
    if window.daily_backup is not None:
        window.daily_backup.wait()
    db.close()
    return code
