"""A page of the main window, and a main-window tab made of pages (the case log, the
financials), each page a QWidget with ``status_message`` and ``refresh()``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class Page(QWidget):
    """A tab of the main window, or a page of one: it says in the status bar what it did,
    tells when it changed records, and reads the database again when it comes into view."""

    status_message = Signal(str)
    data_changed = Signal()

    def refresh(self) -> None:  # pragma: no cover - each page defines it
        raise NotImplementedError

    def focus_first(self) -> None:
        """Take the focus when the window first shows the tabs."""
        self.setFocus()


class PagedTab(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        # A page asks the database again when it comes into view, so it shows what was
        # entered on the other pages.
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def add_pages(self, pages: Sequence[tuple[QWidget, str]]) -> None:
        for page, title in pages:
            self.pages.addTab(page, title)
            page.status_message.connect(self.status_message)  # type: ignore[attr-defined]

    def refresh(self) -> None:
        page = self.pages.currentWidget()
        if page is not None:
            page.refresh()  # type: ignore[attr-defined]
