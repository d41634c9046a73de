"""The project register tab driven through its widgets, in Finnish."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectStatus,
)
from domain.staff import StaffMember
from services.projects import save_assignment, save_funding, save_partner, save_project
from services.staff import save_staff_member
from tests.ui.dialogs import error_beside
from ui.forms.funding_line import FundingDialog
from ui.forms.project import ProjectDialog
from ui.projects.tab import ProjectRegisterModel, ProjectsTab
from ui.staff.tab import StaffTab

TODAY = date.today()


def submit(qtbot, dialog, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    if dialog.isVisible():
        errors = [
            label.text()
            for label in dialog.findChildren(QLabel)
            if label.objectName().startswith("error_")
        ]
        dialog.discard()
        raise AssertionError(f"the dialog stayed open: {[e for e in errors if e]}")


def codes(tab) -> list[str]:
    return [tab.model.record(r).code for r in range(tab.model.rowCount())]


@pytest.fixture
def projects(db):
    running = Project(
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        OurRole.ADMINISTRATOR,
        TODAY - timedelta(days=300),
        TODAY + timedelta(days=300),
        total_budget=Decimal(988216),
        our_budget=Decimal(436068),
    )
    ended = Project(
        "SOTE-digi",
        "Digitaaliset palvelut",
        OurRole.CO_IMPLEMENTER,
        date(2021, 1, 1),
        date(2022, 12, 31),
    )
    applied = Project(
        "PERHE",
        "Perhekeskukset",
        OurRole.ADMINISTRATOR,
        TODAY + timedelta(days=60),
        TODAY + timedelta(days=800),
        status=ProjectStatus.APPLIED,
    )
    for p in (running, ended, applied):
        save_project(db, p, None)
    return running, ended, applied


@pytest.fixture
def tab(qtbot, db, projects):
    widget = ProjectsTab(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def test_the_register_lists_the_projects_with_their_state_today(tab):
    assert codes(tab) == ["PERHE", "SOTE-digi", "TulLas"]
    states = [tab.model.data(tab.model.index(r, 3)) for r in range(3)]
    assert states == ["haettu", "päättynyt", "käynnissä"]
    assert tab.model.data(tab.model.index(2, 6)) == "436\u00a0068,00\u00a0€"


def test_the_state_filter_shows_only_the_running_projects(tab):
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("running"))
    assert codes(tab) == ["TulLas"]


def test_the_year_filter_shows_the_projects_of_that_year(tab):
    if tab.year_filter.findData(2022) < 0:
        tab.year_filter.addItem("2022", 2022)
    tab.year_filter.setCurrentIndex(tab.year_filter.findData(2022))
    assert codes(tab) == ["SOTE-digi"]


def test_adding_a_project_with_a_funding_line_by_keyboard(tab, qtbot, on_modal, db):
    def new_project(dialog):
        assert isinstance(dialog, ProjectDialog) and dialog.focusWidget() is dialog.code
        qtbot.keyClicks(dialog.code, "MONNI")
        qtbot.keyClick(dialog.code, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Monialainen nuorten palveluohjaus")
        dialog.start.setText("1.1.2025")
        dialog.end.setText("31.12.2026")
        dialog.our_role.setCurrentIndex(dialog.our_role.findData(OurRole.LEAD_IMPLEMENTER))
        dialog.total_budget.setText("420 000")
        dialog.our_budget.setText("180 000")
        submit(qtbot, dialog, dialog.our_budget)

    on_modal(new_project)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.current_project.code == "MONNI"
    assert tab.detail_title.text() == "MONNI – Monialainen nuorten palveluohjaus"

    def funding(dialog):
        assert isinstance(dialog, FundingDialog)
        dialog.funder.setCurrentText("STM")
        dialog.share.setText("100")
        dialog.amount.setText("180 000")
        submit(qtbot, dialog, dialog.amount)

    on_modal(funding)
    tab.funding.add_button.click()
    rows = tab.funding.model.records()
    assert [(f.funder, f.share_percent, f.amount) for f in rows] == [
        ("STM", Decimal(100), Decimal("180000.00"))
    ]
    assert tab.funding.note.text() == "Osuudet yhteensä 100\u00a0%"


def test_funding_that_does_not_add_up_to_our_budget_is_a_warning_not_an_error(db, tab, projects):
    save_funding(db, FundingLine(projects[0].id, "ESR", Decimal(80), Decimal("348854.40")), None)
    tab.refresh()
    tab.select_project(projects[0].id)
    assert tab.funding.note.text() == (
        "Rahoitusrivit ovat yhteensä 348\u00a0854,40\u00a0€, oma osuus on 436\u00a0068,00\u00a0€"
    )


def test_a_duplicate_code_is_shown_beside_the_code(db, tab):
    dialog = ProjectDialog(db, parent=tab)
    dialog.code.setText("tullas")
    dialog.name.setText("Toinen")
    dialog.accept()
    assert (
        error_beside(dialog, "code")
        == "Lyhenne tullas on jo hankkeella Tulevaisuuden lastensuojelu"
    )


def test_a_second_funder_over_100_per_cent_is_shown_beside_the_share(db, tab, projects):
    save_funding(db, FundingLine(projects[0].id, "ESR", Decimal(60)), None)
    dialog = FundingDialog(db, projects[0], parent=tab)
    dialog.funder.setCurrentText("omarahoitus")
    dialog.share.setText("50")
    dialog.accept()
    assert error_beside(dialog, "share_percent") == (
        "Rahoittajien osuudet ovat yhteensä 110\u00a0%; enintään 100 % on mahdollista"
    )


def test_clicking_a_bar_on_the_timeline_selects_the_project(tab, qtbot, projects):
    tab.pages.setCurrentIndex(1)
    bar = next(b for b in tab.timeline.bars() if b.code == "TulLas")
    qtbot.mouseClick(
        tab.timeline, Qt.MouseButton.LeftButton, pos=tab.timeline.bar_rect(bar).center().toPoint()
    )
    assert tab.current_project.code == "TulLas"


def test_the_timeline_leaves_out_rejected_projects_and_marks_applied_ones(db, tab):
    bars = {b.code: b for b in tab.timeline.bars()}
    assert bars["PERHE"].tentative
    assert not bars["TulLas"].tentative


def test_the_staff_roster_shows_the_projects_a_person_works_in(db, qtbot, projects):
    member = StaffMember("Mäkelä", "Anni", "erikoissuunnittelija", start=date(2020, 2, 3))
    with db.unit_of_work() as uow:
        uow.staff.add(member)
        uow.commit()
    second = Project(
        "Tool4Teen", "Erasmus+", OurRole.CO_IMPLEMENTER, TODAY - timedelta(days=30), None
    )
    save_project(db, second, None)
    save_assignment(
        db, ProjectAssignment(projects[0].id, member.id, "erikoissuunnittelija", Decimal(40)), None
    )
    save_assignment(db, ProjectAssignment(second.id, member.id, "suunnittelija", Decimal(20)), None)
    roster = StaffTab(db)
    qtbot.addWidget(roster)
    model = roster.staff_model
    assert model.data(model.index(0, model.column("projects"))) == "TulLas-hanke, Tool4Teen-hanke"


def test_insert_in_the_partner_list_adds_a_partner_by_keyboard(tab, qtbot, on_modal, projects):
    from ui.forms.project_partner import PartnerDialog

    tab.select_project(projects[0].id)

    def fill(dialog):
        assert isinstance(dialog, PartnerDialog) and dialog.focusWidget() is dialog.organisation
        dialog.organisation.setText("Kauno kolegija")
        dialog.country.setText("Liettua")
        submit(qtbot, dialog, dialog.country)

    on_modal(fill)
    tab.partners.view.setFocus()
    qtbot.keyClick(tab.partners.view, Qt.Key.Key_Insert)
    assert [(p.organisation, p.country) for p in tab.partners.model.records()] == [
        ("Kauno kolegija", "Liettua")
    ]


def test_a_project_with_transactions_is_not_deleted(db, qtbot, tab, projects, on_modal):
    from domain.finance import Transaction
    from services.finance import save_transaction

    with db.unit_of_work() as uow:
        project = uow.projects.by_code("TulLas")
        costs = next(c for c in uow.categories.all() if c.name == "Henkilöstökulut")
    save_transaction(
        db, Transaction(TODAY, costs.id, Decimal("1200.00"), project_id=project.id), None
    )
    tab.refresh()
    tab.select_project(project.id)
    told = []

    def read(box):
        told.append(box.text())
        box.accept()

    on_modal(read)
    qtbot.mouseClick(tab.projects.delete_button, Qt.MouseButton.LeftButton)
    assert told == [
        "Hanketta ei voi poistaa. Sille kirjattuja kirjauksia: 1. Siirrä ne ensin toiselle hankkeelle."
    ]
    with db.unit_of_work() as uow:
        assert uow.projects.by_code("TulLas") is not None


def test_the_register_model_passes_qts_model_tests(db, qtmodeltester, projects):
    model = ProjectRegisterModel(db)
    model.set_query(model.query)
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_a_projects_partner_funding_and_staff_models_pass_qts_model_tests(
    db, qtbot, qtmodeltester, projects
):
    running = projects[0]
    member = StaffMember("Mäkelä", "Anni", "erikoissuunnittelija", start=date(2020, 2, 3))
    save_staff_member(db, member, None)
    save_partner(
        db, ProjectPartner(running.id, "Lapin yliopisto", PartnerRole.CO_IMPLEMENTER), None
    )
    save_partner(db, ProjectPartner(running.id, "Tampereen kaupunki"), None)
    save_funding(db, FundingLine(running.id, "ESR", Decimal(80), Decimal("348854.40")), None)
    save_assignment(
        db, ProjectAssignment(running.id, member.id, "projektipäällikkö", Decimal(40)), None
    )
    widget = ProjectsTab(db)
    qtbot.addWidget(widget)
    widget.select_project(running.id)
    parts = (widget.partners.model, widget.funding.model, widget.staff.model)
    assert [m.rowCount() for m in parts] == [2, 1, 1]
    for model in parts:
        qtmodeltester.check(model)
