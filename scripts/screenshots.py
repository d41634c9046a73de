"""Save screenshots of the main screens (offscreen) into ./screenshots for a person to look at.

QT_QPA_PLATFORM=offscreen uv run scripts/screenshots.py [fi|en]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()


def main() -> None:
    from domain.i18n import set_language

    language = sys.argv[1] if len(sys.argv) > 1 else "fi"
    set_language(language)
    from PySide6.QtWidgets import QApplication

    from services.demo import load_demo
    from storage.database import open_database, sqlite_url
    from ui.app.application import create_application
    from ui.app.main_window import MainWindow
    from ui.forms.board_seat import SeatDialog
    from ui.forms.board_term import TermDialog
    from ui.forms.meeting import MeetingDialog
    from ui.forms.project import ProjectDialog
    from ui.forms.settings_dialog import SettingsDialog
    from ui.forms.staff_member import StaffDialog
    from ui.forms.trainee import TraineeDialog

    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    app = create_application()

    def shot(widget, name: str) -> None:
        """Let the widget paint, then save it as ``<name>-<language>.png``."""
        app.processEvents()
        widget.grab().save(str(out / f"{name}-{language}.png"))

    def dialog_shot(dialog, name: str) -> None:
        """Show a dialog, save it, close it."""
        dialog.show()
        shot(dialog, name)
        dialog.close()

    tmp = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(tmp / "shots.sqlite"))
    window = MainWindow(db, str(tmp / "shots.sqlite"))
    window.resize(1200, 760)
    window.show()
    shot(window, "welcome")
    load_demo(db)
    window.show_tabs()
    shot(window, "staff-tab")
    with db.unit_of_work() as uow:
        member = uow.staff.all()[3]
        trainee = uow.trainees.all()[0]
    dialog = StaffDialog(db, member, window)
    dialog.show()
    shot(dialog, "staff-dialog")
    dialog.start.setText("31.11.2023")
    dialog.fte.setText("150")
    dialog.email.setText("satu@")
    dialog.accept()
    shot(dialog, "staff-dialog-errors")
    dialog.close()
    t = TraineeDialog(db, trainee, window)
    dialog_shot(t, "trainee-dialog")
    window.open_tab("board_tab")
    shot(window, "board-tab")
    board = window.board_tab
    term = board.current_term
    seat = board.seat_model.record(0)
    d = SeatDialog(db, term, seat, window)
    dialog_shot(d, "seat-dialog")
    d = SeatDialog(db, term, parent=window)
    d.role.setCurrentIndex(0)
    d.member_last_name.setText(seat.deputy_last_name)
    d.member_first_name.setText(seat.deputy_first_name)
    d.deputy_last_name.setText("Virta")
    d.show()
    d.accept()
    shot(d, "seat-dialog-errors")
    d.close()
    d = TermDialog(db, copy_from=term, seat_count=board.seat_model.rowCount(), parent=window)
    dialog_shot(d, "term-copy-dialog")
    d = MeetingDialog(db, parent=window)
    dialog_shot(d, "meeting-dialog")
    projects = window.open_tab("projects_tab")
    projects.select_project(
        projects.model.record(
            projects.model.row_of(
                next(
                    projects.model.record(r).id
                    for r in range(projects.model.rowCount())
                    if projects.model.record(r).code == "TulLas"
                )
            )
        ).id
    )
    shot(window, "projects-tab")
    projects.pages.setCurrentIndex(1)
    shot(window, "projects-timeline")
    projects.pages.setCurrentIndex(0)
    d = ProjectDialog(db, projects.current_project, window)
    d.show()
    shot(d, "project-dialog")
    d.end.setText("31.11.2023")
    d.our_budget.setText("2 000 000")
    d.accept()
    shot(d, "project-dialog-errors")
    d.close()
    # --- the case log ---------------------------------------------------------------------
    from ui.forms.case_event import CaseEventDialog
    from ui.forms.guardian import GuardianDialog
    from ui.forms.guardian_request import GuardianRequestDialog
    from ui.forms.reference_lists_dialog import ReferenceListsDialog

    caselog = window.open_tab("caselog_tab")
    for index, name in enumerate(
        ("case-events", "case-statistics", "guardian-bank", "guardian-requests")
    ):
        caselog.pages.setCurrentIndex(index)
        shot(window, name)
    stats = caselog.statistics_page
    stats.scroll_area.widget().grab().save(str(out / f"case-statistics-whole-{language}.png"))
    d = CaseEventDialog(db, parent=window)
    d.show()
    shot(d, "case-event-dialog")
    d.summary.setPlainText("Asiakas 131052-308T kysyi maksuista.")
    d.minutes.setText("-5")
    d.service_area.setCurrentText("sairaalaa")
    d.accept()
    shot(d, "case-event-dialog-errors")
    d.close()
    d = GuardianDialog(db, parent=window)
    dialog_shot(d, "guardian-dialog")
    d = GuardianRequestDialog(db, parent=window)
    d.show()
    d.reference.setText("131052-308T")
    d.closed.setText("1.1.2000")
    d.accept()
    shot(d, "guardian-request-dialog-errors")
    d.close()
    d = ReferenceListsDialog(db, window)
    dialog_shot(d, "reference-lists")
    # --- the financials -------------------------------------------------------------------
    from datetime import date

    from services.finance import drill_down_query
    from ui.finance.transactions_page import TransactionsDialog
    from ui.forms.categories_dialog import CategoriesDialog
    from ui.forms.transaction import TransactionDialog

    finance = window.open_tab("finance_tab")
    for index, name in enumerate(
        ("transactions", "budget-comparison", "budget", "funding", "sales", "project-finances")
    ):
        finance.pages.setCurrentIndex(index)
        shot(window, name)
    d = TransactionDialog(db, parent=window)
    d.show()
    shot(d, "transaction-dialog")
    d.amount.setText("10,005")
    d.work_days.setText("-2")
    d.accept()
    shot(d, "transaction-dialog-errors")
    d.close()
    with db.unit_of_work() as uow:
        travel = next(c for c in uow.categories.all() if c.name == "Matkakulut")
    today = date.today()
    d = TransactionsDialog(
        db, drill_down_query(travel.id, date(today.year, 1, 1), today), "Matkakulut", window
    )
    dialog_shot(d, "drill-down")
    d = CategoriesDialog(db, window)
    dialog_shot(d, "categories")
    s = SettingsDialog(db, window)
    dialog_shot(s, "settings")
    # --- the import -----------------------------------------------------------------------
    from openpyxl import load_workbook

    from services.workbook import export_database
    from ui.app.import_dialog import ImportDialog

    def import_shots(path: Path, name: str, *, then_import: bool = False) -> None:
        d = ImportDialog(db, path, window)
        wait_for(d.start())
        shot(d, name)
        if then_import:
            wait_for(d.start_import())
            shot(d, name + "-done")
        d.close()

    def wait_for(task) -> None:
        while not task.finished:
            app.processEvents()

    changed = tmp / "muutokset.xlsx"
    export_database(db, changed)
    wb = load_workbook(changed)
    staff_sheet, events = wb.worksheets[0], wb.worksheets[8]
    staff_sheet.cell(row=2, column=4).value = "hallintoassistentti"
    staff_sheet.append([None, "Saarinen", "Taru", "suunnittelija"])
    wb.save(changed)
    import_shots(changed, "import-preview", then_import=True)
    events.cell(row=3, column=2).value = "31.11.2023"
    staff_sheet.cell(row=4, column=6).value = "=100+20"
    wb.save(changed)
    import_shots(changed, "import-errors")
    window.close()
    db.close()
    QApplication.processEvents()
    print(f"saved in {out}")


if __name__ == "__main__":
    main()
