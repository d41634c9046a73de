from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.caselog import Guardian, GuardianRequest, Matter, Outcome, ReferenceKind
from domain.formats import format_date
from domain.i18n import _
from domain.organisation import Organisation
from services.caselog import save_guardian, save_request
from tests.ui.dialogs import answer_yes, error_beside
from ui.caselog.guardians_page import (
    GuardianRequestsPage,
    GuardiansPage,
    GuardianTableModel,
    RequestTableModel,
)
from ui.forms.guardian import GuardianDialog
from ui.forms.guardian_request import GuardianRequestDialog

THIS_YEAR = date.today().year


@pytest.fixture
def requesters(db) -> dict[str, str]:
    """The default requesters' ids by Finnish name (poliisi, syyttäjä, lastensuojelu, …)."""
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Socom", areas=["Eksote", "Kymsote"]))
        uow.commit()
        return {v.name_fi: v.id for v in uow.references.of_kind(ReferenceKind.REQUESTER)}


@pytest.fixture
def bank(db, requesters) -> dict[str, Guardian]:
    people = [
        Guardian(
            "Virtanen",
            "Liisa",
            "040 123 4567",
            "liisa.virtanen@example.fi",
            "Eksote",
            True,
            "sosiaaliala",
        ),
        Guardian("Korhonen", "Matti", "050 765 4321", "", "Kymsote", True, "juristi"),
        Guardian("Nieminen", "Aino", "", "", "Eksote", False, "sosiaaliala"),
    ]
    return {g.last_name: save_guardian(db, g, None) for g in people}


def request(
    db, requester_id, day=None, matter=Matter.CRIMINAL, guardian=None, outcome=Outcome.OPEN
):
    return save_request(
        db,
        GuardianRequest(
            day or date.today(),
            requester_id,
            matter,
            "Eksote",
            "",
            guardian.id if guardian else None,
            outcome,
        ),
        None,
    )


@pytest.fixture
def guardians_page(qtbot, db, bank):
    widget = GuardiansPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


@pytest.fixture
def requests_page(qtbot, db, bank):
    widget = GuardianRequestsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def deleting(name: str) -> str:
    """The question the page asks before deleting a guardian."""
    return _("Delete {name} from the guardian bank?").format(name=name)


def column(model, key: str) -> list[str]:
    col = model.column(key)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def current(page, key: str) -> str:
    """The text of the current row's cell in the column ``key``."""
    model = page.model
    return model.data(model.index(page.view.currentIndex().row(), model.column(key)))


def items(combo) -> list[str]:
    """The choices a combo box offers, as the user reads them."""
    return [combo.itemText(i) for i in range(combo.count())]


def table(model) -> list[tuple[str, str]]:
    return [
        (model.data(model.index(r, 0)), model.data(model.index(r, 1)))
        for r in range(model.rowCount())
    ]


def placements_of(page: GuardiansPage, name: str) -> str:
    names = column(page.model, "name")
    return page.model.data(page.model.index(names.index(name), page.model.column("placements")))


# --------------------------------------------------------------------------- the bank


def test_the_bank_shows_the_active_guardians_and_their_count(guardians_page):
    assert column(guardians_page.model, "name") == ["Korhonen Matti", "Virtanen Liisa"]
    assert guardians_page.summary.text() == _("Active guardians: {n}").format(n=2)


def test_adding_a_guardian_through_the_dialog_shows_them_in_the_bank_and_the_active_count(
    guardians_page, qtbot, on_modal
):
    def fill(dialog):
        dialog.last_name.setText("Mäkinen")
        dialog.first_name.setText("Sari")
        dialog.area.setCurrentText("Kymsote")
        dialog.background.setCurrentText("sosiaaliala")
        qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)  # Enter saves

    on_modal(fill)
    qtbot.keyClick(guardians_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "Mäkinen Sari" in column(guardians_page.model, "name")
    assert guardians_page.summary.text() == _("Active guardians: {n}").format(n=3)
    current = guardians_page.model.record(guardians_page.view.currentIndex().row())
    assert (current.full_name, current.area, current.active) == ("Mäkinen Sari", "Kymsote", True)


def test_the_filter_shows_the_active_the_inactive_or_everyone(guardians_page):
    f = guardians_page.show_filter
    f.setCurrentIndex(f.findData(False))
    assert column(guardians_page.model, "name") == ["Nieminen Aino"]
    f.setCurrentIndex(f.findData(None))
    assert column(guardians_page.model, "name") == [
        "Korhonen Matti",
        "Nieminen Aino",
        "Virtanen Liisa",
    ]
    assert guardians_page.summary.text().startswith(_("Active guardians: {n}").format(n=2))


def test_ctrl_f_goes_to_the_search_which_finds_guardians_by_background(guardians_page, qtbot):
    qtbot.keyClick(guardians_page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guardians_page.search.hasFocus()
    guardians_page.search.setText("juristi")
    qtbot.waitUntil(
        lambda: column(guardians_page.model, "name") == ["Korhonen Matti"], timeout=2000
    )


def test_a_guardian_without_a_last_name_or_with_a_bad_email_is_refused_beside_the_fields(
    db, bank, qtbot
):
    dialog = GuardianDialog(db)
    qtbot.addWidget(dialog)
    dialog.first_name.setText("Sari")
    dialog.email.setText("sari@")
    dialog.accept()
    assert dialog.result() == 0
    assert error_beside(dialog, "last_name")
    assert error_beside(dialog, "email")
    with db.unit_of_work() as uow:
        assert len(uow.guardians.all()) == 3


def test_deleting_a_guardian_without_requests_removes_them(guardians_page, qtbot, on_modal):
    guardians_page.view.setFocus()
    guardians_page.select_guardian(guardians_page.model.record(0).id)  # Korhonen Matti
    on_modal(answer_yes(deleting("Korhonen Matti")))
    qtbot.keyClick(guardians_page.view, Qt.Key.Key_Delete)
    assert column(guardians_page.model, "name") == ["Virtanen Liisa"]
    assert guardians_page.summary.text() == _("Active guardians: {n}").format(n=1)


def test_deleting_a_guardian_named_in_requests_is_refused_and_offers_to_mark_them_inactive(
    db, bank, requesters, guardians_page, qtbot, on_modal
):
    request(db, requesters["poliisi"], guardian=bank["Virtanen"], outcome=Outcome.PLACED)
    guardians_page.refresh()
    seen = {}

    def mark_inactive(box):
        seen["text"] = box.text()
        mark = next(b for b in box.buttons() if b.text() == _("Mark inactive"))
        mark.click()

    guardians_page.select_guardian(bank["Virtanen"].id)
    on_modal(answer_yes(deleting("Virtanen Liisa")))
    on_modal(mark_inactive)
    qtbot.keyClick(guardians_page.view, Qt.Key.Key_Delete)
    assert seen["text"] == _(
        "The guardian is named in {n} requests and cannot be deleted; mark them inactive instead"
    ).format(n=1)
    assert column(guardians_page.model, "name") == ["Korhonen Matti"]  # no longer among the active
    assert guardians_page.summary.text() == _("Active guardians: {n}").format(n=1)
    with db.unit_of_work() as uow:
        kept = uow.guardians.get(bank["Virtanen"].id)
        assert kept is not None and kept.active is False


def test_a_refused_deletion_can_be_cancelled_leaving_the_guardian_active(
    db, bank, requesters, guardians_page, qtbot, on_modal
):
    request(db, requesters["poliisi"], guardian=bank["Virtanen"], outcome=Outcome.PLACED)
    on_modal(answer_yes(deleting("Virtanen Liisa")))
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    guardians_page.select_guardian(bank["Virtanen"].id)
    qtbot.mouseClick(guardians_page.guardians.delete_button, Qt.MouseButton.LeftButton)
    assert column(guardians_page.model, "name") == ["Korhonen Matti", "Virtanen Liisa"]


def test_a_request_placed_with_a_guardian_raises_their_placements(
    db, bank, requesters, guardians_page, qtbot
):
    assert placements_of(guardians_page, "Virtanen Liisa") == "0"
    dialog = GuardianRequestDialog(db)
    qtbot.addWidget(dialog)
    dialog.requester.setCurrentIndex(dialog.requester.findData(requesters["syyttäjä"]))
    dialog.matter.setCurrentIndex(dialog.matter.findData(Matter.CRIMINAL))
    dialog.guardian.setCurrentIndex(dialog.guardian.findText("Virtanen Liisa"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.PLACED))
    dialog.accept()
    assert dialog.result() == 1
    guardians_page.refresh()  # as when the page comes into view again
    assert placements_of(guardians_page, "Virtanen Liisa") == "1"
    assert placements_of(guardians_page, "Korhonen Matti") == "0"


# --------------------------------------------------------------------------- the request dialog


@pytest.fixture
def dialog(db, bank, requesters, qtbot):
    d = GuardianRequestDialog(db)
    qtbot.addWidget(d)
    d.requester.setCurrentIndex(d.requester.findData(requesters["poliisi"]))
    d.matter.setCurrentIndex(d.matter.findData(Matter.CHILD_WELFARE))
    return d


def saved_requests(db) -> int:
    with db.unit_of_work() as uow:
        return len(uow.guardian_requests.all())


def test_a_new_request_is_dated_today_open_and_without_a_guardian(dialog):
    assert dialog.day.text() == f"{date.today().day}.{date.today().month}.{date.today().year}"
    assert dialog.outcome.currentData() is Outcome.OPEN
    assert dialog.guardian.currentText() == _("(not yet)")
    assert dialog.reference.placeholderText() and dialog.reference.toolTip()


def test_an_inactive_guardian_is_not_offered_in_a_new_request(dialog):
    assert items(dialog.guardian) == [_("(not yet)"), "Korhonen Matti", "Virtanen Liisa"]


def test_a_guardian_made_inactive_stays_on_an_old_request(db, bank, requesters, qtbot):
    old = request(db, requesters["poliisi"], guardian=bank["Korhonen"], outcome=Outcome.PLACED)
    korhonen = bank["Korhonen"]
    save_guardian(db, Guardian("Korhonen", "Matti", active=False), korhonen)
    fresh = GuardianRequestDialog(db)
    qtbot.addWidget(fresh)
    assert "Korhonen Matti" not in items(fresh.guardian)
    edit = GuardianRequestDialog(db, old)
    qtbot.addWidget(edit)
    assert edit.guardian.currentData() == korhonen.id
    assert edit.guardian.currentText() == _("{name} (inactive)").format(name="Korhonen Matti")
    edit.closed.setText("1.1.2100")
    edit.accept()
    assert edit.result() == 1
    with db.unit_of_work() as uow:
        assert uow.guardian_requests.get(old.id).guardian_id == korhonen.id


def test_typing_part_of_a_name_finds_the_guardian(dialog):
    dialog.guardian.setCurrentText("virta")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.PLACED))
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.saved.guardian_id is not None


def test_a_name_not_in_the_bank_is_refused_beside_the_guardian_field(dialog, db):
    dialog.guardian.setCurrentText("Nieminen Aino")  # inactive: not offered
    dialog.accept()
    assert dialog.result() == 0
    assert "Nieminen Aino" in error_beside(dialog, "guardian_id")
    assert saved_requests(db) == 0


def test_a_closing_date_before_the_request_date_is_refused_beside_the_closing_date(dialog, db):
    dialog.day.setText("10.3.2025")
    dialog.closed.setText("9.3.2025")
    dialog.accept()
    assert dialog.result() == 0
    assert error_beside(dialog, "closed") == _("The closing date is before the request date")
    assert dialog.focusWidget() is dialog.closed.edit
    assert saved_requests(db) == 0


def test_an_outcome_of_placed_without_a_guardian_is_refused_beside_the_guardian_field(dialog, db):
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.PLACED))
    dialog.accept()
    assert dialog.result() == 0
    assert error_beside(dialog, "guardian_id") == _("Name the guardian who was placed")
    assert saved_requests(db) == 0


def test_a_personal_identity_code_in_the_reference_is_refused_beside_the_reference(dialog, db):
    dialog.reference.setText("lapsi 131052-308T")
    dialog.accept()
    assert dialog.result() == 0
    assert error_beside(dialog, "reference") == _(
        "{field} contains a personal identity code. The case log holds no client identity: "
        "remove it, or write a non-identifying reference instead."
    ).format(field=_("Reference"))
    assert saved_requests(db) == 0


def test_a_request_without_requester_and_matter_names_both_fields(db, bank, qtbot):
    d = GuardianRequestDialog(db)
    qtbot.addWidget(d)
    d.accept()
    assert d.result() == 0
    assert error_beside(d, "requester_id") and error_beside(d, "matter")


# --------------------------------------------------------------------------- the requests page


def test_the_year_list_has_the_years_with_requests_and_this_year_chosen(
    db, bank, requesters, qtbot
):
    request(db, requesters["poliisi"], day=date(2022, 5, 4))
    page = GuardianRequestsPage(db)
    qtbot.addWidget(page)
    years = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    assert years[0] == THIS_YEAR and 2022 in years
    assert page.year_combo.currentData() == THIS_YEAR


def test_the_table_shows_a_years_requests_with_requester_and_guardian_names(
    db, bank, requesters, requests_page
):
    request(
        db,
        requesters["syyttäjä"],
        day=date(2024, 2, 1),
        guardian=bank["Virtanen"],
        outcome=Outcome.PLACED,
    )
    request(db, requesters["poliisi"], day=date(2023, 12, 31))
    requests_page.refresh()
    requests_page.year_combo.setCurrentIndex(requests_page.year_combo.findData(2024))
    assert column(requests_page.model, "day") == ["1.2.2024"]
    assert column(requests_page.model, "requester") == ["syyttäjä"]
    assert column(requests_page.model, "guardian") == ["Virtanen Liisa"]
    assert column(requests_page.model, "outcome") == [Outcome.PLACED.label]


def test_the_yearly_counts_split_the_children_by_matter_requester_and_outcome(
    db, bank, requesters, requests_page
):
    for matter, who, outcome in [
        (Matter.CRIMINAL, "poliisi", Outcome.PLACED),
        (Matter.CRIMINAL, "poliisi", Outcome.OPEN),
        (Matter.CRIMINAL, "syyttäjä", Outcome.CANCELLED),
        (Matter.CHILD_WELFARE, "lastensuojelu", Outcome.PLACED),
    ]:
        request(
            db,
            requesters[who],
            day=date(2024, 6, 1),
            matter=matter,
            guardian=bank["Virtanen"] if outcome is Outcome.PLACED else None,
            outcome=outcome,
        )
    request(db, requesters["poliisi"], day=date(2023, 6, 1))  # another year: not counted
    requests_page.refresh()
    requests_page.year_combo.setCurrentIndex(requests_page.year_combo.findData(2024))
    total = _("Total")
    assert requests_page.total_label.text() == _("Children in {year}: {n}").format(year=2024, n=4)
    assert table(requests_page.matter_model) == [
        (Matter.CRIMINAL.label, "3"),
        (Matter.CHILD_WELFARE.label, "1"),
        (total, "4"),
    ]
    assert table(requests_page.requester_model) == [
        ("poliisi", "2"),
        ("syyttäjä", "1"),
        ("lastensuojelu", "1"),
        (total, "4"),
    ]
    assert table(requests_page.outcome_model) == [
        (Outcome.OPEN.label, "1"),
        (Outcome.PLACED.label, "2"),
        (Outcome.NONE_FOUND.label, "0"),
        (Outcome.CANCELLED.label, "1"),
        (total, "4"),
    ]


def test_ctrl_c_on_a_count_table_puts_it_on_the_clipboard_as_tab_separated_text(
    db, bank, requesters, requests_page, qtbot
):
    request(db, requesters["poliisi"])
    requests_page.refresh()
    matter_view = requests_page.count_views[0]
    matter_view.setFocus()
    qtbot.keyClick(matter_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0] == f"{_('Matter')}\t{_('Children')}"
    assert lines[1] == f"{Matter.CRIMINAL.label}\t1"


def test_adding_a_request_with_ctrl_n_shows_it_and_counts_it(
    db, requesters, requests_page, qtbot, on_modal
):
    def fill(dialog):
        dialog.requester.setCurrentIndex(dialog.requester.findData(requesters["käräjäoikeus"]))
        dialog.matter.setCurrentIndex(dialog.matter.findData(Matter.CHILD_WELFARE))
        dialog.reference.setText("KO 123/2024")
        dialog.accept()

    on_modal(fill)
    qtbot.keyClick(requests_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert column(requests_page.model, "reference") == ["KO 123/2024"]
    assert requests_page.total_label.text() == _("Children in {year}: {n}").format(
        year=THIS_YEAR, n=1
    )
    assert current(requests_page, "reference") == "KO 123/2024"  # and selected


def test_a_request_saved_for_another_year_shows_that_year(
    db, requesters, requests_page, qtbot, on_modal
):
    def fill(dialog):
        dialog.day.setText("15.3.2021")
        dialog.requester.setCurrentIndex(dialog.requester.findData(requesters["poliisi"]))
        dialog.matter.setCurrentIndex(dialog.matter.findData(Matter.CRIMINAL))
        dialog.accept()

    on_modal(fill)
    qtbot.mouseClick(requests_page.requests.add_button, Qt.MouseButton.LeftButton)
    assert requests_page.year_combo.currentData() == 2021
    assert column(requests_page.model, "day") == ["15.3.2021"]


def test_deleting_a_request_after_confirmation_removes_it_from_the_table_and_the_counts(
    db, requesters, requests_page, qtbot, on_modal
):
    request(db, requesters["poliisi"])
    requests_page.refresh()
    what = f"{format_date(date.today())}, {Matter.CRIMINAL.label}"
    on_modal(answer_yes(_("Delete the request of {what}?").format(what=what)))
    qtbot.keyClick(requests_page.view, Qt.Key.Key_Delete)
    assert requests_page.model.rowCount() == 0
    assert requests_page.total_label.text() == _("Children in {year}: {n}").format(
        year=THIS_YEAR, n=0
    )


def test_the_table_models_pass_qts_model_tests(qtmodeltester, db, bank, requesters, requests_page):
    request(db, requesters["poliisi"], guardian=bank["Virtanen"], outcome=Outcome.PLACED)
    requests_page.refresh()
    guardians = GuardianTableModel(db)
    guardians.set_query(guardians.query)
    qtmodeltester.check(guardians)
    requests = RequestTableModel(db)
    requests.set_query(requests.query)
    qtmodeltester.check(requests)
    for model in (
        requests_page.matter_model,
        requests_page.requester_model,
        requests_page.outcome_model,
    ):
        qtmodeltester.check(model)
