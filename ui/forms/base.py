"""The edit dialog every record kind uses: fields, errors beside them, Enter saves, Esc cancels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.errors import FieldError, ValidationError

ERROR_STYLE = "color: #b00020;"


class RecordDialog(QDialog):
    """Subclasses add fields with ``add_field`` and implement ``values`` and ``save``.

    ``accept()`` asks for ``values`` (reading a field may already raise a
    ``ValidationError``), lets the domain validate, and saves; any error is shown next to
    its field and the dialog stays open with nothing saved.
    """

    def __init__(
        self, title: str, parent: QWidget | None = None, *, db: Any = None, original: Any = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.original = original  # the record being edited; None when adding
        self.saved: Any = None
        self.setWindowTitle(title)
        self.setModal(True)
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._focus_set = False
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
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
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
        return widget

    def showEvent(self, event: QShowEvent) -> None:
        """Open on the first field, with Tab going down the fields and then to the buttons."""
        super().showEvent(event)
        if self._focus_set:
            return
        self._focus_set = True
        chain = [w for w in self._fields.values() if w.isVisibleTo(self) and w.isEnabled()]
        chain += [self.buttons.button(QDialogButtonBox.StandardButton.Save),
                  self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)
        if chain:
            self.activateWindow()
            chain[0].setFocus(Qt.FocusReason.TabFocusReason)

    def field(self, key: str) -> QWidget:
        return self._fields[key]

    def error_text(self, key: str) -> str:
        """The message shown beside a field ('' when it is fine)."""
        label = self._errors[key]
        return label.text() if self.form.isRowVisible(label) else ""

    @property
    def values(self) -> Any:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def save(self, values: Any) -> None:
        """Store a record: added when the dialog was opened empty, else merged over the original."""
        with self.db.unit_of_work() as uow:
            if self.original is None:
                uow.session.add(values)
            else:
                values.id = self.original.id
                uow.session.merge(values)
            uow.commit()
        self.saved = values

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

    def accept(self) -> None:
        try:
            values = self.values
            self.save(values)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.clear_errors()
        super().accept()


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
