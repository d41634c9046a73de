from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.app.application import install_qt_translations
from ui.forms.base import RecordDialog


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A form a test leaves open with changes is discarded before pytest-qt closes the
    widgets: closing it would ask "Discard changes?" and wait for an answer."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RecordDialog) and widget.isVisible():
            widget.discard()
    yield


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
    """Run ``action(dialog)`` on the next modal dialog, once it is shown by exec().

    Called again before that dialog came, the next action waits for the dialog after it,
    so two calls before one key press answer a question and then the message that follows
    it. An action may call ``on_modal`` for a dialog that its own dialog opens. A dialog
    that never came fails the test.
    """
    failures: list[BaseException] = []
    actions: deque[Callable[[QWidget], None]] = deque()
    waiting = False

    def attempt(tries: int = 50) -> None:
        nonlocal waiting
        if not actions:  # the test is over
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries:
            QTimer.singleShot(20, lambda: attempt(tries - 1))
            return
        waiting = False
        action = actions.popleft()
        try:
            assert dialog is not None, "no modal dialog appeared"
            action(dialog)
        except BaseException as exc:
            failures.append(exc)
            if dialog is not None:
                dialog.close()
        finally:
            wait_for_the_next()

    def wait_for_the_next() -> None:
        nonlocal waiting
        if actions and not waiting:
            waiting = True
            QTimer.singleShot(0, attempt)

    def schedule(action: Callable[[QWidget], None]) -> None:
        actions.append(action)
        wait_for_the_next()

    yield schedule
    left = len(actions)
    actions.clear()
    if failures:
        raise failures[0]
    assert not left, f"{left} dialog(s) the test answers never came"


@pytest.fixture
def holder(qtbot) -> QWidget:
    """The window a dialog opens from; it takes the dialog with it at the end of a test."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    return widget
