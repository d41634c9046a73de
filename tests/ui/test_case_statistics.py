"""The case-log statistics page and the bar chart, driven through their widgets, in Finnish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from domain.caselog import CaseEvent, ReferenceKind, Sector
from domain.i18n import _, set_language
from domain.organisation import Organisation
from services.caselog import check_case_event, set_retired
from ui.caselog.statistics_page import CUSTOM, CaseStatisticsPage, sector_heading
from ui.common.charts import BarChart

AREAS = ["Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue", "Satakunnan hyvinvointialue"]
PIRKANMAA, KANTA_HAME, SATAKUNTA = AREAS


def value_id(db, kind: ReferenceKind, name: str, sector: Sector | None = None) -> str:
    with db.unit_of_work() as uow:
        return next(
            v.id
            for v in uow.references.of_kind(kind, sector, with_retired=True)
            if v.answers_to(name)
        )


# (day, area, sector, service area, reasons, measures, minutes)
DEMO_LIKE = [
    *[
        (
            day,
            PIRKANMAA,
            Sector.SOCIAL,
            "iäkkäiden palvelut",
            ["päätös", "kohtelu"],
            ["neuvonta ja ohjaus"],
            20,
        )
        for day in (date(2024, 1, 1), date(2024, 3, 5), date(2024, 6, 7), date(2024, 12, 31))
    ],
    *[
        (day, KANTA_HAME, Sector.SOCIAL, "vammaispalvelut", ["päätös"], [], 20)
        for day in (date(2024, 2, 2), date(2024, 8, 8))
    ],
    *[
        (day, PIRKANMAA, Sector.HEALTH, "terveysasema", ["hoitoon pääsy"], [], 45)
        for day in (date(2024, 4, 4), date(2024, 5, 5), date(2024, 9, 9))
    ],
    (date(2024, 10, 10), KANTA_HAME, Sector.HEALTH, "sairaala", [], ["sovittelu"], 45),
    (date(2023, 12, 31), PIRKANMAA, Sector.SOCIAL, "lastensuojelu", [], [], 90),
]


@pytest.fixture
def demo_like(db):
    """The demo's three areas; in 2024 ten events (none in Satakunta), in 2023 one."""
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(
            Organisation(name="Sosiaalialan osaamiskeskus Esimerkki Oy", areas=AREAS)
        )
        values = list(uow.references.by_id().values())

        def named(kind: ReferenceKind, name: str, sector: Sector | None = None) -> str:
            return next(
                v.id for v in values if v.kind is kind and v.sector is sector and v.answers_to(name)
            )

        for day, area, sector, service_area, reasons, measures, minutes in DEMO_LIKE:
            event = CaseEvent(
                day,
                area,
                sector,
                service_area_id=named(ReferenceKind.SERVICE_AREA, service_area, sector),
                nature_id=named(ReferenceKind.NATURE, "tyytymättömyys"),
                reason_ids=[named(ReferenceKind.REASON, r) for r in reasons],
                measure_ids=[named(ReferenceKind.MEASURE, m) for m in measures],
                contact_by_id=named(ReferenceKind.CONTACT_BY, "asiakas"),
                channel_id=named(ReferenceKind.CHANNEL, "puhelin"),
                minutes=minutes,
            )
            check_case_event(uow, event)  # as save_case_event does, in one transaction
            uow.case_events.add(event)
        uow.commit()


@pytest.fixture
def page(qtbot, db, demo_like):
    widget = CaseStatisticsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    with qtbot.waitActive(widget):  # Ctrl+C works in the active window only
        widget.show()
        widget.activateWindow()
    return widget


def choose_year(page, year: int) -> None:
    page.period_combo.setCurrentIndex(page.period_combo.findData(year))


def cells(section) -> list[list[str]]:
    model = section.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_current_year_is_shown_first_and_the_years_of_the_events_are_offered(page):
    this_year = date.today().year
    assert page.period_combo.currentData() == this_year
    offered = [page.period_combo.itemData(i) for i in range(page.period_combo.count())]
    assert offered == [*sorted({this_year, 2024, 2023}, reverse=True), CUSTOM]


def test_the_area_table_shows_the_years_events_per_area_and_sector_with_totals(page):
    choose_year(page, 2024)
    assert page.area_section.model.header_texts() == [
        _("Area"),
        _("Social welfare"),
        _("Health care"),
        _("Total"),
    ]
    assert cells(page.area_section) == [
        [PIRKANMAA, "4", "3", "7"],
        [KANTA_HAME, "2", "1", "3"],
        [SATAKUNTA, "0", "0", "0"],  # served, without events
        [_("Total"), "6", "4", "10"],
    ]


def test_the_numbers_are_right_aligned_and_the_total_row_bold(page):
    model = page.area_section.model
    assert (
        model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignRight
    )
    assert (
        model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignLeft
    )
    assert model.data(model.index(model.rowCount() - 1, 0), Qt.ItemDataRole.FontRole).bold()


def test_the_chart_shows_social_welfare_and_health_care_per_area(page):
    choose_year(page, 2024)
    assert page.chart.categories == AREAS
    assert [(name, [int(v) for v in values]) for name, values in page.chart.series] == [
        (sector_heading(Sector.SOCIAL), [4, 2, 0]),
        (sector_heading(Sector.HEALTH), [3, 1, 0]),
    ]


def test_the_service_areas_are_grouped_under_their_sector_with_shares_adding_up_to_100(page):
    choose_year(page, 2024)
    assert cells(page.service_area_section) == [
        [sector_heading(Sector.SOCIAL), "6", "60\u00a0%"],
        ["\u2003iäkkäiden palvelut", "4", "40\u00a0%"],
        ["\u2003vammaispalvelut", "2", "20\u00a0%"],
        [sector_heading(Sector.HEALTH), "4", "40\u00a0%"],
        ["\u2003sairaala", "1", "10\u00a0%"],
        ["\u2003terveysasema", "3", "30\u00a0%"],
        [_("Total"), "10", "100\u00a0%"],
    ]


def test_reasons_count_each_reason_of_an_event_with_shares_of_all_events(page):
    choose_year(page, 2024)
    assert cells(page.reason_section) == [
        ["päätös", "6", "60\u00a0%"],
        ["kohtelu", "4", "40\u00a0%"],
        ["hoitoon pääsy", "3", "30\u00a0%"],
        [_("(not given)"), "1", "10\u00a0%"],
    ]
    assert page.reason_section.note.isVisible()


def test_one_value_lists_show_count_share_and_a_total_row(page):
    choose_year(page, 2024)
    assert cells(page.nature_section) == [
        ["tyytymättömyys", "10", "100\u00a0%"],
        [_("Total"), "10", "100\u00a0%"],
    ]
    assert cells(page.channel_section) == [
        ["puhelin", "10", "100\u00a0%"],
        [_("Total"), "10", "100\u00a0%"],
    ]


def test_time_spent_is_shown_in_hours_with_one_decimal_per_sector_and_in_total(page):
    choose_year(page, 2024)
    assert cells(page.time_section) == [
        [sector_heading(Sector.SOCIAL), "2,0"],
        [sector_heading(Sector.HEALTH), "3,0"],
        [_("Total"), "5,0"],
    ]


def test_the_heading_names_the_ombudsman_for_2023_and_the_advocate_for_2024(page):
    set_language("en")
    choose_year(page, 2023)
    assert page.heading.text() == "Case events of the social and patient ombudsman 1.1.–31.12.2023"
    choose_year(page, 2024)
    assert page.heading.text() == "Case events of the social and patient advocate 1.1.–31.12.2024"


@pytest.mark.skipif(
    _("Case events of the social and patient ombudsman")
    == "Case events of the social and patient ombudsman",
    reason="the Finnish catalogue does not have the statistics headings yet",
)
def test_the_finnish_heading_says_asiamies_for_2023_and_asiavastaava_for_2024(page):
    choose_year(page, 2023)
    assert "asiamie" in page.heading.text() and "asiavastaava" not in page.heading.text()
    assert page.heading.text().endswith("1.1.–31.12.2023")
    choose_year(page, 2024)
    assert "asiavastaava" in page.heading.text()


def test_a_period_spanning_the_change_of_title_names_both(page):
    page.period_combo.setCurrentIndex(page.period_combo.findData(CUSTOM))
    page.start_field.setText("1.12.2023")
    page.end_field.setText("31.1.2024")
    page.refresh()
    assert page.heading.text().startswith(
        _("Case events of the social and patient ombudsman / advocate")
    )
    assert page.heading.text().endswith("1.12.2023–31.1.2024")
    assert cells(page.area_section)[-1] == [_("Total"), "2", "0", "2"]  # 31.12.2023 and 1.1.2024


def test_a_custom_period_starts_from_the_year_shown_and_counts_its_days(page, qtbot):
    choose_year(page, 2024)
    page.period_combo.setCurrentIndex(page.period_combo.findData(CUSTOM))
    assert page.start_field.isVisible() and page.end_field.isVisible()
    assert (page.start_field.text(), page.end_field.text()) == ("1.1.2024", "31.12.2024")
    page.end_field.setText("30.6.2024")
    qtbot.keyClick(page.end_field.edit, Qt.Key.Key_Return)
    assert cells(page.area_section)[-1] == [_("Total"), "4", "2", "6"]
    assert page.heading.text().endswith("1.1.–30.6.2024")


def test_a_custom_period_ending_before_it_starts_is_refused_beside_the_fields(page, qtbot):
    page.period_combo.setCurrentIndex(page.period_combo.findData(CUSTOM))
    page.start_field.setText("1.6.2024")
    page.end_field.setText("1.5.2024")
    qtbot.keyClick(page.end_field.edit, Qt.Key.Key_Return)
    assert page.period_error.text() == _("The end date is before the start date")
    page.end_field.setText("31.11.2024")
    qtbot.keyClick(page.end_field.edit, Qt.Key.Key_Return)
    assert "31.11.2024" in page.period_error.text()


def test_copying_the_area_table_puts_tsv_and_an_html_table_on_the_clipboard(page, qtbot):
    choose_year(page, 2024)
    messages = []
    page.status_message.connect(messages.append)
    qtbot.mouseClick(page.area_section.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().split("\n")
    assert lines[0] == "\t".join([_("Area"), _("Social welfare"), _("Health care"), _("Total")])
    assert lines[1] == f"{PIRKANMAA}\t4\t3\t7"
    assert lines[-1] == f"{_('Total')}\t6\t4\t10"
    assert mime.hasHtml() and "<table" in mime.html() and "<b>10</b>" in mime.html()
    assert messages == [_("Copied the table")]


def test_ctrl_c_in_a_table_copies_that_table(page, qtbot):
    choose_year(page, 2024)
    QGuiApplication.clipboard().clear()
    page.nature_section.view.setFocus()
    qtbot.keyClick(page.nature_section.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().split("\n") == [
        f"{_('Nature')}\t{_('Count')}\t{_('Share %')}",
        "tyytymättömyys\t10\t100\u00a0%",
        f"{_('Total')}\t10\t100\u00a0%",
    ]


def test_a_retired_value_still_appears_in_old_statistics_marked_as_retired(db, page):
    set_retired(db, value_id(db, ReferenceKind.MEASURE, "sovittelu"), True)
    choose_year(page, 2024)
    page.refresh()
    labels = [row[0] for row in cells(page.measure_section)]
    assert f"sovittelu {_('(retired)')}" in labels


def test_a_year_without_events_shows_the_served_areas_at_zero_and_says_so(page):
    choose_year(page, date.today().year)
    assert page.empty_notice.isVisible()
    assert cells(page.area_section)[-1] == [_("Total"), "0", "0", "0"]
    assert cells(page.reason_section) == []
    assert not page.reason_section.copy_button.isEnabled()


def test_each_table_is_as_tall_as_its_rows_and_never_scrolls(page, qtbot):
    choose_year(page, 2024)
    qtbot.wait(20)  # the tables fit themselves after the layout has settled
    for section in page.sections:
        view = section.view
        assert view.verticalScrollBar().maximum() == 0, section.objectName()
        rows = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
        assert view.height() == view.horizontalHeader().height() + rows + 2 * view.frameWidth()


def test_no_table_is_cut_at_1100_by_720(page, qtbot):
    choose_year(page, 2024)
    qtbot.wait(20)
    assert page.scroll_area.horizontalScrollBar().maximum() == 0
    for section in page.sections:
        header = section.view.horizontalHeader()
        assert header.length() <= section.view.viewport().width() + 1, section.objectName()


def test_the_table_models_pass_the_model_tester(page, qtmodeltester):
    choose_year(page, 2024)
    for section in page.sections:
        qtmodeltester.check(section.model)


# --------------------------------------------------------------------------- the chart


def test_the_chart_paints_without_data(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data([], [], "Tyhjä")
    chart.resize(chart.sizeHint())
    assert not chart.grab().isNull()
    chart.set_data(["A"], [], "")
    assert not chart.grab().isNull()


def test_the_chart_paints_long_category_names_and_decimal_values(qtbot):
    chart = BarChart(suffix="€")
    qtbot.addWidget(chart)
    names = [
        "ohjaus oikaisuvaatimukseen tai valitukseen " * 3,
        "Kanta-Hämeen hyvinvointialue",
        "muu",
    ]
    chart.set_data(
        names,
        [
            ("Talousarvio", [Decimal("136000.00"), Decimal("4530.77"), 0]),
            ("Toteutunut", [Decimal("120500.50"), Decimal("-250.00"), 12]),
        ],
        "Talous",
    )
    chart.resize(700, chart.sizeHint().height())
    image = chart.grab().toImage()
    assert not image.isNull() and image.height() == chart.sizeHint().height()
    assert chart.value_text(Decimal("4530.77")) == "4\u00a0530,77\u00a0€"
    assert chart.tooltip_text(0).startswith(names[0])


def test_the_chart_grows_with_its_categories(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(["a"], [("x", [1])])
    one = chart.sizeHint().height()
    chart.set_data(list("abcdef"), [("x", [1, 2, 3, 4, 5, 6])])
    assert chart.sizeHint().height() > one


def test_a_series_with_too_few_values_is_refused(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    with pytest.raises(ValueError):
        chart.set_data(["a", "b"], [("x", [1])])
