"""File → Export asks for every record or one year's, then for the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QFileDialog
from python_calamine import CalamineWorkbook

from domain.finance import Transaction
from services.finance import save_transaction
from ui.app.export_dialog import ExportScopeDialog
from ui.app.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, db_path):
    with db.unit_of_work() as uow:
        travel = uow.categories.by_name("Matkakulut").id
    for day, text in ((date(2024, 3, 1), "juna 2024"), (date(2025, 3, 1), "juna 2025")):
        save_transaction(db, Transaction(day, travel, Decimal("12.50"), text), None)
    shown = MainWindow(db, str(db_path))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def descriptions(path) -> list[str]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Kirjaukset").to_python()
    column = rows[0].index("Selite")
    return [row[column] for row in rows[1:]]


def test_a_years_export_from_the_menu_holds_that_years_transactions(
    window, qtbot, on_modal, tmp_path
):
    target = tmp_path / "tilintarkastajalle.xlsx"

    def choose_the_year(dialog):
        assert isinstance(dialog, ExportScopeDialog)
        dialog.one_year.setChecked(True)
        dialog.year_box.setValue(2025)
        dialog.accept()

    def choose_the_file(dialog):
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))
        dialog.accept()

    on_modal(choose_the_year)
    on_modal(choose_the_file)
    window.choose_export()
    qtbot.waitUntil(lambda: window.task is not None and window.task.finished, timeout=15000)

    assert descriptions(target) == ["juna 2025"]


def test_export_offers_every_record_first(qtbot):
    dialog = ExportScopeDialog(today=date(2026, 3, 15))
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.year() is None  # Enter at once exports everything
    assert not dialog.year_box.isEnabled()


def test_the_year_offered_in_spring_is_the_one_that_just_ended(qtbot):
    dialog = ExportScopeDialog(today=date(2026, 3, 15))
    qtbot.addWidget(dialog)

    dialog.one_year.click()

    assert dialog.year_box.isEnabled()
    assert dialog.year() == 2025
