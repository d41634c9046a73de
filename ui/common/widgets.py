"""Input widgets that read values the Finnish way and leave checking to the domain."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from decimal import Decimal

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from domain.errors import ValidationError
from domain.formats import format_date, format_decimal_short, parse_date, parse_decimal
from domain.i18n import _
from domain.records import match_key
from ui.common.formatting import from_qdate, to_qdate

ERROR_STYLE = "color: #b00020;"  # a message beside a field or a list: what could not be read


@contextmanager
def quietly(*widgets: QObject | None) -> Iterator[None]:
    """What is changed inside sends none of these widgets' signals (a filter restored, a
    found record's day set): the page reads its list once, afterwards. Each widget's
    blocking is put back as it was."""
    with ExitStack() as stack:
        for widget in widgets:
            if widget is not None:
                stack.enter_context(QSignalBlocker(widget))
        yield


# What a window's frame and the desktop's panel take of the screen, around a dialog.
SCREEN_MARGIN = (40, 80)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give ``window`` the size ``width`` × ``height``, or less where its screen is smaller,
    so that a dialog opened at 1024×768 is not wider or taller than the screen."""
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    window.resize(
        min(width, room.width() - SCREEN_MARGIN[0]), min(height, room.height() - SCREEN_MARGIN[1])
    )


class DateField(QWidget):
    """A date typed as ``d.m.yyyy`` (or picked from a calendar); empty means no date.
    Ctrl+D puts today in it.

    The text is kept as typed: a date that does not exist (``31.11.2023``) is reported
    beside the field when the form is saved, never silently turned into another day.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("d.m.yyyy"))
        self.edit.setMaximumWidth(130)
        self.edit.textChanged.connect(self.changed)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(_("Choose from a calendar (Ctrl+D in the field: today)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing is the fast way; Tab skips it
        self.button.clicked.connect(self._pick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)  # Ctrl+D: today
        # A caption's Alt key focuses its buddy only if the buddy itself takes the focus
        self.setFocusPolicy(self.edit.focusPolicy())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_D
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()  # before any shortcut of the window
            if event.type() == QEvent.Type.KeyPress:
                self.set_date(date.today())
            return True
        return super().eventFilter(watched, event)

    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        try:
            current = parse_date(self.edit.text())
        except Exception:
            current = None
        calendar.setSelectedDate(to_qdate(current or date.today()))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen() -> None:
            self.set_date(from_qdate(calendar.selectedDate()))
            menu.close()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        menu.exec(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, day: date | None) -> None:
        self.edit.setText(format_date(day))

    def date(self, field: str = "") -> date | None:
        """The date typed, or None; raises the domain's ValidationError for bad text."""
        return parse_date(self.edit.text(), field)


class DayFilter(DateField):
    """A list's day (employed on, the board on), today at first: typed as ``d.m.yyyy`` like
    every date, Ctrl+D today, one Tab in and out. ``chosen`` comes after a pause in
    typing, on Enter, on leaving the field, and at once when the day is set (the
    calendar, Ctrl+D, ``setDate``); a day that cannot be read is said in ``error`` (a
    label the page places) and the list keeps the last day read. (A QDateEdit read
    "15.4.2024" typed in as 15.1.4202.)"""

    chosen = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.error = QLabel(parent)
        self.error.setStyleSheet(ERROR_STYLE)
        self._day = date.today()
        with QSignalBlocker(self.edit):
            self.set_date(self._day)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DAY_TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._read)
        self.changed.connect(self._timer.start)
        self.edit.editingFinished.connect(self._read)

    @property
    def day(self) -> date:
        """The last day read."""
        return self._day

    def set_date(self, day: date | None) -> None:
        super().set_date(day)
        if hasattr(self, "_timer"):
            self._read()

    def setDate(self, day: date | QDate) -> None:
        self.set_date(from_qdate(day) if isinstance(day, QDate) else day)

    def _read(self) -> None:
        self._timer.stop()
        try:
            day = self.date("day")
            if day is None:
                raise ValidationError("day", _("Type a date, as d.m.yyyy"))
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        if day != self._day:
            self._day = day
            self.chosen.emit()


DAY_TYPING_PAUSE_MS = 400  # a pause in typing, not every key, reads the day typed


class DecimalField(QLineEdit):
    """A number typed the Finnish way (``62,5``); checked by the domain on save."""

    def set_value(self, value: Decimal | int | None) -> None:
        self.setText(format_decimal_short(value) if value is not None else "")

    def value(self, field: str = "") -> Decimal | None:
        return parse_decimal(self.text(), field)


class SearchBox(QLineEdit):
    """A search field that says when the user paused typing (or pressed Enter).

    Filtering waits for a short pause, so a fast typist does not query the database per key.
    """

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(150)
        self._pause.timeout.connect(self._emit)
        self.textChanged.connect(self._pause.start)
        self.returnPressed.connect(self._emit)

    def _emit(self) -> None:
        self._pause.stop()
        self.search.emit(self.text())


def editable_combo(parent: QWidget, choices: Iterable[str], text: str = "") -> QComboBox:
    """A text field with a list of usual values; completion by any part of the text."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(dict.fromkeys(c for c in choices if c)))
    combo.setCurrentIndex(-1)
    combo.setCurrentText(text)
    complete_by_any_part(combo)
    return combo


def complete_by_any_part(combo: QComboBox) -> None:
    completer = combo.completer()
    assert completer is not None  # an editable combo box has one
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    tab_takes_suggestion(completer)


def tab_takes_suggestion(completer: QCompleter) -> None:
    """While the suggestions are open, one of them is highlighted (the one typed in full,
    else the first that starts with the text, else the first), and Tab takes the highlighted
    one into the field before moving on. Esc closes the suggestions and keeps what was typed.

    Call it once the completer is set on its field (a line edit or an editable combo box)."""
    _TabTakesSuggestion(completer)


class _TabTakesSuggestion(QObject):
    def __init__(self, completer: QCompleter) -> None:
        super().__init__(completer)
        self.completer = completer
        popup = completer.popup()
        assert popup is not None  # a completer always has one
        # Installed after the completer's own filter, so it sees the keys first
        popup.installEventFilter(self)
        model = completer.completionModel()
        model.modelReset.connect(self._soon)
        model.layoutChanged.connect(self._soon)

    def _soon(self) -> None:
        # after the completer has shown (or re-filtered) its list
        QTimer.singleShot(0, self, self._highlight)

    def _best(self) -> QModelIndex:
        """The suggestion to highlight: the one typed in full, else the first that starts
        with the text typed, else the first; invalid when none is shown."""
        model = self.completer.completionModel()
        column = self.completer.completionColumn()
        typed = match_key(self.completer.completionPrefix())
        labels = [match_key(str(model.index(r, column).data())) for r in range(model.rowCount())]
        if not labels:
            return QModelIndex()
        row = next(
            (r for r, label in enumerate(labels) if label == typed),
            next((r for r, label in enumerate(labels) if label.startswith(typed)), 0),
        )
        return model.index(row, column)

    def _highlight(self) -> None:
        popup = self.completer.popup()
        if popup is None or not popup.isVisible() or popup.currentIndex().isValid():
            return  # a choice of the user's own (an arrow key), or highlighted already
        best = self._best()
        if not best.isValid():
            return
        # Highlighted without the completer hearing of it: that would replace the typed text
        selection = popup.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            popup.setCurrentIndex(best)
        finally:
            selection.blockSignals(blocked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.completer.popup()
        if (
            watched is popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and popup.isVisible()
        ):
            index = popup.currentIndex()
            if not index.isValid():
                index = self._best()  # typed faster than the highlight came
            widget = self.completer.widget()
            field = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            if index.isValid() and isinstance(field, QLineEdit):
                text = str(index.data(self.completer.completionRole()))
                popup.hide()
                field.setText(text)
        return False  # the completer passes Tab on to the field, which moves on
