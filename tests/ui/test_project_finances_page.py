"""Each project's budget against its costs, driven through the page: costs, per cent used and
what remains up to a chosen day, the highlight of a project over its budget, the total row,
the drill-down to the costs and to the income, and the clipboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from domain.finance import CategoryKind, Transaction
from domain.formats import format_date
from domain.i18n import _
from domain.projects import OurRole, Project
from services.finance import save_transaction
from services.projects import save_project
from ui.common.figures import OVER_BUDGET_BACKGROUND
from ui.finance.project_finances_page import ProjectFinancesPage

NBSP = "\u00a0"
MID_2024 = date(2024, 6, 30)
HEADERS = ["Code", "Project", "Our budget €", "Costs €", "Used %", "Remaining €", "Income €"]

# (day, category, amount, project code)
TRANSACTIONS = [
    (date(2024, 3, 1), "Henkilöstökulut", "2500.00", "TulLas"),
    (date(2024, 6, 1), "Matkakulut", "1500.50", "TulLas"),
    (date(2024, 6, 30), "Ostopalvelut", "-100.00", "TulLas"),  # a refund on the day itself
    (date(2024, 9, 1), "Henkilöstökulut", "999.99", "TulLas"),  # after mid-year
    (date(2024, 3, 2), "Hankerahoitus", "5000.00", "TulLas"),
    (date(2024, 2, 1), "Ostopalvelut", "1200.00", "SOTE"),
    (date(2024, 4, 1), "ICT-kulut", "300.00", "ILMAN"),
    (date(2024, 4, 1), "ICT-kulut", "800.00", None),  # booked to no project
]


def money(text: str) -> str:
    return text.replace(" ", NBSP) + NBSP + "€"


def percent(text: str) -> str:
    return text + NBSP + "%"


@pytest.fixture
def projects(db) -> dict[str, str]:
    """TulLas within its budget, SOTE over it, ILMAN without a budget of ours."""
    made = {
        "TulLas": Project(
            "TulLas",
            "Tulevaisuuden lastensuojelu",
            OurRole.ADMINISTRATOR,
            date(2023, 1, 1),
            date(2025, 12, 31),
            total_budget=Decimal(50000),
            our_budget=Decimal(10000),
        ),
        "SOTE": Project(
            "SOTE",
            "Sote-digi",
            OurRole.CO_IMPLEMENTER,
            date(2024, 1, 1),
            date(2024, 12, 31),
            our_budget=Decimal(1000),
        ),
        "ILMAN": Project(
            "ILMAN", "Ilman omaa budjettia", OurRole.EXPERT_SERVICE, date(2024, 1, 1), None
        ),
    }
    for project in made.values():
        save_project(db, project, None)
    with db.unit_of_work() as uow:
        ids = {c.name: c.id for c in uow.categories.all()}
    for day, category, amount, code in TRANSACTIONS:
        save_transaction(
            db,
            Transaction(
                day,
                ids[category],
                Decimal(amount),
                description="kulu",
                project_id=made[code].id if code else None,
            ),
            None,
        )
    return {code: p.id for code, p in made.items()}


@pytest.fixture
def page(qtbot, db, projects):
    widget = ProjectFinancesPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 640)
    with qtbot.waitActive(widget):  # Ctrl+C works in the active window only
        widget.show()
        widget.activateWindow()
    return widget


def show_on(page, qtbot, day: date) -> None:
    page.day_chooser.field.setText(format_date(day))
    qtbot.keyClick(page.day_chooser.field.edit, Qt.Key.Key_Return)


def cells(page) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def row_of(page, code: str) -> int:
    return next(r for r, row in enumerate(cells(page)) if row[0] == code)


def test_today_is_the_default_day(page):
    assert page.day_chooser.field.text() == format_date(date.today())


def test_each_project_shows_its_budget_costs_used_per_cent_remaining_and_income(page, qtbot):
    show_on(page, qtbot, MID_2024)
    assert page.model.header_texts() == [_(h) for h in HEADERS]
    assert cells(page) == [
        ["ILMAN", "Ilman omaa budjettia", "", money("300,00"), "\u2013", "", money("0,00")],
        [
            "SOTE",
            "Sote-digi",
            money("1 000,00"),
            money("1 200,00"),
            percent("120,0"),
            money("-200,00"),
            money("0,00"),
        ],
        [
            "TulLas",
            "Tulevaisuuden lastensuojelu",
            money("10 000,00"),
            money("3 900,50"),
            percent("39,0"),
            money("6 099,50"),
            money("5 000,00"),
        ],
        [
            _("Total"),
            "",
            money("11 000,00"),
            money("5 400,50"),
            percent("46,4"),
            money("5 899,50"),
            money("5 000,00"),
        ],
    ]
    assert page.heading.text() == _("Project finances on {date}").format(date="30.6.2024")


def test_a_project_over_its_budget_is_highlighted_with_a_tooltip(page, qtbot):
    show_on(page, qtbot, MID_2024)
    model = page.model
    over, within = row_of(page, "SOTE"), row_of(page, "TulLas")
    assert (
        model.data(model.index(over, 3), Qt.ItemDataRole.BackgroundRole) == OVER_BUDGET_BACKGROUND
    )
    assert model.data(model.index(within, 3), Qt.ItemDataRole.BackgroundRole) is None
    tip = model.data(model.index(over, 0), Qt.ItemDataRole.ToolTipRole)
    assert money("1 200,00") in tip and money("1 000,00") in tip and money("200,00") in tip


def test_costs_after_the_chosen_day_are_not_counted(page, qtbot):
    show_on(page, qtbot, date(2024, 5, 31))
    tullas = cells(page)[row_of(page, "TulLas")]
    assert tullas[3:6] == [money("2 500,00"), percent("25,0"), money("7 500,00")]
    show_on(page, qtbot, date(2024, 12, 31))
    tullas = cells(page)[row_of(page, "TulLas")]
    assert tullas[3:6] == [money("4 900,49"), percent("49,0"), money("5 099,51")]


def test_the_total_row_is_bold_and_the_code_and_name_left_aligned(page, qtbot):
    show_on(page, qtbot, MID_2024)
    model = page.model
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    for column in (0, 1):
        assert (
            model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
            & Qt.AlignmentFlag.AlignLeft
        )
    for column in range(2, 7):
        assert (
            model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
            & Qt.AlignmentFlag.AlignRight
        )


def test_opening_a_project_lists_its_costs_up_to_the_day_summing_to_the_figure(
    db, page, qtbot, projects
):
    show_on(page, qtbot, MID_2024)
    opened = []
    page.drill_down.connect(lambda query, title: opened.append((query, title)))
    view = page.view
    rect = view.visualRect(page.model.index(row_of(page, "TulLas"), 3))
    # A real double-click: the view opens only the row the first click pressed.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [(query, title)] = opened
    assert title == _("Costs of {project} until {date}").format(project="TulLas", date="30.6.2024")
    assert query.project_id == projects["TulLas"]
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
        count = uow.transactions.count(query)
    assert totals[CategoryKind.EXPENSE] == Decimal("3900.50")
    assert totals[CategoryKind.INCOME] == Decimal("0.00")
    assert count == 3


def test_every_projects_drill_down_sums_to_its_costs(db, page, qtbot):
    show_on(page, qtbot, MID_2024)
    for number, project in enumerate(page.projects):
        query = page.model.row(number).query
        with db.unit_of_work() as uow:
            assert uow.transactions.totals(query)[CategoryKind.EXPENSE] == project.costs, (
                project.code
            )


def test_enter_on_the_income_cell_lists_the_projects_income(db, page, qtbot):
    show_on(page, qtbot, MID_2024)
    opened = []
    page.drill_down.connect(lambda query, title: opened.append((query, title)))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row_of(page, "TulLas"), page.model.column("income")))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    [(query, title)] = opened
    assert title == _("Income of {project} until {date}").format(project="TulLas", date="30.6.2024")
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
    assert totals == {
        CategoryKind.INCOME: Decimal("5000.00"),
        CategoryKind.EXPENSE: Decimal("0.00"),
    }


def test_the_total_row_opens_nothing(page, qtbot):
    show_on(page, qtbot, MID_2024)
    opened = []
    page.drill_down.connect(lambda query, title: opened.append(title))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == []


def test_a_day_before_any_project_says_so(page, qtbot):
    show_on(page, qtbot, date(2020, 6, 30))
    assert page.model.rowCount() == 0
    assert page.empty_notice.isVisible()
    assert "30.6.2020" in page.empty_notice.text()
    assert not page.copy_button.isEnabled()


def test_a_day_that_cannot_be_read_is_refused_and_the_figures_greyed(page, qtbot):
    show_on(page, qtbot, MID_2024)
    page.day_chooser.field.setText("31.6.2024")
    qtbot.keyClick(page.day_chooser.field.edit, Qt.Key.Key_Return)
    assert "31.6.2024" in page.day_chooser.error.text()
    assert not page.content.isEnabled()
    assert cells(page)[row_of(page, "TulLas")][3] == money("3 900,50")  # the last readable day's
    show_on(page, qtbot, MID_2024)
    assert page.day_chooser.error.text() == "" and page.content.isEnabled()


def test_the_copy_button_puts_the_table_on_the_clipboard_as_tsv(page, qtbot):
    show_on(page, qtbot, MID_2024)
    messages = []
    page.status_message.connect(messages.append)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().split("\n")
    assert lines[0] == "\t".join(_(h) for h in HEADERS)
    assert lines[2] == "\t".join(
        [
            "SOTE",
            "Sote-digi",
            money("1 000,00"),
            money("1 200,00"),
            percent("120,0"),
            money("-200,00"),
            money("0,00"),
        ]
    )
    assert lines[-1].startswith(f"{_('Total')}\t\t{money('11 000,00')}")
    assert mime.hasHtml() and '<td style="text-align:left">Sote-digi</td>' in mime.html()
    assert messages == [_("Copied the table")]


def test_ctrl_c_in_the_table_copies_it(page, qtbot):
    show_on(page, qtbot, MID_2024)
    QGuiApplication.clipboard().clear()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert (
        QGuiApplication.clipboard().text().split("\n")[1].startswith("ILMAN\tIlman omaa budjettia")
    )


def test_tab_goes_from_the_day_to_the_table_and_the_copy_button(page, qtbot):
    show_on(page, qtbot, MID_2024)
    page.day_chooser.field.setFocus()
    qtbot.keyClick(page.day_chooser.field.edit, Qt.Key.Key_Tab)
    assert page.view.hasFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert page.copy_button.hasFocus()


def test_the_table_model_passes_the_model_tester(page, qtbot, qtmodeltester):
    show_on(page, qtbot, MID_2024)
    qtmodeltester.check(page.model)
