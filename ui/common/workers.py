"""Long work (import, export, reports) off the GUI thread, with a progress dialog.

The worker never touches a widget: it reports progress and its result through signals,
which Qt delivers to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from domain.about import APP_NAME
from domain.errors import DiskFull, ValidationError
from domain.i18n import _
from exports.tasks import Cancelled, WorkbookError

Task = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self._task(self.progressed.emit, self._cancel.is_set)
        except BaseException as exc:
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """Run ``task(progress, cancelled)`` in a thread; ``done`` or ``error`` fires on the GUI thread."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, label: str, task: Task, parent: QWidget) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(task)
        self._worker.moveToThread(self._thread)
        self._dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
        self._dialog.setWindowTitle(_("Please wait"))
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(300)  # quick work finishes without a flash of dialog
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self._worker.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._progress)
        self._worker.finished.connect(self._finish)
        self._worker.failed.connect(self._fail)
        self.finished = False

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the task to stop, as the progress dialog's Cancel does. A task that notices ends
        with ``error`` (the workbook's ``Cancelled``); one already done is not undone. Safe from
        any thread: it only sets a flag."""
        self._worker.cancel()

    def wait(self) -> None:
        """Let the task end before the application does (after its event loop has
        stopped, when ``done`` can no longer be delivered)."""
        self._thread.quit()  # the thread's loop ends once the task's run returns
        self._thread.wait()

    def _progress(self, done: int, total: int) -> None:
        self._dialog.setMaximum(max(total, 1))
        self._dialog.setValue(min(done, total))

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self._dialog.close()
        self.finished = True

    def _finish(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

    def _fail(self, exc: object) -> None:
        self._stop()
        self.error.emit(exc)


def report_failure(
    exc: object,
    parent: QWidget,
    status: Callable[[str], None],
    *,
    os_error: Callable[[OSError], str] = str,
    where: str | None = None,
) -> None:
    """How a background task's failure reaches the user: a cancel as a status message,
    anything else in a message box (an unreadable workbook or a file that cannot be
    written in the words of ``os_error``, a full disk or a database that cannot be reached
    in its own). An unexpected error is one line naming where it happened; its details
    go to the error log, never to the screen."""
    if isinstance(exc, Cancelled):
        status(_("Cancelled; nothing was changed."))
    elif isinstance(exc, DiskFull):
        QMessageBox.critical(parent, APP_NAME, str(exc))
    elif isinstance(exc, OSError):
        QMessageBox.critical(parent, APP_NAME, os_error(exc))
    elif isinstance(exc, WorkbookError):
        QMessageBox.critical(parent, APP_NAME, str(exc))
    elif isinstance(exc, ValidationError):  # a lock, a lost server, a record changed meanwhile
        QMessageBox.critical(parent, APP_NAME, exc.message)
    else:
        from exports.datafolder import report_unexpected

        where = where or _("a background task")
        line = report_unexpected(exc, where) if isinstance(exc, BaseException) else where
        QMessageBox.critical(parent, APP_NAME, line)
