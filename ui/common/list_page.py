"""The list-page base: every list of records in the tabs is a ``RecordList`` on a ``ListPage``.

A ``RecordList`` is one table of records and its actions: the table built from the model's
column list, the New…, Edit… and Delete buttons, and the keys. Enter or a double-click opens
the current row, the Delete key deletes it after a confirmation, the list's New key (Ctrl+N,
or Ctrl+Shift+N for a second list on the page, or Insert in the table) adds one. Rows are
selected several at a time (Shift, Ctrl): Delete then asks once and deletes them all in one
transaction or none, and Ctrl+C copies them with the header as a table. A list that names
its workbook sheet (``paste_sheet``) takes rows pasted from a spreadsheet (Ctrl+V) into
the import's preview (``ui.common.paste``). A record
saved is shown selected, or said to be hidden by the filters; after a deletion the row
after it becomes current. A subclass says which dialog opens a record, how a deletion is
asked and done, and what the status line says.

A ``ListPage`` holds one or more lists with the filters above them (a search box with
Ctrl+F, and whatever else the page filters by); ``refresh`` asks the database again and
keeps each list's current record and where it is scrolled. Its ``heading`` row is the
list's caption, its count or summary line and its buttons; a page whose lists are laid
out otherwise (the board's meetings, a project's partners) places the widgets itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from domain.errors import ConcurrentChange, ValidationError
from domain.formats import format_number
from domain.i18n import _
from storage.database import Database
from ui.common.paged_tab import Page
from ui.common.table_model import LazyRecordModel, RecordTableModel
from ui.common.views import (
    bind_keys,
    confirm_deletion,
    current_record,
    ensure_current,
    record_table,
    rows_as_table,
    select_row,
    select_saved,
    selected_rows,
)
from ui.common.widgets import SearchBox
from ui.forms.base import QuickEntryDialog, RecordDialog


def changed_since_shown(change: ConcurrentChange) -> str:
    """The question asked before deleting a record another user changed since it was shown."""
    who = change.changed_by or _("Another user")
    when = change.when()
    if when:
        return _("{who} changed the record at {time} — delete it all the same?").format(
            who=who, time=when
        )
    return _("{who} changed the record meanwhile — delete it all the same?").format(who=who)


def delete_asking_again(parent: QWidget, record: Any, delete: Callable[[Any], bool]) -> Any:
    """Delete ``record`` as it was shown; when another user changed it since, ask again and
    delete the version stored now (refused again if it changes once more meanwhile).
    Returns the record deleted, or None when nothing was."""
    while True:
        try:
            return record if delete(record) else None
        except ConcurrentChange as change:
            if change.current is None or not confirm_deletion(parent, changed_since_shown(change)):
                return None
            record = change.current


def several_refused(problem: ValidationError) -> str:
    """Why deleting the selected records deleted none: one of them changed or went since
    the list was read, or may not be deleted."""
    if isinstance(problem, ConcurrentChange):
        who = problem.changed_by or _("Another user")
        when = problem.when()
        if problem.deleted:
            what = _("Another user deleted one of the selected records meanwhile.")
        elif when:
            what = _("{who} changed one of the selected records at {time}.").format(
                who=who, time=when
            )
        else:
            what = _("{who} changed one of the selected records meanwhile.").format(who=who)
        return (
            what
            + "\n\n"
            + _(
                "Nothing was deleted. The list now shows the records as they are stored: "
                "select them again to delete them."
            )
        )
    return problem.message + "\n\n" + _("Nothing was deleted.")


def without_alt_key(text: str) -> str:
    """A control's text without its Alt key (``&&``, a plain ampersand, stays)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&&")


R = TypeVar("R")
NewKey = QKeySequence | QKeySequence.StandardKey
TITLE_STYLE = "font-weight: bold; font-size: 11pt;"
SEVERAL_MAX = 5000  # rows a copy or a deletion of several takes at once (as a paste does)


@dataclass(frozen=True)
class ListPlace:
    """Where a list was before it was read again (``RecordList.place``)."""

    record: Any  # the current record, or None
    row: int  # its row, or -1
    top: int | None  # where its row was in the view, in pixels from the top; None: not in view
    horizontal: int  # the scroll bars' values
    vertical: int


class RecordList(QObject, Generic[R]):
    """One list of records on a page: its table, its New…, Edit… and Delete buttons, its keys.

    ``new_key`` is a shortcut of the page (None: the Insert key in the table adds instead);
    ``keys`` are further keys of the table, or other actions for its own (Ctrl+C). The widgets are children of the
    page, which lays them out (``ListPage.heading`` gives the usual row above the table).
    A subclass sets ``record_type`` and defines ``dialog``, ``delete_record`` and the
    messages.
    """

    status_message = Signal(str)
    changed = Signal()  # a record was saved or deleted
    record_type: type[Any] = object
    # Ctrl+V: rows pasted from a spreadsheet open the import's preview for this workbook
    # sheet (its key; "": the list takes no paste), the list's columns (by key) being these
    # of the sheet (by key; ``exports.pasted.FULL_NAME``: the last and first names)
    paste_sheet: ClassVar[str] = ""
    paste_columns: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        page: ListPage,
        model: RecordTableModel,
        *,
        name: str = "",
        new_text: str,
        new_key: NewKey | None = QKeySequence.StandardKey.New,
        new_tip: str | None = None,
        edit_text: str | None = None,
        delete_text: str | None = None,
        action_tips: bool = True,
        keys: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]] | None = None,
    ) -> None:
        super().__init__(page)
        self.page = page
        self.db = page.db
        self.model = model
        self.view = record_table(model, page)
        # several rows with Shift and Ctrl: Delete and Ctrl+C act on them all
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        if name:
            self.view.setObjectName(name)
        # No Alt key on New…: Ctrl+N (Ctrl+Shift+N for a second list) is the one key of every list
        self.add_button = QPushButton(without_alt_key(new_text), page)
        self.edit_button = QPushButton(edit_text if edit_text is not None else _("&Edit…"), page)
        self.delete_button = QPushButton(
            delete_text if delete_text is not None else _("&Delete"), page
        )
        if new_tip is None and new_key == QKeySequence.StandardKey.New:
            new_tip = _("Ctrl+N")
        if new_tip:
            self.add_button.setToolTip(new_tip)
        if action_tips:
            self.edit_button.setToolTip(_("Enter or double-click a row"))
            self.delete_button.setToolTip(_("Delete key"))

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.view.activated.connect(lambda _i: self.edit())
        table_keys: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]] = {
            Qt.Key.Key_Delete: self.delete,
            QKeySequence.StandardKey.Copy: self.copy_rows,
        }
        if self.paste_sheet:
            table_keys[QKeySequence.StandardKey.Paste] = self.paste
        if new_key is None:
            table_keys[Qt.Key.Key_Insert] = self.add_button.click  # not while it is disabled
        else:
            QShortcut(new_key, page, self.add)
        table_keys.update(keys or {})
        bind_keys(self.view, table_keys)
        self.model.modelReset.connect(self.update_buttons)
        self.view.selectionModel().currentChanged.connect(self.update_buttons)
        self.view.selectionModel().selectionChanged.connect(self.update_buttons)
        page.lists.append(self)
        self.status_message.connect(page.status_message)
        self.changed.connect(page.data_changed)

    # --- what is shown ----------------------------------------------------------------
    @property
    def current(self) -> R | None:
        record = current_record(self.view)
        return record if isinstance(record, self.record_type) else None

    def update_buttons(self, *_args: Any) -> None:
        has = self.current is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def after_query(self) -> None:
        """The rows were read anew: a row is current if there are rows, so keys act at once."""
        ensure_current(self.view)
        self.update_buttons()

    def place(self) -> ListPlace:
        """Where the list is: its current record and row, and how far it is scrolled."""
        view = self.view
        row = view.currentIndex().row() if self.current is not None else -1
        top = view.rowViewportPosition(row) if row >= 0 else -1
        shown = 0 <= top < view.viewport().height()
        return ListPlace(
            self.current,
            row,
            top if shown else None,
            view.horizontalScrollBar().value(),
            view.verticalScrollBar().value(),
        )

    def restore(self, place: ListPlace) -> None:
        """After a re-query: the record that was current stays so if it is still loaded (if it
        went, the row after it becomes current, as after a deletion), and the list stays
        scrolled as it was, the current record on the same line of the screen when it was
        in view there (a row added above it does not push it down)."""
        view = self.view
        if place.record is not None:
            record_id = getattr(place.record, "id", "")
            if not select_saved(view, self.model, record_id, batches=0, focus=False):
                select_row(view, place.row, focus=False)
        self.after_query()
        view.executeDelayedItemsLayout()  # the scroll bars' ranges fit the rows read
        view.horizontalScrollBar().setValue(place.horizontal)
        bar = view.verticalScrollBar()
        bar.setValue(place.vertical)
        row = view.currentIndex().row()
        if place.top is not None and row >= 0:
            shift = view.rowViewportPosition(row) - place.top
            per_pixel = view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
            step = 1 if per_pixel else max(1, view.rowHeight(row))
            bar.setValue(bar.value() + round(shift / step))

    def reload(self) -> None:
        """Read the list again after a change (the whole page, unless a subclass says less)."""
        self.page.refresh()

    def reveal(self, record: R) -> bool:
        """Select a record just saved; False when the filters hide it (the status line says so)."""
        return select_saved(self.view, self.model, getattr(record, "id", ""))

    # --- the actions ----------------------------------------------------------------------
    def dialog(self, record: R | None) -> RecordDialog | None:  # pragma: no cover - per list
        """The dialog that adds (``record`` None) or edits a record; None: nothing to open."""
        raise NotImplementedError

    def saved_message(self, saved: Sequence[R]) -> str:  # pragma: no cover - per list
        raise NotImplementedError

    def delete_question(self, record: R) -> str | None:  # pragma: no cover - per list
        """What the confirmation asks; None: the record cannot be deleted (the user was told)."""
        raise NotImplementedError

    def delete_record(self, record: R) -> bool:  # pragma: no cover - per list
        """Delete through the service; False when it refused (and the user was told why)."""
        raise NotImplementedError

    def deleted_message(self, record: R) -> str:  # pragma: no cover - per list
        raise NotImplementedError

    def add(self) -> None:
        dialog = self.dialog(None)
        if dialog is not None:
            self.run(dialog)

    def edit(self) -> None:
        record = self.current
        if record is not None:
            dialog = self.dialog(record)
            if dialog is not None:
                self.run(dialog)

    def run(self, dialog: RecordDialog) -> None:
        """Run an add or edit dialog; then the list shows and selects the last record saved
        (a quick-entry dialog may have saved several before it was closed)."""
        accepted = dialog.exec()
        saved: list[R]
        if isinstance(dialog, QuickEntryDialog) and dialog.original is None:
            saved = list(dialog.saved_records)
        else:
            saved = [dialog.saved] if accepted and dialog.saved is not None else []
        if saved:
            self.show_saved(saved[-1], self.saved_message(saved))

    def show_saved(self, record: R, message: str) -> None:
        self.reload()
        if not self.reveal(record):
            message += " " + _("(not shown: outside the filters)")
        self.status_message.emit(message)
        self.changed.emit()

    def delete(self) -> None:
        """Delete the current record once the user confirms; the row after it becomes current.
        With several rows selected, all of them (``delete_selected``)."""
        if not self._few_enough(_("Delete at most {max} rows at once.")):
            return
        chosen = self.selected()
        if len(chosen) > 1:
            self.delete_selected(chosen)
            return
        record = self.current
        if record is None:
            return
        question = self.delete_question(record)
        if question is None or not confirm_deletion(self.page, question):
            return
        row = self.view.currentIndex().row()
        deleted = delete_asking_again(self.page, record, self.delete_record)
        if deleted is None:
            return
        record = deleted
        self.reload()
        select_row(self.view, row)
        self.status_message.emit(self.deleted_message(record))
        self.changed.emit()

    # --- several rows ---------------------------------------------------------------------
    def selected(self) -> list[R]:
        """The records of the selected rows, top to bottom (the current one when none is)."""
        records = (self.model.record(row) for row in selected_rows(self.view))
        return [r for r in records if isinstance(r, self.record_type)]

    def _few_enough(self, limit: str) -> bool:
        """Whether the selection is small enough to act on row by row: Ctrl+A in a long
        list selects rows not yet read, and reading 200 000 to copy or delete them would
        stop the window for minutes. Told otherwise, with the workbook as the way."""
        count = len(selected_rows(self.view))
        if count <= SEVERAL_MAX:
            return True
        QMessageBox.information(
            self.page,
            _("Too many rows selected"),
            _("{n} rows are selected.").format(n=format_number(count))
            + " "
            + limit.format(max=format_number(SEVERAL_MAX))
            + " "
            + _("For more, use the workbook (File → Export workbook…, File → Import workbook…)."),
        )
        return False

    def several_question(self, records: Sequence[R]) -> str:  # pragma: no cover - per list
        """What the confirmation asks before deleting several records ("Delete 5 transactions?")."""
        raise NotImplementedError

    def delete_several(self, records: Sequence[R]) -> None:  # pragma: no cover - per list
        """Delete them through the service in one transaction; ValidationError (or
        ConcurrentChange) when it deleted none."""
        raise NotImplementedError

    def several_deleted_message(self, records: Sequence[R]) -> str:  # pragma: no cover
        raise NotImplementedError

    def delete_selected(self, records: list[R]) -> None:
        """Delete the selected records once the user confirms, all or none: one changed or
        deleted elsewhere since the list was read deletes none, and the user is told."""
        if not confirm_deletion(self.page, self.several_question(records)):
            return
        row = selected_rows(self.view)[0]
        try:
            self.delete_several(records)
        except ValidationError as problem:
            self.reload()
            QMessageBox.warning(self.page, _("Nothing was deleted"), several_refused(problem))
            self.view.setFocus()
            return
        self.reload()
        select_row(self.view, row)
        self.status_message.emit(self.several_deleted_message(records))
        self.changed.emit()

    def copy_rows(self) -> None:
        """Ctrl+C: the selected rows with the header, as the list shows them, to the clipboard
        as a table (tab-separated text and HTML)."""
        rows = selected_rows(self.view)
        if not rows or not self._few_enough(_("Copy at most {max} rows at once.")):
            return
        QGuiApplication.clipboard().setMimeData(rows_as_table(self.view, rows))
        if len(rows) == 1:
            self.status_message.emit(_("Copied the row"))
        else:
            self.status_message.emit(_("Copied {n} rows").format(n=format_number(len(rows))))

    def settle_pasted(self, table: list[list[str]]) -> bool:
        """Pasted rows (the sheet's header row first) before their preview opens: a list
        may ask what they mean and mend them in place; False: the user cancelled."""
        return True

    def paste(self) -> None:
        """Ctrl+V: the rows on the clipboard open the import's preview (``ui.common.paste``)."""
        from ui.common.paste import paste_rows

        self.paste_dialog = paste_rows(self)


SEARCH_CHARACTERS = 24  # a search box shows at least this many average characters


class ListPage(Page):
    """A page (or a tab) of record lists with their filters.

    A subclass creates its filters (``search_field`` makes the search box), its lists, and
    defines ``apply_filters`` (set the lists' queries, then ``queried``) and, if it shows
    more than its lists, ``reload`` and ``update_summary``.
    """

    search: SearchBox
    _filters_held = False  # see holding_filters
    _filters_wanted = False

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lists: list[RecordList[Any]] = []

    # --- putting remembered filters back (ui/common/remember.py) --------------------------
    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A page's own ``apply_filters`` waits while ``holding_filters``."""
        super().__init_subclass__(**kwargs)
        apply = cls.__dict__.get("apply_filters")
        if apply is None or getattr(apply, "holds", False):
            return

        @functools.wraps(apply)
        def apply_filters(self: ListPage) -> None:
            if self._filters_held:
                self._filters_wanted = True
            else:
                apply(self)

        apply_filters.holds = True  # type: ignore[attr-defined]
        cls.apply_filters = apply_filters  # type: ignore[method-assign]

    def applies_filters(self) -> bool:
        """Whether the page reads its lists with its filters (it defines ``apply_filters``)."""
        return type(self).apply_filters is not ListPage.apply_filters

    @contextmanager
    def holding_filters(self) -> Iterator[None]:
        """Filters set meanwhile (each of which would read the lists) are applied once, at
        the end, if any of them asked to be."""
        self._filters_held, self._filters_wanted = True, False
        try:
            yield
        finally:
            self._filters_held = False
        if self._filters_wanted:
            self._filters_wanted = False
            self.apply_filters()

    def search_field(self, placeholder: str) -> QLabel:
        """The search box (``self.search``) and its label; Ctrl+F goes to it, typing filters.
        The label has no Alt key of its own: Ctrl+F is the search of every list."""
        self.search = SearchBox(placeholder, self)
        # Room to read what is typed: a name, or two words of a summary.
        metrics = self.search.fontMetrics()
        self.search.setMinimumWidth(metrics.averageCharWidth() * SEARCH_CHARACTERS + 30)
        label = QLabel(_("Search:"), self)
        label.setBuddy(self.search)
        self.search.search.connect(lambda _text: self.apply_filters())
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        return label

    def heading(
        self, records: RecordList[Any], title: str = "", summary: QWidget | None = None
    ) -> QHBoxLayout:
        """A list's heading row: its bold title, its count or summary, New…, Edit… and Delete."""
        row = QHBoxLayout()
        if title:
            caption = QLabel(title, self)
            caption.setStyleSheet(TITLE_STYLE)
            row.addWidget(caption)
        if summary is None:
            row.addStretch(1)
        else:
            if title:
                row.addSpacing(12)
            row.addWidget(summary, 1)
        for button in (records.add_button, records.edit_button, records.delete_button):
            row.addWidget(button)
        return row

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- reading ------------------------------------------------------------------------
    def apply_filters(self) -> None:  # pragma: no cover - each page with filters defines it
        raise NotImplementedError

    def queried(self) -> None:
        """After the lists were read: the summary follows, each list has a current row."""
        self.update_summary()
        for records in self.lists:
            records.after_query()

    def update_summary(self) -> None:
        """Show the page's count or summary line (a page without one has nothing to do)."""

    def reload(self) -> None:
        """Read the lists again with the queries they have."""
        for records in self.lists:
            if isinstance(records.model, LazyRecordModel):
                records.model.refresh()

    def refresh(self) -> None:
        """Ask the database again; each list keeps its current record if it is still there,
        and its scroll position (another workstation's change shows without moving the
        list under the user's eyes)."""
        places = [(records, records.place()) for records in self.lists]
        self.reload()
        self.update_summary()
        for records, place in places:
            records.restore(place)
