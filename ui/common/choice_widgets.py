"""Choosing from lists with the keyboard: a typed choice with completion, and a check list.

Both are made for fast entry: a few typed letters find a value, Tab moves on. What the
user sees is what is saved: a typed text is never silently turned into another value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFocusEvent, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from domain.errors import ValidationError
from domain.i18n import _
from domain.records import match_key
from ui.common.widgets import tab_takes_suggestion

Item = tuple[str, Any]  # (label shown, data returned)


class ChoiceBox(QComboBox):
    """An editable list: type any part of a value (any case) and pick it from the popup.

    While the suggestions are open, Tab takes the highlighted one. Leaving the field otherwise
    with a text that names exactly one value (``lastens`` → lastensuojelu) completes it there,
    in sight; any other text is kept as typed and ``value()`` reports it.
    """

    def __init__(self, parent: QWidget | None = None, items: Iterable[Item] = ()) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        completer = QCompleter(self)
        completer.setModel(self.model())
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        tab_takes_suggestion(completer)
        # The popup takes every key while open, the window's shortcuts too: pass Ctrl+Enter on.
        popup = completer.popup()
        line_edit = self.lineEdit()
        assert popup is not None and line_edit is not None  # editable, with a completer
        popup.installEventFilter(self)
        line_edit.editingFinished.connect(self.complete_unique)
        self.set_items(items)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and watched is self._popup()
        ):
            self.finish_typing()
            # a key sent (not typed) is offered to the shortcuts first, now of the dialog again
            again = QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text())
            line_edit = self.lineEdit()
            assert line_edit is not None  # the box is editable
            QApplication.sendEvent(line_edit, again)
            return True
        return super().eventFilter(watched, event)

    def _popup(self) -> QAbstractItemView | None:
        completer = self.completer()
        return completer.popup() if completer is not None else None

    # --- the list -------------------------------------------------------------------
    def set_items(self, items: Iterable[Item], keep: Any = None) -> None:
        """Offer ``items``; select ``keep`` (data) afterwards, or else keep the current
        choice when the new list still has it (a typed text that fits none is kept too)."""
        text = self.currentText()
        was_value = self._index_of(text) >= 0
        self.blockSignals(True)
        try:
            self.clear()
            for label, data in items:
                self.addItem(label, data)
        finally:
            self.blockSignals(False)
        if keep is not None:
            self.set_value(keep)
            return
        index = self._index_of(text)
        self.setCurrentIndex(index)
        if index < 0:
            # a value of the old list goes with it; a text of the user's own stays to be reported
            self.setEditText("" if was_value else text)

    def items(self) -> list[Item]:
        return [(self.itemText(i), self.itemData(i)) for i in range(self.count())]

    def _index_of(self, text: str) -> int:
        key = match_key(text)
        if not key:
            return -1
        for i in range(self.count()):
            if match_key(self.itemText(i)) == key:
                return i
        return -1

    # --- the value ------------------------------------------------------------------
    def set_value(self, data: Any) -> None:
        index = -1 if data is None else self.findData(data)
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def value(self, field: str = "") -> Any:
        """The data of the value named by the text; None when empty; an error for other text."""
        text = self.currentText()
        if not match_key(text):
            return None
        index = self._index_of(text)
        if index < 0:
            raise ValidationError(
                field, _("“{text}” is not in the list").format(text=" ".join(text.split()))
            )
        return self.itemData(index)

    def finish_typing(self) -> None:
        """Close the completion popup and complete what was typed, before the form is read."""
        popup = self._popup()
        if popup is not None and popup.isVisible():
            popup.hide()
        self.complete_unique()

    def complete_unique(self) -> None:
        """Complete a partial text that names one value only (first by its start, then anywhere)."""
        text = self.currentText()
        key = match_key(text)
        if not key:
            if self.currentIndex() >= 0:
                self.setCurrentIndex(-1)
            return
        index = self._index_of(text)
        if index < 0:
            labels = [match_key(self.itemText(i)) for i in range(self.count())]
            starting = [i for i, label in enumerate(labels) if label.startswith(key)]
            containing = [i for i, label in enumerate(labels) if key in label]
            if len(starting) == 1:
                index = starting[0]
            elif not starting and len(containing) == 1:
                index = containing[0]
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        elif index >= 0 and self.currentText() != self.itemText(index):
            self.setEditText(self.itemText(index))


class NewValueQuestion(QWidget):
    """Under a free-text field with usual values (the customer of a transaction): a text that
    is none of them is asked about once, in place, before it is saved as a new value —
    "New customer: Tampereen k?" and a button that confirms it.

    The question shows when the field is left with such a text; a form asks ``pending()``
    before saving and, while it is, calls ``ask()`` (the button takes the focus) instead.
    ``confirmed`` is sent when the user confirms; the text confirmed is not asked again.
    """

    confirmed = Signal()

    def __init__(
        self, combo: QComboBox, question: str, confirm: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.combo = combo
        self._question = question  # with {value}
        self._confirmed = ""
        self.label = QLabel(self)
        self.label.setObjectName("new_value_question")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(confirm, self)
        self.button.setAutoDefault(True)  # Enter on the button confirms, not Save
        self.button.clicked.connect(self._confirm)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)
        line = combo.lineEdit()
        assert line is not None  # an editable combo box
        line.editingFinished.connect(self.check)
        line.textEdited.connect(lambda _text: self._hide_if_known())
        self.hide()

    def _key(self) -> str:
        return match_key(self.combo.currentText())

    def pending(self) -> bool:
        """Whether the field holds a new value not yet confirmed."""
        key = self._key()
        if not key or key == self._confirmed:
            return False
        return all(match_key(self.combo.itemText(i)) != key for i in range(self.combo.count()))

    def check(self) -> None:
        """Show the question for a new value; hide it otherwise."""
        if self.pending():
            value = " ".join(self.combo.currentText().split())
            self.label.setText(self._question.format(value=value))
            self.show()
        else:
            self.hide()

    def _hide_if_known(self) -> None:
        if not self.pending():
            self.hide()

    def ask(self) -> None:
        """Show the question and put the cursor on its button."""
        self.check()
        self.button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirm(self) -> None:
        self._confirmed = self._key()
        self.hide()
        self.confirmed.emit()

    def reset(self) -> None:
        """A fresh form: nothing confirmed, nothing asked."""
        self._confirmed = ""
        self.hide()


class CheckList(QListWidget):
    """Several values of a list, each ticked with Space; typing a value's first letters moves to it.

    The ticked values are shown in bold on a tinted row, so they stand out while scrolling.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, items: Iterable[Item] = (), *, rows: int = 6
    ) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as in any form field
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemChanged.connect(self._item_changed)
        self.set_items(items)

    def set_items(self, items: Iterable[Item], keep: Sequence[Any] | None = None) -> None:
        """Offer ``items``; tick ``keep`` (or the values ticked before that are still offered)."""
        ticked = list(keep) if keep is not None else self.values()
        self.blockSignals(True)
        try:
            self.clear()
            for label, data in items:
                item = QListWidgetItem(label, self)
                item.setData(Qt.ItemDataRole.UserRole, data)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)
        self.set_values(ticked)
        self._fit_height()

    def _fit_height(self) -> None:
        shown = max(1, min(self.count(), self._rows))
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        self.setFixedHeight(shown * row + 2 * self.frameWidth() + 2)

    def values(self) -> list[Any]:
        """The ticked values' data, in the list's order."""
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, ids: Iterable[Any]) -> None:
        wanted = set(ids)
        self.blockSignals(True)
        try:
            for i in range(self.count()):
                item = self.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self._mark(item)
        finally:
            self.blockSignals(False)
        self._update_tooltip()
        self.changed.emit()

    def labels(self) -> list[str]:
        """The ticked values as shown."""
        return [
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _item_changed(self, item: QListWidgetItem) -> None:
        self.blockSignals(True)
        try:
            self._mark(item)
        finally:
            self.blockSignals(False)
        self._update_tooltip()
        self.changed.emit()

    def _mark(self, item: QListWidgetItem) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        font = QFont(self.font())
        font.setBold(on)
        item.setFont(font)
        if on:
            tint = self.palette().color(QPalette.ColorRole.Highlight)
            tint.setAlpha(45)
            item.setBackground(QBrush(tint))
        else:
            item.setBackground(QBrush())

    def _update_tooltip(self) -> None:
        ticked = self.labels()
        self.setToolTip(
            _("Chosen: {values}").format(values=", ".join(ticked))
            if ticked
            else _("Space ticks a value")
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.count() and not self.currentIndex().isValid():
            self.setCurrentRow(0)  # Space acts at once, without an arrow key first
        elif self.currentItem() is not None:
            self.currentItem().setSelected(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # the cursor's highlight only while the list is in use: away from it, the ticked stand out
        super().focusOutEvent(event)
        self.clearSelection()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Space ticks the current value (Qt's delegate does that only for a selected editable row)
        if (
            event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            item = self.currentItem()
            if item is not None:
                on = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)
                row = self.currentRow()
                self.keyboardSearch("")  # the next letters start a new search …
                self.setCurrentRow(row)  # … from the value just ticked
                event.accept()
                return
        super().keyPressEvent(event)
