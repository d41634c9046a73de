"""The edit dialog every record kind uses: fields, errors beside them, Enter saves, Esc cancels."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ConcurrentChange, FieldError, ValidationError
from domain.formats import format_number
from domain.i18n import N_, _
from domain.records import TextLimit
from services.history import current_record, kind_of
from ui.common.widgets import ERROR_STYLE
from ui.forms.conflict import ConflictPanel
from ui.forms.shown_values import as_shown, shown_change

SAVE_AND_NEW_LABEL = N_("Save and ne&w (Ctrl+Enter)")
SAVE_AND_NEW_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))
HISTORY_LABEL = N_("Change history (Ctrl+H)")
HISTORY_KEYS = QKeySequence("Ctrl+H")

W = TypeVar("W", bound=QWidget)


class RecordDialog(QDialog):
    """Subclasses add fields with ``add_field`` and implement ``values`` and ``save`` (which
    hands the record to its service: a dialog never writes to the database itself).

    ``accept()`` asks for ``values`` (reading a field may already raise a
    ``ValidationError``), lets the domain validate, and saves; any error is shown next to
    its field and the dialog stays open with nothing saved.

    A save refused because another user changed the record since the form opened (or
    deleted it) keeps the form open with the ``conflict`` panel: their values beside the
    user's, to take theirs (``load_record``, the subclass's ``_load``) or save over theirs
    (``overwrite`` is then True for the service); for a deleted record, to save it as a
    new one or discard it.

    ``text_limits`` is the record's ``TEXT_LIMITS``: a line edit added under one of its keys
    (an editable combo box's too) takes no more characters than the domain allows.

    Esc, Cancel or closing the window on a form whose fields changed since it opened asks
    "Discard changes?" first, No the default (``ask_before_discarding`` False: never asks;
    ``discard()`` closes without asking).
    """

    text_limits: Mapping[str, TextLimit] = {}
    ask_before_discarding = True

    def __init__(
        self, title: str, parent: QWidget | None = None, *, db: Any = None, original: Any = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.original = original  # the record being edited; None when adding
        self.overwrite = False  # the user chose to save over another user's change
        self.saved: Any = None
        self._change: ConcurrentChange | None = None
        self.setWindowTitle(title)
        self.setModal(True)
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._focus_set = False
        self._unchanged: tuple[Any, ...] | None = None  # what the fields showed when opened
        # A field shown wrong is read again shortly after it changes: its message goes once right
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(250)
        self._recheck.timeout.connect(self.recheck_errors)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.history_button = QPushButton(_(HISTORY_LABEL), self)
        self.history_button.setObjectName("history_button")
        self.history_button.setAutoDefault(False)
        self.history_button.setToolTip(_("The changes of this record, newest first"))
        self.history_button.clicked.connect(self.show_history)
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
        QShortcut(HISTORY_KEYS, self, self.show_history)
        self.setMinimumWidth(560)
        self.conflict = ConflictPanel(self)
        self.conflict.take_theirs.connect(self.take_theirs)
        self.conflict.overwrite.connect(self.save_over_theirs)
        self.conflict.save_as_new.connect(self.save_as_new)
        self.conflict.discard.connect(self.discard)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.conflict)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, label: str, widget: W, *, required: bool = False) -> W:
        text = f"{label} *" if required else label
        caption = QLabel(text, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        error = QLabel(self)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setObjectName(f"error_{key}")
        error.setMinimumWidth(320)  # wrap as wide as the fields, not in a narrow column
        self.form.addRow("", error)
        self.form.setRowVisible(error, False)
        self._fields[key] = widget
        self._errors[key] = error
        changed = next(
            (
                getattr(widget, name)
                for name in ("changed", "currentTextChanged", "textChanged", "valueChanged")
                if hasattr(widget, name)
            ),
            None,
        )
        if changed is not None:
            changed.connect(lambda *_args: self._field_edited(key))
        return widget

    def _field_edited(self, key: str) -> None:
        if self.form.isRowVisible(self._errors[key]):
            self._recheck.start()

    def recheck_errors(self) -> None:
        """Read the form again and take away the messages of the fields now right (a field
        still wrong keeps its message; nothing new is shown before saving)."""
        if QApplication.activePopupWidget() is not None:
            self._recheck.start()  # a list of suggestions is open: once it is closed
            return
        wrong: set[str] = set()
        try:
            _record = self.values  # read only: nothing is saved
        except ValidationError as exc:
            wrong = {e.field for e in exc.errors}
        for key, label in self._errors.items():
            if key not in wrong and self.form.isRowVisible(label):
                label.clear()
                self.form.setRowVisible(label, False)

    def showEvent(self, event: QShowEvent) -> None:
        """Open on the first field, with Tab going down the fields and then to the buttons."""
        super().showEvent(event)
        self.history_button.setEnabled(self._history_kind() is not None)
        if self._focus_set:
            return
        self._focus_set = True
        self._limit_lengths()
        self.mark_unchanged()
        chain = [w for w in self._fields.values() if w.isVisibleTo(self) and w.isEnabled()]
        chain += [
            self.buttons.button(QDialogButtonBox.StandardButton.Save),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        if chain:
            self.activateWindow()
            chain[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _limit_lengths(self) -> None:
        """Typing stops at a field's limit. Set once the record is loaded, and never below the
        length of the text loaded: a line edit would cut a longer one silently, and a record
        kept before the limits existed keeps its text until saving names the limit."""
        for key, rule in self.text_limits.items():
            widget = self._fields.get(key)
            line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            if isinstance(line, QLineEdit):
                line.setMaxLength(max(rule.limit, len(line.text())))

    def field(self, key: str) -> QWidget:
        return self._fields[key]

    # --- changes, and closing without saving ----------------------------------------------
    def _shown_state(self) -> tuple[Any, ...]:
        """What every input of the form shows (the conflict panel's aside)."""
        state: list[Any] = []
        for widget in self.findChildren(QWidget):
            if self.conflict.isAncestorOf(widget):
                continue
            if isinstance(widget, QLineEdit | QAbstractSpinBox):
                state.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append(widget.currentText())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                state.append(widget.isChecked())
            elif isinstance(widget, QListWidget):
                state.append(tuple(widget.item(i).checkState() for i in range(widget.count())))
        return tuple(state)

    def mark_unchanged(self) -> None:
        """What the form shows now is what it opened with (or was saved, or reloaded)."""
        self._unchanged = self._shown_state()

    def has_changes(self) -> bool:
        """Whether anything in the form was changed since it opened (or was last saved)."""
        return self._unchanged is not None and self._shown_state() != self._unchanged

    def reject(self) -> None:
        """Esc, Cancel or the window's close button: a form with changes asks first."""
        if self.ask_before_discarding and self.has_changes():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.windowTitle(),
                _("Discard changes?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setInformativeText(_("What was typed in the form is not saved."))
            box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter keeps the form
            box.setEscapeButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking (the user chose it already)."""
        super().reject()

    @property
    def values(self) -> Any:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def save(self, values: Any) -> None:  # pragma: no cover - each dialog defines it
        """Store the record through its service (which validates it again and may raise
        ValidationError), then set ``saved``."""
        raise NotImplementedError

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            self.form.setRowVisible(label, False)
        self.general_error.hide()

    def show_errors(self, errors: tuple[FieldError, ...]) -> None:
        self.clear_errors()
        first: QWidget | None = None
        general: list[str] = []
        for err in errors:
            label = self._errors.get(err.field)
            if label is None:
                general.append(err.message)
                continue
            label.setText(f"{label.text()}\n{err.message}" if label.text() else err.message)
            self.form.setRowVisible(label, True)
            if first is None:
                first = self._fields[err.field]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        wrong = [key for key in self._fields if self.form.isRowVisible(self._errors[key])]
        if wrong:
            first = self._fields[wrong[0]]  # the first faulty field in the form's order
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()

    def save_form(self) -> Any | None:
        """Read, validate and save what the form shows; the record saved, or None when a
        problem is shown beside its field and nothing was saved."""
        try:
            values = self.values
            self.save(values)
        except ConcurrentChange as change:
            self.show_conflict(change, values)
            return None
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        self.clear_errors()
        self.conflict.hide()
        return values

    # --- another user's change ----------------------------------------------------
    def captions(self) -> dict[str, str]:
        """Each field's caption as the form shows it, without its Alt key and asterisk."""
        found = {}
        for key, widget in self._fields.items():
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                found[key] = (
                    label.text()
                    .replace("&&", "\0")
                    .replace("&", "")
                    .replace("\0", "&")
                    .removesuffix(" *")
                )
        return found

    def load_record(self, record: Any) -> bool:
        """Show ``record`` in the fields; False when this form cannot (no ``_load``)."""
        load = getattr(self, "_load", None)
        if load is None:
            return False
        load(record)
        return True

    def show_conflict(self, change: ConcurrentChange, mine: Any) -> None:
        self.clear_errors()
        self._change = change
        self.conflict.show_change(  # the names the form's lists show, not their IDs
            shown_change(self, change),
            as_shown(self, mine),
            self.captions(),
            can_take_theirs=hasattr(self, "_load"),
        )
        self.adjustSize()

    # --- the record's change history (Ctrl+H) ----------------------------------------
    def _history_kind(self) -> str | None:
        """The history's kind of the record edited; None when adding one."""
        if self.original is None or self.db is None:
            return None
        try:
            return kind_of(self.original)
        except KeyError:
            return None

    def show_history(self) -> None:
        """Ctrl+H: the record's changes, newest first, with the undo of the latest."""
        kind = self._history_kind()
        if kind is None:
            return
        from ui.history.record_history import RecordHistoryDialog

        dialog = RecordHistoryDialog(
            self.db, kind, self.original.id, parent=self, captions=self.captions()
        )
        undone: list[bool] = []
        dialog.undone.connect(lambda: undone.append(True))
        dialog.exec()
        if undone:
            self._after_undo(kind)

    def _after_undo(self, kind: str) -> None:
        """The record was changed by an undo: show it as stored now, or close the form
        when it can show it no longer (deleted by the undo, or a form without ``_load``)."""
        stored = current_record(self.db, kind, self.original.id)
        if stored is None or not self.load_record(stored):
            self.discard()
            return
        self.original = stored
        self.overwrite = False
        self.clear_errors()
        self.conflict.hide()
        self._change = None
        self.mark_unchanged()

    def take_theirs(self) -> None:
        """Load the other user's version into the form, to go on editing from it."""
        change = self._change
        if change is None or change.current is None:
            return
        self.original = change.current
        self.overwrite = False
        self.load_record(change.current)
        self.conflict.hide()
        self._change = None
        self.mark_unchanged()
        self.adjustSize()

    def save_over_theirs(self) -> None:
        """Save what the form shows over the other user's version, knowingly. The original
        stays the version the form read, so the history records the save as an overwrite."""
        change = self._change
        if change is None or change.current is None:
            return
        self.overwrite = True
        self.accept()

    def save_as_new(self) -> None:
        """A record deleted meanwhile: save what the form shows as a new record."""
        self.original = None
        self.overwrite = False
        self.accept()

    def accept(self) -> None:
        if self.save_form() is not None:
            super().accept()


class QuickEntryDialog(RecordDialog):
    """A RecordDialog for entering a pile of records (case events, vouchers): Ctrl+Enter saves
    the record and starts the next one in the same dialog, Enter saves and closes, Esc cancels.

    A subclass calls ``add_save_and_new`` where the button belongs among its widgets (the tab
    order follows), appends each new record it saves to ``saved_records`` (``saved`` is the
    last), and defines ``first_to_fill``, ``describe`` (a saved record in a few words),
    ``_start_next`` (empty the form for the next record, keeping what records in a pile share,
    then ``mark_untouched`` and focus ``first_to_fill``) and ``_state`` (what the form shows).
    """

    def __init__(
        self, title: str, parent: QWidget | None = None, *, db: Any = None, original: Any = None
    ) -> None:
        super().__init__(title, parent, db=db, original=original)
        self.saved_records: list[Any] = []
        self._untouched_state: tuple[Any, ...] | None = None

    def add_save_and_new(self, tooltip: str) -> None:
        """The line naming what was saved, and the Save and new button (hidden when editing)."""
        self.saved_line = QLabel(self)
        self.saved_line.setObjectName("saved_line")
        self.saved_line.hide()
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # made in __init__
        outer.insertWidget(outer.indexOf(self.buttons), self.saved_line)
        self.save_new_button = QPushButton(_(SAVE_AND_NEW_LABEL), self)
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.setToolTip(tooltip)
        self.buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_new_button.clicked.connect(self.save_and_new)
        for keys in SAVE_AND_NEW_KEYS:
            QShortcut(keys, self, self.save_and_new)
        self.save_new_button.setVisible(self.original is None)

    def first_to_fill(self) -> QWidget:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def describe(self, record: Any) -> str:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def _start_next(self, previous: Any) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def _state(self) -> tuple[Any, ...]:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def mark_untouched(self) -> None:
        """Remember the fresh form, to tell later whether anything was typed into it."""
        self._untouched_state = self._state()
        self.mark_unchanged()

    def showEvent(self, event: QShowEvent) -> None:
        first_show = not self._focus_set
        super().showEvent(event)
        if first_show:
            self.setTabOrder(
                self.buttons.button(QDialogButtonBox.StandardButton.Cancel), self.save_new_button
            )
            if self.original is None:
                self.first_to_fill().setFocus(Qt.FocusReason.TabFocusReason)

    def accept(self) -> None:
        # after Ctrl+Enter, Enter on the fresh, untouched form closes without saving an empty record
        if self.saved_records and self._state() == self._untouched_state:
            self.clear_errors()
            self.done(self.DialogCode.Accepted)
            return
        super().accept()

    def save_and_new(self) -> None:
        """Ctrl+Enter: save this record, keep the dialog open and start the next one."""
        if self.original is not None:
            self.accept()
            return
        values = self.save_form()
        if values is None:
            return
        self.saved_line.setText(
            _("{n} saved; the last: {event}").format(
                n=format_number(len(self.saved_records)), event=self.describe(values)
            )
        )
        self.saved_line.show()
        self._start_next(values)


def read_and_validate(readers: dict[str, Any], build: Any) -> Any:
    """Read every field, build the record and validate it, reporting all problems at once.

    ``readers`` maps a field to a function that reads its widget (and may raise the
    domain's ValidationError for unreadable text); ``build`` makes the record from the
    values read. A field that could not be read is passed as None, so the remaining
    fields are still checked and every error is shown in one go.
    """
    values: dict[str, Any] = {}
    problems: list[FieldError] = []
    for key, reader in readers.items():
        try:
            values[key] = reader()
        except ValidationError as exc:
            values[key] = None
            problems.extend(FieldError(key, e.message) for e in exc.errors)
    record = build(values)
    unreadable = {p.field for p in problems}
    try:
        record.tidy()
        record.validate()
    except ValidationError as exc:
        problems.extend(e for e in exc.errors if e.field not in unreadable)
    if problems:
        raise ValidationError(errors=problems)
    return record
