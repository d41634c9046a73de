"""The window reopens where the user left it: the tab and sub-page, each list's filters,
sort and column widths, the splitters (per workstation, in its preferences)."""

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from domain.caselog import CaseEvent, Sector
from domain.finance import Transaction
from domain.i18n import _
from domain.organisation import Organisation
from domain.staff import StaffMember
from services.caselog import save_case_event
from services.finance import save_transaction
from ui.app import preferences
from ui.app.main_window import MainWindow
from ui.common.widgets import SearchBox

YEAR = date.today().year


@pytest.fixture
def office(db):
    """A database with a person and two case events in two areas."""
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("Virtanen", "Helena", "asiavastaava"))
        uow.settings.save_organisation(Organisation(name="Pikassos", areas=["Eksote", "Kymsote"]))
        uow.commit()
    save_case_event(db, CaseEvent(date(YEAR, 3, 2), "Eksote", Sector.SOCIAL, summary="a"), None)
    save_case_event(db, CaseEvent(date(YEAR, 5, 4), "Kymsote", Sector.HEALTH, summary="b"), None)
    return db


@pytest.fixture
def reopen(qtbot, office, db_path):
    """``reopen()``: close the window open now (if any) and open it again on the database."""
    windows: list[MainWindow] = []

    def again() -> MainWindow:
        if windows:
            windows[-1].close()
        window = MainWindow(office, str(db_path))
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
        windows.append(window)
        return window

    yield again
    # A search typed or put back waits 150 ms before it reads the list: it must not read
    # the database of this test from within the next one, once this one's is dropped.
    for window in windows:
        for box in window.findChildren(SearchBox):
            box.blockSignals(True)


def events_page(window):
    return window.open_tab("caselog_tab").events_page


def test_the_window_reopens_on_the_tab_and_sub_page_it_was_left_on(reopen):
    window = reopen()
    tab = window.open_tab("caselog_tab")
    tab.pages.setCurrentWidget(tab.guardians_page)

    again = reopen()
    assert again.tabs.currentIndex() == 3
    assert again.caselog_tab.pages.currentWidget() is again.caselog_tab.guardians_page


def test_reopening_builds_only_the_tab_in_view(reopen):
    reopen().open_tab("finance_tab")

    again = reopen()
    assert list(again.built_tabs) == [4]
    assert again.finance_tab.transactions_page.model.total == 0


def test_a_lists_search_text_and_period_come_back(reopen, qtbot):
    page = events_page(reopen())
    page.start.setText(f"1.4.{YEAR}")
    page.end.setText(f"30.6.{YEAR}")
    page.search.setText("b")
    page.apply_filters()
    assert page.model.total == 1

    again = events_page(reopen())
    assert (again.start.text(), again.end.text(), again.search.text()) == (
        f"1.4.{YEAR}",
        f"30.6.{YEAR}",
        "b",
    )
    assert [e.area for e in again.model.records()] == ["Kymsote"]


def test_a_lists_choice_filters_come_back(reopen):
    page = events_page(reopen())
    page.sector_filter.setCurrentIndex(page.sector_filter.findData(Sector.HEALTH.value))
    page.area_filter.setCurrentIndex(page.area_filter.findText("Kymsote"))

    again = events_page(reopen())
    assert again.sector_filter.currentData() == Sector.HEALTH.value
    assert again.area_filter.currentText() == "Kymsote"
    assert [e.area for e in again.model.records()] == ["Kymsote"]


def test_a_lists_sort_comes_back(reopen):
    page = events_page(reopen())
    area = page.model.column("area")
    page.view.sortByColumn(area, Qt.SortOrder.DescendingOrder)
    assert [e.area for e in page.model.records()] == ["Kymsote", "Eksote"]

    again = events_page(reopen())
    header = again.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        area,
        Qt.SortOrder.DescendingOrder,
    )
    assert [e.area for e in again.model.records()] == ["Kymsote", "Eksote"]


def test_a_lists_column_widths_come_back(reopen):
    page = events_page(reopen())
    column = page.model.column("area")
    page.view.horizontalHeader().resizeSection(column, 321)

    again = events_page(reopen())
    assert again.view.horizontalHeader().sectionSize(column) == 321


def test_a_list_not_laid_out_by_hand_fits_each_window_it_opens_in(reopen, qtbot):
    events_page(reopen())
    window = reopen()
    window.resize(1920, 1020)
    page = events_page(window)
    summary = page.model.column("summary")
    qtbot.waitUntil(lambda: page.view.columnWidth(summary) > 400)


def test_splitter_positions_come_back(reopen):
    staff = reopen().open_tab("staff_tab")
    splitter = staff.staff_view.parentWidget().parentWidget()
    splitter.setSizes([200, 300])
    sizes = splitter.sizes()

    again = reopen().open_tab("staff_tab")
    assert again.staff_view.parentWidget().parentWidget().sizes() == sizes


def test_restored_filters_read_the_list_once(reopen, office):
    page = events_page(reopen())
    page.start.setText(f"1.1.{YEAR - 1}")
    page.search.setText("b")
    page.sector_filter.setCurrentIndex(page.sector_filter.findData(Sector.HEALTH.value))
    page.area_filter.setCurrentIndex(page.area_filter.findText("Kymsote"))
    page.view.sortByColumn(page.model.column("area"), Qt.SortOrder.AscendingOrder)
    window = reopen()
    window.open_tab("staff_tab")
    window.close()
    counts: list[str] = []

    def counted(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT COUNT") and "case_event" in statement:
            counts.append(statement)

    event.listen(office.engine, "before_cursor_execute", counted)
    try:
        again = reopen()
        again.open_tab("caselog_tab")
    finally:
        event.remove(office.engine, "before_cursor_execute", counted)
    # Read with the defaults as the page is built, then once with every remembered filter:
    # never with some of them (once per filter)
    filtered = [c for c in counts if "LIKE" in c or "area =" in c or "sector =" in c]
    assert len(filtered) == 1
    assert all(part in filtered[0] for part in ("LIKE", "area =", "sector ="))
    assert [e.area for e in again.caselog_tab.events_page.model.records()] == ["Kymsote"]


def test_a_remembered_choice_that_is_gone_shows_all(reopen, office):
    page = events_page(reopen())
    page.area_filter.setCurrentIndex(page.area_filter.findText("Kymsote"))
    reopen().close()
    state = preferences.stored_tab_state("caselog_tab")
    state["CaseEventsPage"]["filters"]["area_filter"] = "Nowhere"
    preferences.store_tab_state("caselog_tab", state)

    again = events_page(reopen())
    assert again.area_filter.currentText() == again.area_filter.itemText(0)
    assert again.model.total == 2


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "[1, 2]",
        '{"CaseEventsPage": 7}',
        '{"CaseEventsPage": {"page": "x", "filters": [1], "sort": {"case_event_table": [1, 2]},'
        ' "widths": {"case_event_table": [1, "a"]}, "splitters": [null, "%%%"]}}',
        '{"CaseEventsPage": {"filters": {"search": 5, "start": "31.2.2026", "sector_filter": 1,'
        ' "area_filter": null}, "sort": {"case_event_table": ["no such column", true]},'
        ' "widths": {"case_event_table": [-5, 100000]}}, "CaseLogTab": {"page": 99}}',
    ],
)
def test_a_corrupt_stored_state_is_ignored(reopen, stored):
    window = reopen()
    window.open_tab("caselog_tab")
    window.close()
    preferences.settings().setValue("tabs/caselog_tab", stored)
    preferences.settings().setValue("window/tab", "no_such_tab")

    again = reopen()
    page = events_page(again)
    assert again.caselog_tab.pages.currentIndex() == 0
    assert (page.start.text(), page.search.text()) == (f"1.1.{YEAR}", "")
    assert page.model.total == 2
    assert page.view.horizontalHeader().sectionSize(0) > 20


def test_the_ledgers_year_category_and_customer_come_back(reopen):
    page = reopen().open_tab("finance_tab").transactions_page
    page.year_filter.setCurrentIndex(page.year_filter.findData(None))  # all years
    page.category_filter.setCurrentIndex(page.category_filter.findText(_("All expenses")))
    page.customer_filter.setCurrentText("Tampereen kaupunki")
    page.apply_filters()

    again = reopen().open_tab("finance_tab").transactions_page
    assert again.year_filter.currentData() is None
    assert (again.start.text(), again.end.text()) == ("", "")
    assert again.category_filter.currentText() == _("All expenses")
    assert again.customer_filter.currentText() == "Tampereen kaupunki"
    assert again.model.query.customer == "Tampereen kaupunki"


def test_a_custom_period_of_the_ledger_comes_back(reopen):
    page = reopen().open_tab("finance_tab").transactions_page
    page.start.setText(f"1.2.{YEAR}")
    page.end.setText(f"15.3.{YEAR}")
    page.apply_filters()

    again = reopen().open_tab("finance_tab").transactions_page
    assert again.year_filter.currentText() == _("Custom period")
    assert (again.start.text(), again.end.text()) == (f"1.2.{YEAR}", f"15.3.{YEAR}")
    assert (again.model.query.start, again.model.query.end) == (
        date(YEAR, 2, 1),
        date(YEAR, 3, 15),
    )


def test_everyone_in_the_staff_list_comes_back_with_the_day_field_off(reopen):
    staff = reopen().open_tab("staff_tab")
    staff.all_dates.setChecked(True)

    again = reopen().open_tab("staff_tab")
    assert again.all_dates.isChecked()
    assert not again.on_date.isEnabled()
    assert again.filter_date is None


def test_putting_a_custom_period_back_leaves_the_focus_where_it_was(reopen, qtbot):
    page = reopen().open_tab("finance_tab").transactions_page
    page.start.setText(f"1.2.{YEAR}")
    page.apply_filters()
    window = reopen()
    window.open_tab("staff_tab")
    window.close()  # the finance tab is remembered with its custom period
    again = reopen()
    again.activateWindow()
    again.staff_tab.staff_view.setFocus()
    qtbot.waitUntil(again.staff_tab.staff_view.hasFocus)

    ledger = again.open_tab("finance_tab").transactions_page
    assert ledger.year_filter.currentText() == _("Custom period")
    assert not ledger.start.edit.hasFocus()


def test_a_search_text_with_commas_quotes_and_accents_comes_back_as_typed(reopen):
    text = 'Hämeen, "kaupunki" \\ 100 % ; [a=b]'
    page = events_page(reopen())
    page.search.setText(text)

    assert events_page(reopen()).search.text() == text


def test_the_projects_timeline_page_comes_back(reopen):
    projects = reopen().open_tab("projects_tab")
    projects.pages.setCurrentIndex(1)

    again = reopen()
    assert again.tabs.currentIndex() == 2
    assert again.projects_tab.pages.currentIndex() == 1


# --- the report pages' choices -----------------------------------------------------------
def report_page(window, tab_attribute, page_attribute):
    tab = window.open_tab(tab_attribute)
    page = getattr(tab, page_attribute)
    tab.pages.setCurrentWidget(page)
    return page


def statistics_page(window):
    return report_page(window, "caselog_tab", "statistics_page")


def comparison_page(window):
    return report_page(window, "finance_tab", "comparison_page")


def remember_only(attribute, page_class, choices):
    """Replace what is stored of a report page's choices (as another version might have)."""
    state = preferences.stored_tab_state(attribute)
    state.setdefault(page_class, {})["choices"] = choices
    preferences.store_tab_state(attribute, state)


@pytest.fixture
def last_year(office):
    save_case_event(office, CaseEvent(date(YEAR - 1, 6, 1), "Eksote", Sector.SOCIAL), None)
    return YEAR - 1


def test_the_statistics_year_comes_back(reopen, last_year):
    page = statistics_page(reopen())
    page.period_combo.setCurrentIndex(page.period_combo.findData(last_year))
    assert page.statistics.total == 1

    again = statistics_page(reopen())
    assert again.period_combo.currentText() == str(last_year)
    assert str(last_year) in again.heading.text()
    assert again.statistics.total == 1


def test_a_custom_statistics_period_comes_back(reopen):
    page = statistics_page(reopen())
    page.period_combo.setCurrentIndex(page.period_combo.findText(_("Custom period")))
    page.start_field.setText(f"1.4.{YEAR}")
    page.end_field.setText(f"30.6.{YEAR}")
    page.refresh()

    again = statistics_page(reopen())
    assert again.period_combo.currentText() == _("Custom period")
    assert (again.start_field.text(), again.end_field.text()) == (f"1.4.{YEAR}", f"30.6.{YEAR}")
    assert again.start_field.isVisible()
    assert again.statistics.total == 1  # 4.5. only


def test_a_remembered_statistics_year_no_longer_offered_is_ignored(reopen):
    statistics_page(reopen())
    reopen().close()
    remember_only("caselog_tab", "CaseStatisticsPage", {"period": 1999})

    again = statistics_page(reopen())
    assert again.period_combo.currentData() == YEAR
    assert again.statistics.total == 2


def test_the_day_of_budget_versus_actual_comes_back(reopen):
    page = comparison_page(reopen())
    page.day_chooser.field.setText(f"30.6.{YEAR - 1}")
    page.refresh()
    assert page.comparison.as_of == date(YEAR - 1, 6, 30)

    again = comparison_page(reopen())
    assert again.day_chooser.field.text() == f"30.6.{YEAR - 1}"
    assert again.comparison.as_of == date(YEAR - 1, 6, 30)
    assert str(YEAR - 1) in again.heading.text()


def test_budget_versus_actual_left_on_today_opens_on_the_day_it_is_then(reopen):
    comparison_page(reopen())
    reopen().close()
    assert preferences.stored_tab_state("finance_tab")["BudgetComparisonPage"]["choices"] == {
        "day": None
    }

    again = comparison_page(reopen())
    assert again.comparison.as_of == date.today()


@pytest.mark.parametrize("stored", ["31.2.2026", "2026-02-31", 2026, None])
def test_a_remembered_day_that_cannot_be_read_is_ignored(reopen, stored):
    comparison_page(reopen())
    reopen().close()
    remember_only("finance_tab", "BudgetComparisonPage", {"day": stored})

    again = comparison_page(reopen())
    assert again.comparison.as_of == date.today()
    assert again.day_chooser.error.text() == ""


def test_the_funding_year_comes_back_and_one_no_longer_offered_is_ignored(reopen, office):
    with office.unit_of_work() as uow:
        sales = uow.categories.by_name("Asiantuntijapalvelujen myynti").id
    for year in (YEAR - 1, YEAR - 2):
        save_transaction(office, Transaction(date(year, 3, 2), sales, Decimal("100"), "a"), None)
    page = report_page(reopen(), "finance_tab", "funding_page")
    page.year_combo.setCurrentIndex(page.year_combo.findData(YEAR - 2))

    again = report_page(reopen(), "finance_tab", "funding_page")
    assert again.year_combo.currentData() == YEAR - 2
    assert again.table.year == YEAR - 2

    reopen().close()
    remember_only("finance_tab", "FundingPage", {"year": YEAR - 5})
    last = report_page(reopen(), "finance_tab", "funding_page")
    assert last.year_combo.currentData() == YEAR - 1  # the newest year with income, as before


def test_the_budget_year_comes_back(reopen):
    page = report_page(reopen(), "finance_tab", "budget_page")
    page.year_spin.setValue(YEAR + 1)

    again = report_page(reopen(), "finance_tab", "budget_page")
    assert again.year == YEAR + 1
    assert str(YEAR + 1) in again.caption.text()


def test_a_report_page_not_opened_keeps_its_remembered_year(reopen, last_year):
    statistics_page(reopen()).period_combo.setCurrentIndex(1)  # last year
    window = reopen()
    window.open_tab("caselog_tab")  # on its list, the statistics not shown
    window.close()

    assert statistics_page(reopen()).period_combo.currentData() == last_year


def test_a_remembered_year_is_counted_once(reopen, office, last_year):
    """The case log opened on last year's statistics counts the events as often as on this
    year's: once, not once with the default year and again with the one put back."""
    statistics_page(reopen()).period_combo.setCurrentIndex(1)

    def counts_on_opening() -> int:
        window = reopen()
        window.open_tab("staff_tab")
        window.close()  # the case log is remembered on its statistics
        window = reopen()
        counted: list[str] = []

        def count(_conn, _cursor, statement, *_args):
            if "case_event" in statement and "GROUP BY" in statement.upper():
                counted.append(statement)

        event.listen(office.engine, "before_cursor_execute", count)
        try:
            tab = window.open_tab("caselog_tab")
        finally:
            event.remove(office.engine, "before_cursor_execute", count)
        assert tab.pages.currentWidget() is tab.statistics_page
        return len(counted)

    with_last_year = counts_on_opening()
    page = statistics_page(reopen())
    assert page.period_combo.currentData() == last_year
    page.period_combo.setCurrentIndex(page.period_combo.findData(YEAR))
    assert with_last_year == counts_on_opening() > 0


def test_the_sales_year_comes_back(reopen, office):
    with office.unit_of_work() as uow:
        sales = uow.categories.by_name("Asiantuntijapalvelujen myynti").id
    sale = Transaction(date(YEAR - 1, 3, 2), sales, Decimal("100"), "a", customer="Virrat")
    save_transaction(office, sale, None)
    page = report_page(reopen(), "finance_tab", "sales_page")
    page.year_combo.setCurrentIndex(page.year_combo.findData(YEAR - 1))

    again = report_page(reopen(), "finance_tab", "sales_page")
    assert again.year_combo.currentData() == YEAR - 1
    assert [r.customer for r in again.table.rows] == ["Virrat"]


def test_the_day_of_project_finances_comes_back(reopen):
    page = report_page(reopen(), "finance_tab", "projects_page")
    page.day_chooser.field.setText(f"31.12.{YEAR - 1}")
    page.refresh()

    again = report_page(reopen(), "finance_tab", "projects_page")
    assert again.day_chooser.field.text() == f"31.12.{YEAR - 1}"
    assert f"31.12.{YEAR - 1}" in again.heading.text()
