"""Open what Find anything found: its tab and page in view, the filters that would hide it
cleared, its row selected.

A dated record (a case event, a transaction) is shown among the records of its own day, so
that the list holds a handful of rows and the row is found at once even in a log of 200 000
events; the status bar says so, and the period's fields widen it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox

from domain.formats import format_date
from domain.i18n import _
from services.find import Found, FoundKind
from ui.common.views import select_row, select_saved
from ui.common.widgets import quietly
from ui.finance.transactions_page import CUSTOM_PERIOD

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow


def _all(*combos: QComboBox) -> None:
    for combo in combos:
        combo.setCurrentIndex(0)


def _select(view: Any, model: Any, record_id: str) -> None:
    row = model.row_of(record_id)
    if row >= 0:
        select_row(view, row)


def open_found(window: MainWindow, found: Found) -> str:
    """Show ``found`` in its tab; returns what the status bar says."""
    record = found.record
    kind = found.kind
    if kind in (FoundKind.STAFF, FoundKind.TRAINEE):
        tab: Any = window.open_tab("staff_tab")
        with quietly(tab.search):
            tab.search.clear()
        tab.all_dates.setChecked(True)  # everyone in the records, whatever their period
        tab.apply_filters()
        if kind is FoundKind.STAFF:
            _select(tab.staff_view, tab.staff_model, record.id)
        else:
            _select(tab.trainee_view, tab.trainee_model, record.id)
    elif kind is FoundKind.BOARD_SEAT:
        tab = window.open_tab("board_tab")
        index = tab.term_combo.findData(record.term_id)
        if index >= 0:
            tab.term_combo.setCurrentIndex(index)
        _select(tab.seat_view, tab.seat_model, record.id)
    elif kind in (FoundKind.PROJECT, FoundKind.PARTNER):
        tab = window.open_tab("projects_tab")
        tab.pages.setCurrentIndex(0)
        project_id = record.id if kind is FoundKind.PROJECT else record.project_id
        tab.select_project(project_id)
        if kind is FoundKind.PARTNER:
            _select(tab.partners.view, tab.partners.model, record.id)
        else:
            tab.view.setFocus()
    elif kind is FoundKind.GUARDIAN:
        tab = window.open_tab("caselog_tab")
        tab.pages.setCurrentWidget(tab.guardians_page)
        tab.guardians_page.select_guardian(record.id)
    elif kind is FoundKind.CASE_EVENT:
        tab = window.open_tab("caselog_tab")
        tab.pages.setCurrentWidget(tab.events_page)
        page = tab.events_page
        event_filters = (page.area_filter, page.sector_filter, page.service_area_filter)
        with quietly(
            page.search, *event_filters, page.start, page.end, page.start.edit, page.end.edit
        ):
            page.search.clear()
            _all(*event_filters)
            page.start.set_date(record.day)
            page.end.set_date(record.day)
        page.apply_filters()
        select_saved(page.view, page.model, record.id)
        return _("The case events of {day}").format(day=format_date(record.day))
    elif kind in (FoundKind.TRANSACTION, FoundKind.CUSTOMER):
        tab = window.open_tab("finance_tab")
        tab.pages.setCurrentWidget(tab.transactions_page)
        page = tab.transactions_page
        filters = (page.category_filter, page.project_filter)
        customer = record if kind is FoundKind.CUSTOMER else ""
        day = None if kind is FoundKind.CUSTOMER else record.day

        with quietly(
            page.search,
            *filters,
            page.customer_filter,
            page.year_filter,
            page.start,
            page.end,
            page.start.edit,
            page.end.edit,
        ):
            page.search.clear()
            _all(*filters)
            page.customer_filter.setCurrentIndex(-1)
            page.customer_filter.setEditText(customer)
            # A customer's sales of every year; a transaction among those of its day.
            page.year_filter.setCurrentIndex(
                max(0, page.year_filter.findData(None if day is None else CUSTOM_PERIOD))
            )
            page.start.set_date(day)
            page.end.set_date(day)
        page.apply_filters()
        if kind is FoundKind.CUSTOMER:
            page.view.setFocus()
            return _("The transactions of {customer}").format(customer=customer)
        select_saved(page.view, page.model, record.id)
        return _("The transactions of {day}").format(day=format_date(record.day))
    return found.text
