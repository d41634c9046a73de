"""What a tab looked like when it was left, to be put back when it is next built.

A tab's state is a plain dictionary (stored as JSON in the workstation's preferences by
the window): for each page of the tab (the tab itself and its sub-pages, by class name)
the sub-page in view, the filters of a list page, each lazy list's sort column and order,
each table's column widths and each splitter's positions; for each report page (a
``ChoosingPage``: the statistics, the budget, budget versus actual …) its choices, a year,
a day or a period.

Restoring is forgiving: a value that no longer fits (a column count changed, a filter
choice that is gone, a date that cannot be read, anything corrupt) is passed over, and the
page keeps what it was built with. The filters are put back while the page holds its
queries (``ListPage.holding_filters``), so the lists are read once, not once per field.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from domain.errors import ValidationError
from domain.formats import parse_date
from ui.common.list_page import ListPage
from ui.common.paged_tab import Page
from ui.common.table_model import LazyRecordModel
from ui.common.views import ColumnFitter
from ui.common.widgets import DateField, SearchBox, quietly

Scalar = str | int | bool | None
MAX_WIDTH = 10_000  # pixels: a remembered column wider than this is not believed


@runtime_checkable
class ChoosingPage(Protocol):
    """A report page whose choices (a year, a day, a period) are remembered.

    ``choices`` says what is chosen, in JSON's scalars. ``restore_choices`` puts back what
    still fits (a year no longer offered, a day that cannot be read: passed over), quietly:
    a page not yet shown reads its figures once, with them, when it is; a page already
    shown reads them again once."""

    def choices(self) -> dict[str, Scalar]: ...

    def restore_choices(self, choices: dict[str, object]) -> None: ...


def tab_state(tab: Page) -> dict[str, Any]:
    """The state of a tab and of each of its pages, to be given to ``restore_tab`` later."""
    state = {_key(page): page_state(page) for page in _pages(tab)}
    for page in _choosing_pages(tab):
        state.setdefault(_key(page), {})["choices"] = page.choices()
    return state


def restore_tab(tab: Page, state: object) -> None:
    """Put a tab back as ``tab_state`` found it, as far as it still fits."""
    if not isinstance(state, dict):
        return
    focus = QApplication.focusWidget()  # a page's handler may move it (a custom period)
    # The choices before the sub-page: a report page brought into view reads its figures
    # once, with the choices it was left with.
    for chooser in _choosing_pages(tab):
        remembered = state.get(_key(chooser))
        choices = remembered.get("choices") if isinstance(remembered, dict) else None
        if isinstance(choices, dict):
            chooser.restore_choices(choices)
    for page in _pages(tab):
        restore_page(page, state.get(_key(page)))
    if focus is not None and focus is not QApplication.focusWidget():
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def _pages(tab: Page) -> list[Page]:
    return [tab, *tab.findChildren(Page)]


def _choosing_pages(tab: Page) -> list[Any]:
    return [page for page in tab.findChildren(QWidget) if isinstance(page, ChoosingPage)]


def _key(page: QWidget) -> str:
    return type(page).__name__  # each page class is in one tab once


# --- one page -----------------------------------------------------------------------------
def page_state(page: Page) -> dict[str, Any]:
    state: dict[str, Any] = {}
    pages = _sub_pages(page)
    if pages is not None:
        state["page"] = pages.currentIndex()
    if _filters_apply(page):
        assert isinstance(page, ListPage)
        state["filters"] = {
            name: value
            for name, widget in _filter_widgets(page)
            if (value := _filter_value(widget)) is not _UNKNOWN
        }
        state["sort"] = {
            _view_key(page, records.view): [
                records.model.query.sort,
                records.model.query.descending,
            ]
            for records in page.lists
            if isinstance(records.model, LazyRecordModel)
        }
    state["widths"] = {
        _view_key(page, view): [
            view.horizontalHeader().sectionSize(i) for i in range(view.horizontalHeader().count())
        ]
        for view in _own(page, QTableView)
        if _laid_out_by_user(view)
    }
    state["splitters"] = [
        base64.b64encode(bytes(splitter.saveState().data())).decode("ascii")
        for splitter in _own(page, QSplitter)
    ]
    return state


def restore_page(page: Page, state: object) -> None:
    """Put one page back; what does not fit is passed over."""
    if not isinstance(state, dict):
        return
    _restore_sub_page(page, state.get("page"))
    _restore_widths(page, state.get("widths"))
    _restore_splitters(page, state.get("splitters"))
    if _filters_apply(page):
        assert isinstance(page, ListPage)
        with page.holding_filters():
            changed = _restore_sort(page, state.get("sort"))
            changed = _restore_filters(page, state.get("filters")) or changed
            if changed:
                page.apply_filters()  # held: the lists are read once, when the hold ends


def _filters_apply(page: Page) -> bool:
    """Whether the page's filters and sort can be put back: a list page whose own
    ``apply_filters`` reads the lists with what the filters say."""
    return isinstance(page, ListPage) and page.applies_filters()


def _sub_pages(page: Page) -> QTabWidget | None:
    pages = getattr(page, "pages", None)
    return pages if isinstance(pages, QTabWidget) else None


def _restore_sub_page(page: Page, index: object) -> None:
    pages = _sub_pages(page)
    if pages is None or type(index) is not int or not 0 <= index < pages.count():
        return
    # Quietly: each sub-page read its lists as it was built a moment ago
    with quietly(pages):
        pages.setCurrentIndex(index)


def _own(page: Page, kind: type[QWidget]) -> list[Any]:
    """The page's widgets of a kind, leaving out those of its sub-pages and windows."""
    own = []
    for widget in page.findChildren(kind):
        parent = widget.parentWidget()
        while parent is not None and parent is not page:
            if isinstance(parent, Page) or parent.isWindow():
                break
            parent = parent.parentWidget()
        if parent is page:
            own.append(widget)
    return own


def _view_key(page: Page, view: QTableView) -> str:
    name = view.objectName()
    if name:
        return name
    unnamed = [v for v in _own(page, QTableView) if not v.objectName()]
    return f"table{unnamed.index(view)}"


def _laid_out_by_user(view: QTableView) -> bool:
    """A table whose columns fit themselves to the window is remembered only once the user
    has dragged a column; until then it keeps fitting the window it opens in."""
    fitter = view.findChild(ColumnFitter)
    return fitter is None or fitter.manual


def _restore_widths(page: Page, widths: object) -> None:
    if not isinstance(widths, dict):
        return
    for view in _own(page, QTableView):
        sizes = widths.get(_view_key(page, view))
        header = view.horizontalHeader()
        if not isinstance(sizes, list) or len(sizes) != header.count():
            continue  # the columns changed since
        for i, size in enumerate(sizes):
            if (
                type(size) is int
                and 0 < size <= MAX_WIDTH
                and not header.isSectionHidden(i)
                and header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive
            ):
                header.resizeSection(i, size)


def _restore_splitters(page: Page, states: object) -> None:
    splitters = _own(page, QSplitter)
    if not isinstance(states, list) or len(states) != len(splitters):
        return
    for splitter, encoded in zip(splitters, states, strict=True):
        if not isinstance(encoded, str):
            continue
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        before = splitter.saveState()
        if not splitter.restoreState(QByteArray(data)) or 0 in splitter.sizes():
            splitter.restoreState(before)


def _restore_sort(page: ListPage, sorts: object) -> bool:
    """The lists' remembered orders, taken for their next read; whether one changed."""
    if not isinstance(sorts, dict):
        return False
    changed = False
    for records in page.lists:
        model = records.model
        remembered = sorts.get(_view_key(page, records.view))
        if not isinstance(model, LazyRecordModel) or not isinstance(remembered, list):
            continue
        if len(remembered) != 2 or not isinstance(remembered[0], str):
            continue
        key, descending = remembered
        if type(descending) is not bool or not model.order_by(key, descending):
            continue
        changed = True
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = records.view.horizontalHeader()
        with quietly(header):
            header.setSortIndicator(model.sort_column(), order)
    return changed


# --- filters ------------------------------------------------------------------------------
_UNKNOWN = object()  # a filter whose value is not remembered


def _filter_widgets(page: ListPage) -> list[tuple[str, QWidget]]:
    """The page's filters by their attribute names, in the order they were made (a sector
    before the service areas it offers): the search box, date fields, choices, check boxes."""
    own = set(_own(page, QWidget))
    return [
        (name, widget)
        for name, widget in vars(page).items()
        if isinstance(widget, SearchBox | DateField | QComboBox | QCheckBox) and widget in own
    ]


def _filter_value(widget: QWidget) -> Scalar | object:
    if isinstance(widget, SearchBox | DateField):
        return widget.text()
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return widget.currentText()
        data = widget.currentData()
        return data if data is None or type(data) in (str, int, bool) else _UNKNOWN
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return _UNKNOWN


def _restore_filters(page: ListPage, filters: object) -> bool:
    """Set each remembered filter that still fits; whether one changed."""
    if not isinstance(filters, dict):
        return False
    changed = False
    for name, widget in _filter_widgets(page):
        if name in filters and filters[name] != _filter_value(widget):
            changed = _restore_filter(widget, filters[name]) or changed
    return changed


def _restore_filter(widget: QWidget, value: object) -> bool:
    if isinstance(widget, SearchBox):
        if not isinstance(value, str):
            return False
        with quietly(widget):  # no pause timer: applied at the end
            widget.setText(value)
        return True
    if isinstance(widget, DateField):
        if not isinstance(value, str) or not _readable_date(value):
            return False
        with quietly(widget.edit):
            widget.setText(value)
        return True
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            if not isinstance(value, str):
                return False
            edit = widget.lineEdit()
            with quietly(widget, edit):
                widget.setCurrentText(value)
            return True
        index = next(
            (
                i
                for i in range(widget.count())
                if type(widget.itemData(i)) is type(value) and widget.itemData(i) == value
            ),
            -1,
        )
        if index < 0:
            return False  # the choice is gone
        widget.setCurrentIndex(index)  # heard: a choice may fill the next one (the sector's areas)
        return True
    if isinstance(widget, QCheckBox):
        if type(value) is not bool:
            return False
        widget.setChecked(value)  # heard: it may enable or disable another filter
        return True
    return False


def _readable_date(text: str) -> bool:
    if not text.strip():
        return True
    try:
        day = parse_date(text)
    except (ValidationError, ValueError):
        return False
    return day is None or isinstance(day, date)
