"""Save screenshots of every screen (offscreen) for a person to look at.

QT_QPA_PLATFORM=offscreen uv run scripts/screenshots.py [--out DIR] [--languages fi en]
    [--sizes 1024x768 1366x768 1920x1080]

Each language and screen size runs in a process of its own, on an offscreen screen of that
size (Qt's ``offscreen:configfile``). The window fills the screen less 60 pixels of title
bar and panel, as a maximised window would; the dialogs open at their own size. The shots
go to ``DIR/<size>/<name>-<language>.png`` (every main tab and its pages, every form, with
and without its field messages, and the dialogs, filled with the demo data), and ``DIR/clipped.txt`` lists every
header, label, button and field whose text does not fit it, so a person looks there first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ("1024x768", "1366x768", "1920x1080")
LANGUAGES = ("fi", "en")
TITLE_AND_PANEL = 60  # pixels of a maximised window's screen that are not the window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--sizes", nargs="+", default=list(SIZES))
    parser.add_argument("--one", nargs=2, metavar=("LANGUAGE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        shoot(args.one[0], args.one[1], args.out)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    clipped = args.out / "clipped.txt"
    clipped.write_text("", encoding="utf-8")
    for size in args.sizes:
        width, height = (int(n) for n in size.split("x"))
        config = Path(tempfile.mkdtemp()) / "screen.json"
        screen = {"name": size, "x": 0, "y": 0, "width": width, "height": height}
        config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        for language in args.languages:
            command = [sys.executable, __file__, "--out", str(args.out), "--one", language, size]
            subprocess.run(command, env=env, check=True)
    print(f"saved in {args.out}; text that does not fit: {clipped}")


def clipped_texts(top) -> list[str]:
    """What of ``top``'s visible text does not fit its place: headers, labels, buttons,
    tabs and the text in fields and combo boxes."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QTabBar,
    )

    found: list[str] = []
    for header in top.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation().name != "Horizontal":
            continue
        model = header.model()
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, header.orientation()) or "")
            room = header.sectionSize(section) - 8  # the header's margins
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                room -= 16  # the sort arrow's place
            if metrics.horizontalAdvance(text) > room:
                found.append(f"header {text!r}: {metrics.horizontalAdvance(text)} > {room}")
    for label in top.findChildren(QLabel):
        plain = label.textFormat().name != "RichText" and "<" not in label.text()
        if label.isVisible() and not label.wordWrap() and label.text() and plain:
            lines = label.text().replace("&", "").splitlines()
            need = max(label.fontMetrics().horizontalAdvance(line) for line in lines)
            if need > label.contentsRect().width() + 1:
                found.append(f"label {label.text()!r}: {need} > {label.width()}")
    for button in top.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and button.width() < button.sizeHint().width():
            found.append(
                f"button {button.text()!r}: {button.width()} < {button.sizeHint().width()}"
            )
    for field in top.findChildren(QLineEdit):
        if field.isVisible() and field.text():
            need = field.fontMetrics().horizontalAdvance(field.text()) + 8
            if need > field.width() and not isinstance(field.parent(), QComboBox):
                found.append(f"field {field.text()[:40]!r}: {need} > {field.width()}")
    for combo in top.findChildren(QComboBox):
        if combo.isVisible() and combo.currentText() and not combo.isEditable():
            need = combo.fontMetrics().horizontalAdvance(combo.currentText()) + 30
            if need > combo.width():
                found.append(f"choice {combo.currentText()!r}: {need} > {combo.width()}")
    for bar in top.findChildren(QTabBar):
        if bar.isVisible():
            for i in range(bar.count()):
                if bar.tabRect(i).width() < bar.tabSizeHint(i).width():
                    found.append(f"tab {bar.tabText(i)!r}")
    return found


def shoot(language: str, size: str, root: Path) -> None:
    """Every screen in one language on a screen of one size."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    from domain.i18n import set_language

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

    out = root / size
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    report = (root / "clipped.txt").open("a", encoding="utf-8")

    def shot(widget, name: str) -> None:
        """Let the widget paint, then save it as ``<name>-<language>.png``, and note what of
        its text does not fit."""
        app.processEvents()
        widget.grab().save(str(out / f"{name}-{language}.png"))
        for problem in clipped_texts(widget):
            report.write(f"{size} {language} {name}: {problem}\n")

    def close(dialog) -> None:
        """Close a dialog without its question about unsaved changes."""
        getattr(dialog, "discard", dialog.close)()

    def dialog_shot(dialog, name: str) -> None:
        """Show a dialog, save it, close it."""
        dialog.show()
        shot(dialog, name)
        close(dialog)

    tmp = Path(tempfile.mkdtemp())
    db = open_database(sqlite_url(tmp / "shots.sqlite"))
    window = MainWindow(db, str(tmp / "shots.sqlite"))
    screen = app.primaryScreen().availableGeometry()
    window.resize(screen.width(), screen.height() - TITLE_AND_PANEL)
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
    close(dialog)
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
    close(d)
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
    close(d)
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
    close(d)
    d = GuardianDialog(db, parent=window)
    dialog_shot(d, "guardian-dialog")
    d = GuardianRequestDialog(db, parent=window)
    d.show()
    d.reference.setText("131052-308T")
    d.closed.setText("1.1.2000")
    d.accept()
    shot(d, "guardian-request-dialog-errors")
    close(d)
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
    close(d)
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
        close(d)

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
    more_dialogs(db, window, shot, dialog_shot, close)
    window.close()
    db.close()
    report.close()
    QApplication.processEvents()


def more_dialogs(db, window, shot, dialog_shot, close) -> None:
    """The dialogs reached from the menus and the project page's lists, each with demo data
    in it: Find anything with matches, the export's question, the user guide, the keyboard
    shortcuts, the change history (the whole log and one record's), backups, the annual
    report's texts, About, and the partner, funding-line and staff-role forms."""
    from datetime import date

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from domain.i18n import current_language
    from services.backups import back_up_now
    from services.history import kind_of
    from services.staff import save_staff_member
    from ui.app.export_dialog import ExportScopeDialog
    from ui.app.find_dialog import FindDialog
    from ui.app.help_window import HelpWindow
    from ui.app.keys import ShortcutsDialog
    from ui.forms.funding_line import FundingDialog
    from ui.forms.project_assignment import AssignmentDialog
    from ui.forms.project_partner import PartnerDialog
    from ui.forms.report_texts_dialog import ReportTextsDialog
    from ui.forms.staff_member import StaffDialog
    from ui.history.log_window import HistoryWindow
    from ui.history.record_history import RecordHistoryDialog

    d = FindDialog(db, window)
    d.text.setText("vir")
    d.search()
    dialog_shot(d, "find-anything")
    d = ExportScopeDialog(window)
    d.one_year.setChecked(True)
    dialog_shot(d, "export-scope")
    help_window = HelpWindow(window)
    help_window.show_page("finance")
    dialog_shot(help_window, "help")
    help_window.search.setText({"fi": "tosite"}.get(current_language(), "voucher"))
    dialog_shot(help_window, "help-search")
    dialog_shot(ShortcutsDialog(window), "keyboard-shortcuts")
    # A change of its own, so the history has an update beside the demo's inserts.
    with db.unit_of_work() as uow:
        member = uow.staff.all()[3]
    from dataclasses import replace

    save_staff_member(db, replace(member, title=member.title + " (vs.)"), original=member)
    history = HistoryWindow(db, window)
    history.refresh()
    dialog_shot(history, "history-log")
    with db.unit_of_work() as uow:
        member = uow.staff.get(member.id)
    form = StaffDialog(db, member, window)
    form.show()
    d = RecordHistoryDialog(db, kind_of(member), member.id, parent=form, captions=form.captions())
    dialog_shot(d, "record-history")
    close(form)
    back_up_now(db)
    from ui.app.backups_dialog import BackupsDialog

    dialog_shot(BackupsDialog(db, window), "backups")
    d = ReportTextsDialog(db, date.today().year - 1, window)
    for editor in d.editors.values():
        editor.setPlainText(
            "Vuosi oli osaamiskeskukselle vilkas: palveluneuvontaa annettiin yli 1 200 "
            "kertaa, ja kaksi uutta hanketta alkoi.\n\nKiitämme jäseniämme, "
            "kumppaneitamme ja rahoittajiamme."
        )
    dialog_shot(d, "report-texts")
    close(d)

    def grab_modal(name: str) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            shot(modal, name)
            modal.close()

    QTimer.singleShot(0, lambda: grab_modal("about"))
    window.show_about()
    projects = window.open_tab("projects_tab")
    project = projects.current_project
    with db.unit_of_work() as uow:
        partner = uow.partners.of_project(project.id)[0]
        line = uow.funding.of_project(project.id)[0]
        assignment = uow.assignments.of_project(project.id)[0]
    dialog_shot(PartnerDialog(db, project, partner, window), "partner-dialog")
    dialog_shot(FundingDialog(db, project, line, window), "funding-dialog")
    dialog_shot(AssignmentDialog(db, project, assignment, window), "assignment-dialog")


if __name__ == "__main__":
    main()
