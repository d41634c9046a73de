"""The category editor as the CEO uses it from the budget page: add, rename, retire, bring
back, move and delete categories, with the refusals shown where they belong and the budget
table following."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from domain.finance import CategoryKind, Transaction
from domain.i18n import _, set_language
from services.finance import save_transaction, set_budget
from tests.ui.dialogs import error_beside
from ui.finance.budget_page import BudgetPage
from ui.forms.categories_dialog import CategoriesDialog, CategoryDialog

YEAR = 2025
INCOME = [
    "Valtionavustus perustoimintaan",
    "Asiantuntijapalvelujen myynti",
    "Hankerahoitus",
    "Kuntarahoitus",
    "Muut tuotot",
]
EXPENSES = [
    "Henkilöstökulut",
    "Toimitilakulut",
    "Matkakulut",
    "ICT-kulut",
    "Ostopalvelut",
    "Muut kulut",
]


@pytest.fixture
def dialog(qtbot, db):
    d = CategoriesDialog(db)
    qtbot.addWidget(d)
    d.show()
    return d


@pytest.fixture
def page(qtbot, db):
    widget = BudgetPage(db)
    qtbot.addWidget(widget)
    widget.show()
    widget.year_spin.setValue(YEAR)
    return widget


def shown(d: CategoriesDialog) -> list[str]:
    return [d.model.data(d.model.index(row, 0)) for row in range(d.model.rowCount())]


def choose(d: CategoriesDialog, name: str) -> None:
    d.view.setCurrentIndex(d.model.index(shown(d).index(name), 0))


def current(d: CategoriesDialog) -> str:
    """The name in the current row of the categories shown."""
    return d.model.data(d.model.index(d.view.currentIndex().row(), d.model.column("name")))


def open_list(qtbot, d: CategoriesDialog, kind: CategoryKind) -> None:
    """Click the list of ``kind`` (Tuotot, Kulut) on the left."""
    item = next(
        d.lists.item(r) for r in range(d.lists.count()) if d.lists.item(r).text() == kind.heading
    )
    rect = d.lists.visualItemRect(item)
    qtbot.mouseClick(d.lists.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def category_id(db, name: str) -> str:
    with db.unit_of_work() as uow:
        return uow.categories.by_name(name).id


def categories(db, kind: CategoryKind, *, with_retired: bool = True) -> list[str]:
    with db.unit_of_work() as uow:
        return [
            c.name
            for c in uow.categories.all()
            if c.kind is kind and (with_retired or not c.retired)
        ]


def budget_names(page: BudgetPage) -> list[str]:
    return [r.category.label for r in page.model.rows() if r.category is not None]


def fill_and_save(dialog: CategoryDialog, name: str, kind: CategoryKind | None = None) -> None:
    dialog.name.setText(name)  # QTest types ASCII only
    if kind is not None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.accept()


def in_editor(page: BudgetPage, on_modal, action) -> None:
    """Open the editor from the budget page, do ``action(dialog)`` in it and close it."""

    def run(d):
        action(d)
        d.reject()

    on_modal(run)
    page.categories_button.click()


def test_the_categories_button_opens_the_editor(page, on_modal):
    seen = []
    in_editor(page, on_modal, lambda d: seen.append(type(d)))
    assert seen == [CategoriesDialog]


def test_income_is_shown_first_and_expenses_on_their_own_list(dialog, qtbot):
    assert shown(dialog) == INCOME
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    assert shown(dialog) == EXPENSES


def test_adding_a_category_puts_it_at_the_end_of_its_list_and_selects_it(dialog, db, on_modal):
    on_modal(lambda d: fill_and_save(d, "Lahjoitukset"))
    dialog.add_button.click()
    assert shown(dialog)[-1] == "Lahjoitukset"
    assert current(dialog) == "Lahjoitukset"
    assert categories(db, CategoryKind.INCOME)[-1] == "Lahjoitukset"


def test_an_expense_added_from_the_income_list_goes_to_the_expenses(dialog, db, on_modal):
    on_modal(lambda d: fill_and_save(d, "Koulutuskulut", CategoryKind.EXPENSE))
    dialog.add_button.click()
    assert dialog.lists.currentItem().text() == CategoryKind.EXPENSE.heading
    assert categories(db, CategoryKind.EXPENSE)[-1] == "Koulutuskulut"
    assert "Koulutuskulut" not in categories(db, CategoryKind.INCOME)


def test_a_category_added_in_the_editor_is_in_the_budget_table(page, on_modal):
    def add(d):
        on_modal(lambda form: fill_and_save(form, "Koulutuskulut", CategoryKind.EXPENSE))
        d.add_button.click()

    in_editor(page, on_modal, add)
    assert budget_names(page)[-1] == "Koulutuskulut"


def test_the_insert_key_adds_a_category(dialog, qtbot, on_modal):
    seen = []

    def look(d):
        seen.append(type(d))
        d.reject()

    on_modal(look)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Insert)
    assert seen == [CategoryDialog]


def test_renaming_shows_the_new_name_in_the_budget_table(page, db, qtbot, on_modal):
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(10000))
    page.refresh()

    def rename(d):
        open_list(qtbot, d, CategoryKind.EXPENSE)
        choose(d, "Matkakulut")
        on_modal(lambda form: fill_and_save(form, "Matka- ja majoituskulut"))
        d.rename_button.click()

    in_editor(page, on_modal, rename)
    assert "Matka- ja majoituskulut" in budget_names(page)
    assert "Matkakulut" not in budget_names(page)
    assert (
        page.amounts()["Matka- ja majoituskulut"] == "10\u00a0000,00\u00a0€"
    )  # the same budget line


def test_a_renamed_category_keeps_its_type(qtbot, db, dialog, on_modal):
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    choose(dialog, "ICT-kulut")
    seen = []

    def rename(form):
        seen.append(form.kind.isEnabled())
        fill_and_save(form, "Tietotekniikkakulut")

    on_modal(rename)
    dialog.rename_button.click()
    assert seen == [False]
    assert categories(db, CategoryKind.EXPENSE)[3] == "Tietotekniikkakulut"


def test_a_duplicate_name_is_refused_beside_the_field(qtbot, db):
    form = CategoryDialog(db, CategoryKind.EXPENSE)
    qtbot.addWidget(form)
    fill_and_save(form, "  matkakulut ")
    assert form.result() != form.DialogCode.Accepted
    assert "Matkakulut" in error_beside(form, "name")
    assert categories(db, CategoryKind.EXPENSE) == EXPENSES


def test_renaming_to_the_name_of_another_category_is_refused(qtbot, db, dialog, on_modal):
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    choose(dialog, "ICT-kulut")
    seen = []

    def rename(form):
        fill_and_save(form, "Muut tuotot")  # an income's name: names are unique over both kinds
        seen.append(error_beside(form, "name"))
        form.reject()

    on_modal(rename)
    dialog.rename_button.click()
    assert "Muut tuotot" in seen[0]
    assert "ICT-kulut" in categories(db, CategoryKind.EXPENSE)


def test_an_empty_name_is_refused_beside_the_field(qtbot, db):
    form = CategoryDialog(db, CategoryKind.INCOME)
    qtbot.addWidget(form)
    fill_and_save(form, "   ")
    assert error_beside(form, "name")
    assert categories(db, CategoryKind.INCOME) == INCOME


def test_retiring_keeps_the_category_in_the_editor_greyed_and_marked(dialog, db):
    choose(dialog, "Muut tuotot")
    dialog.retire_button.click()
    assert shown(dialog)[-1] == f"Muut tuotot {_('(retired)')}"
    assert dialog.model.data(dialog.model.index(4, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert "Muut tuotot" not in categories(db, CategoryKind.INCOME, with_retired=False)
    assert dialog.retire_button.text() == _("&Bring back")


def test_a_retired_category_is_no_longer_in_the_budget_table(page, on_modal):
    def retire(d):
        choose(d, "Muut tuotot")
        d.toggle_retired()

    in_editor(page, on_modal, retire)
    assert "Muut tuotot" not in " ".join(budget_names(page))


def test_a_retired_category_with_a_figure_stays_in_the_budget_table(page, db, on_modal):
    set_budget(db, YEAR, category_id(db, "Muut tuotot"), Decimal(1500))
    page.refresh()

    def retire(d):
        choose(d, "Muut tuotot")
        d.toggle_retired()

    in_editor(page, on_modal, retire)
    assert f"Muut tuotot {_('(retired)')}" in budget_names(page)


def test_bringing_back_a_retired_category_offers_it_again(dialog, db):
    choose(dialog, "Muut tuotot")
    dialog.toggle_retired()
    dialog.toggle_retired()
    assert "Muut tuotot" in categories(db, CategoryKind.INCOME, with_retired=False)
    assert shown(dialog)[-1] == "Muut tuotot"


def test_moving_a_category_up_changes_the_order_of_the_budget(page, db, qtbot, on_modal):
    def move(d):
        open_list(qtbot, d, CategoryKind.EXPENSE)
        choose(d, "Ostopalvelut")
        d.up_button.click()
        assert shown(d)[3] == "Ostopalvelut" and current(d) == "Ostopalvelut"

    in_editor(page, on_modal, move)
    assert categories(db, CategoryKind.EXPENSE)[3] == "Ostopalvelut"
    assert budget_names(page)[len(INCOME) + 3] == "Ostopalvelut"


def test_ctrl_down_moves_the_chosen_category_down(dialog, qtbot):
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    choose(dialog, "Valtionavustus perustoimintaan")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert shown(dialog)[:2] == ["Asiantuntijapalvelujen myynti", "Valtionavustus perustoimintaan"]


def test_the_first_category_cannot_move_up(dialog):
    choose(dialog, "Valtionavustus perustoimintaan")
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()


def test_deleting_an_unused_category_asks_first_and_removes_it(dialog, db, qtbot, on_modal):
    choose(dialog, "Kuntarahoitus")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert "Kuntarahoitus" not in shown(dialog)
    assert "Kuntarahoitus" not in categories(db, CategoryKind.INCOME)


def test_answering_no_keeps_the_category(dialog, db, on_modal):
    choose(dialog, "Kuntarahoitus")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    dialog.delete_button.click()
    assert "Kuntarahoitus" in categories(db, CategoryKind.INCOME)


def test_deleting_a_used_category_is_refused_with_the_reason(dialog, db, on_modal):
    save_transaction(
        db, Transaction(date(YEAR, 2, 1), category_id(db, "Kuntarahoitus"), Decimal(5000)), None
    )
    set_budget(db, YEAR, category_id(db, "Kuntarahoitus"), Decimal(20000))
    seen = []

    def refuse(box):
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    choose(dialog, "Kuntarahoitus")
    on_modal(refuse)
    dialog.delete_button.click()
    assert "2" in seen[0]
    assert dialog.problem.text() == seen[0]
    assert "Kuntarahoitus" in categories(db, CategoryKind.INCOME, with_retired=False)


def test_a_refused_deletion_offers_to_retire_the_category(dialog, db, on_modal):
    set_budget(db, YEAR, category_id(db, "Kuntarahoitus"), Decimal(20000))

    def retire(box):
        next(b for b in box.buttons() if b.text() == _("Retire")).click()

    choose(dialog, "Kuntarahoitus")
    on_modal(retire)
    dialog.delete_button.click()
    assert "Kuntarahoitus" not in categories(db, CategoryKind.INCOME, with_retired=False)
    assert "Kuntarahoitus" in categories(db, CategoryKind.INCOME)


def test_enter_on_a_category_renames_rather_than_closing(dialog, qtbot, on_modal):
    seen = []

    def look(d):
        seen.append(d.name.text())
        d.reject()

    choose(dialog, "Hankerahoitus")
    dialog.view.setFocus()
    on_modal(look)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert seen == ["Hankerahoitus"]
    assert dialog.isVisible()


def test_nothing_changed_leaves_the_budget_page_as_it_was(page, on_modal):
    with_changes = []
    page.data_changed.connect(lambda: with_changes.append(True))
    in_editor(page, on_modal, lambda d: None)
    assert with_changes == []


def test_the_categories_model_passes_qts_model_tests(qtmodeltester, dialog):
    choose(dialog, "Muut tuotot")
    dialog.toggle_retired()
    qtmodeltester.check(dialog.model)


# ----------------------------------------------------------------------------- English names


def english_shown(d: CategoriesDialog) -> dict[str, str]:
    column = d.model.column("name_en")
    return {
        d.model.data(d.model.index(row, 0)): d.model.data(d.model.index(row, column))
        for row in range(d.model.rowCount())
    }


def test_the_editor_shows_each_categorys_english_name_beside_it(dialog, qtbot):
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    assert english_shown(dialog)["Matkakulut"] == "Travel expenses"


def test_the_rename_form_opens_with_the_english_name_as_stored(qtbot, db, dialog, on_modal):
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    choose(dialog, "Matkakulut")
    seen = []

    def look(form):
        seen.append(form.name_en.text())
        form.reject()

    on_modal(look)
    dialog.rename_button.click()
    assert seen == ["Travel expenses"]


def test_an_english_name_typed_in_the_form_is_saved_and_the_history_records_it(
    qtbot, db, dialog, on_modal
):
    open_list(qtbot, dialog, CategoryKind.EXPENSE)
    choose(dialog, "Matkakulut")

    def rename(form):
        form.name_en.setText("  Travel   costs ")
        form.accept()

    on_modal(rename)
    dialog.rename_button.click()

    assert english_shown(dialog)["Matkakulut"] == "Travel costs"
    with db.unit_of_work() as uow:
        last = uow.history.last_of("categories", category_id(db, "Matkakulut"))
    assert [(c.field, c.old, c.new) for c in last.changes] == [
        ("name_en", "Travel expenses", "Travel costs")
    ]


def test_a_new_category_may_be_given_an_english_name(qtbot, db):
    form = CategoryDialog(db, CategoryKind.INCOME)
    qtbot.addWidget(form)
    form.name_en.setText("Donations")
    fill_and_save(form, "Lahjoitukset")
    with db.unit_of_work() as uow:
        assert uow.categories.by_name("Lahjoitukset").name_en == "Donations"


def test_an_english_name_another_category_has_is_refused_beside_the_field(qtbot, db):
    form = CategoryDialog(db, CategoryKind.EXPENSE)
    qtbot.addWidget(form)
    form.name_en.setText("TRAVEL expenses")
    fill_and_save(form, "Matkat")
    assert form.result() != form.DialogCode.Accepted
    assert "Matkakulut" in error_beside(form, "name_en")
    assert categories(db, CategoryKind.EXPENSE) == EXPENSES


def test_the_budget_table_names_the_categories_in_english_in_english(qtbot, db):
    set_language("en")
    page = BudgetPage(db)
    qtbot.addWidget(page)
    page.year_spin.setValue(YEAR)
    assert "Travel expenses" in budget_names(page)
    assert "Matkakulut" not in budget_names(page)
