"""Ctrl+V in a list: rows copied from Excel or LibreOffice open the import's preview.

A list that takes pasted rows names its workbook sheet (``RecordList.paste_sheet``) and
which of its columns are which of that sheet's (``paste_columns``). The clipboard's rows
become a workbook of that one sheet (``exports.pasted``), and the import dialog opens on
it as on a file: the preview lists what would be added, the user imports or cancels. Rows
that are not a table of the sheet get one message and open nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from domain.i18n import _, current_language
from exports.pasted import PasteError, discard, pasted_table, table_workbook
from exports.sheets import SHEETS
from ui.common.views import hidden_by_page

if TYPE_CHECKING:
    from ui.app.import_dialog import ImportDialog
    from ui.common.list_page import RecordList


def list_columns(records: RecordList[Any]) -> list[tuple[str, str | None]]:
    """The list's columns as the user sees them, left to right (those left out of a narrow
    window in their places): each one's header and the sheet column it fills (None: none,
    as a running total)."""
    header = records.view.horizontalHeader()
    columns = records.model.COLUMNS
    shown = [header.logicalIndex(v) for v in range(header.count())]
    return [
        (_(columns[i].header), records.paste_columns.get(columns[i].key))
        for i in shown
        if not hidden_by_page(records.view, i)
    ]


def paste_rows(records: RecordList[Any]) -> ImportDialog | None:
    """Open the import's preview on the rows on the clipboard; None (the user told why)
    when they are not rows of the list's sheet."""
    spec = next(s for s in SHEETS if s.key == records.paste_sheet)
    columns = list_columns(records)
    text = QGuiApplication.clipboard().text()
    lang = current_language()
    try:
        table = pasted_table(text, spec, [key for _h, key in columns], lang, dict(columns))
    except PasteError as problem:
        QMessageBox.information(records.page, _("Paste rows"), problem.message)
        return None
    if not records.settle_pasted(table):
        return None
    path = table_workbook(table, spec, lang)
    from ui.app.import_dialog import ImportDialog  # the readers: loaded when first used

    dialog = ImportDialog(records.db, path, records.page)
    dialog.status_message.connect(records.status_message)
    dialog.imported.connect(lambda _report: _imported(records))
    dialog.finished.connect(lambda _code: discard(path))
    dialog.start()
    return dialog


def _imported(records: RecordList[Any]) -> None:
    records.page.refresh()
    records.changed.emit()
