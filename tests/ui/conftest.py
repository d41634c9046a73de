from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.app.application import install_qt_translations


@pytest.fixture(scope="session", autouse=True)
def finnish_qt(qapp: QApplication) -> Iterator[None]:
    install_qt_translations(qapp, "fi")
    yield
    # What a test copied must not outlive the application: the offscreen platform's
    # clipboard otherwise frees its data after Qt is gone, and the process dies with
    # a segmentation fault (exit 139) after every test has passed.
    qapp.clipboard().clear()
    qapp.processEvents()


@pytest.fixture
def on_modal(qtbot) -> Iterator[Callable[[Callable[[QWidget], None]], None]]:
    """Run ``action(dialog)`` on the next modal dialog, once it is shown by exec()."""
    failures: list[BaseException] = []

    def schedule(action: Callable[[QWidget], None]) -> None:
        def attempt(tries: int = 50) -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None and tries:
                QTimer.singleShot(20, lambda: attempt(tries - 1))
                return
            try:
                assert dialog is not None, "no modal dialog appeared"
                action(dialog)
            except BaseException as exc:
                failures.append(exc)
                if dialog is not None:
                    dialog.close()

        QTimer.singleShot(0, attempt)

    yield schedule
    if failures:
        raise failures[0]
