"""The change history in the Settings dialog: how many years it is kept, and purging the
older entries after a question that says how many go and from before which day."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from domain.finance import Transaction
from domain.formats import format_date
from domain.history import Action, Entry, FieldChange, HistoryFilter
from services.finance import save_transaction
from services.history import purge_cutoff
from storage import orm
from storage.database import Database
from tests.ui.dialogs import answer_no, answer_yes
from ui.forms.settings_dialog import SettingsDialog


def _all(db: Database) -> list[Entry]:
    with db.unit_of_work() as uow:
        return uow.history.page(HistoryFilter(), 0, 10_000)[::-1]


def _old_entries(db: Database, n: int) -> None:
    """``n`` entries written in 2015 (booked then, their time set back for the test)."""
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    for i in range(n):
        t = Transaction(date(2015, 1, 2), category.id, Decimal("10.00"), voucher=f"2015-{i:04}")
        save_transaction(db, t, None)
    with db.engine.begin() as conn:
        conn.execute(update(orm.history).values(at=datetime(2015, 1, 2, 12)))


def test_the_dialog_shows_the_retention_period_five_years_unless_changed(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.keep_years.value() == 5
    assert (dialog.keep_years.minimum(), dialog.keep_years.maximum()) == (1, 100)


def test_saving_a_new_retention_period_stores_it_and_logs_the_change(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("Pikassos Oy")
    dialog.keep_years.setValue(7)
    dialog.accept()
    assert SettingsDialog(db).keep_years.value() == 7
    entry = _all(db)[-1]
    assert (entry.kind, entry.action) == ("settings", Action.UPDATE)
    assert entry.changes == (FieldChange("keep_years", "5", "7"),)


def test_purging_asks_how_many_go_from_before_which_day_then_removes_them(qtbot, db, on_modal):
    _old_entries(db, 3)
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    day = format_date(purge_cutoff(5, date.today()))
    question = (
        f"Säilytysaikaa vanhempia, ennen {day} kirjattuja merkintöjä: 3.\n\n"
        "Poistetaanko ne muutoshistoriasta? Poistoa ei voi perua, ja se kirjataan itsekin "
        "muutoshistoriaan."
    )
    on_modal(answer_yes(question))
    on_modal(lambda box: box.accept())  # the message that says how many went
    dialog.purge_button.click()
    assert dialog.purged == 3
    (entry,) = _all(db)
    assert (entry.kind, entry.action) == ("history", Action.PURGE)


def test_purging_answered_no_removes_nothing(qtbot, db, on_modal):
    _old_entries(db, 2)
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    on_modal(answer_no())
    dialog.purge_button.click()
    assert len(_all(db)) == 2


def test_purging_with_the_years_changed_in_the_form_uses_and_stores_them(qtbot, db, on_modal):
    _old_entries(db, 1)
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.keep_years.setValue(20)  # 2015 is within twenty years: nothing to remove

    def nothing_to_remove(box) -> None:
        assert isinstance(box, QMessageBox)
        assert box.text().startswith("Muutoshistoriassa ei ole ennen")
        box.accept()

    on_modal(nothing_to_remove)
    dialog.purge_button.click()
    assert dialog.purged is None and len(_all(db)) == 1
    dialog.keep_years.setValue(2)
    on_modal(answer_yes())
    on_modal(lambda box: box.accept())
    dialog.purge_button.click()
    entries = _all(db)
    assert [e.kind for e in entries] == ["settings", "history"]
    assert entries[0].changes == (FieldChange("keep_years", "5", "2"),)
