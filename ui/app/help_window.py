"""Help → User guide (F1): a short guide inside the application, a page per tab.

The pages are HTML files in ``resources/help/<language>/`` with the same names in every
language; a page's title is its first ``<h1>``. F1 opens the page of the tab in view. The
search lists the pages that hold every word typed, in any form of its letters (case and
accents folded, so "paatos" finds "päätös"), and marks the first place in the page shown.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.i18n import _, current_language

HELP_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "help"
# In the order of the contents: the start, the tabs, then what is reached from the menus.
PAGE_NAMES = (
    "start",
    "staff",
    "board",
    "projects",
    "caselog",
    "finance",
    "workbook",
    "reports",
    "history",
    "keys",
)
# The page F1 opens on each of the window's tabs (by the tab's attribute name).
TAB_PAGES = {
    "staff_tab": "staff",
    "board_tab": "board",
    "projects_tab": "projects",
    "caselog_tab": "caselog",
    "finance_tab": "finance",
}
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def folded(text: str) -> str:
    """``text`` as the search compares it: lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class HelpPage:
    name: str
    title: str
    path: Path
    searchable: str  # the page's words, folded

    def matches(self, words: list[str]) -> bool:
        return all(word in self.searchable for word in words)


def help_pages(language: str | None = None) -> list[HelpPage]:
    """The guide's pages in ``language`` (the interface's by default)."""
    folder = HELP_FOLDER / (language or current_language())
    pages = []
    for name in PAGE_NAMES:
        path = folder / f"{name}.html"
        text = path.read_text(encoding="utf-8")
        title = _TITLE.search(text)
        plain = html.unescape(_TAG.sub(" ", text))
        pages.append(
            HelpPage(name, html.unescape(title.group(1)) if title else name, path, folded(plain))
        )
    return pages


class HelpWindow(QWidget):
    """The guide beside the application's window: contents and search on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("Oske user guide"))
        self.resize(900, 640)
        self.pages = help_pages()

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search the guide"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)
        self.contents = QListWidget(self)
        self.contents.setAccessibleName(_("Pages"))
        self.no_match = QLabel(_("No page has all these words."), self)
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # links between pages go through show_page
        self.browser.anchorClicked.connect(self._follow)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.contents, 1)
        left_layout.addWidget(self.no_match)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_first_match)
        self.contents.currentItemChanged.connect(self._shown)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._filter("")

    # --- what the user does ---------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Show the page ``name`` (its item in the contents selected)."""
        for index in range(self.contents.count()):
            item = self.contents.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.contents.setCurrentItem(item)
                return
        # Filtered out by the search: clear it so that the page can be shown.
        if self.search.text():
            self.search.clear()
            self.show_page(name)

    def shown_page(self) -> str | None:
        item = self.contents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _filter(self, text: str) -> None:
        words = folded(text).split()
        current = self.shown_page()
        self.contents.blockSignals(True)
        self.contents.clear()
        for page in self.pages:
            if page.matches(words):
                item = QListWidgetItem(page.title, self.contents)
                item.setData(Qt.ItemDataRole.UserRole, page.name)
        self.contents.blockSignals(False)
        self.no_match.setVisible(self.contents.count() == 0)
        names = [
            self.contents.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.contents.count())
        ]
        if current is not None and current in names:
            self.show_page(current)
            self._mark(words)
        elif names:
            self.contents.setCurrentRow(0)

    def _open_first_match(self) -> None:
        if self.contents.count():
            self.contents.setCurrentRow(0)
            self.browser.setFocus()

    def _shown(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        page = next(p for p in self.pages if p.name == item.data(Qt.ItemDataRole.UserRole))
        self.browser.setSource(QUrl.fromLocalFile(str(page.path)))
        self._mark(folded(self.search.text()).split())

    def _mark(self, words: list[str]) -> None:
        """Select the first place of the first word searched for, so that it is in view."""
        if not words:
            return
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        # QTextDocument.find compares letters as they are; the search folded them, so the
        # page's own spelling is found by trying the word's forms in the page's text.
        text = self.browser.toPlainText()
        spot = folded(text).find(words[0])
        if spot >= 0:
            original = text[spot : spot + len(words[0])]
            self.browser.find(original, QTextDocument.FindFlag(0))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file"):
            name = Path(url.path()).stem
            if name in PAGE_NAMES:
                self.show_page(name)
