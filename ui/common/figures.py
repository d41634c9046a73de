"""The parts the financial report pages share: budget versus actual, funding sources,
expert-service sales and project finances.

- ``FigureRow``, ``FigureTableModel`` and ``FigureTable``: the statistics tables' rows and
  model (bold totals, right-aligned numbers, TSV and HTML copy) with highlighted rows and a
  drill-down query per row, in a view as wide as its columns.
- ``FigureSection``: a caption with a Copy button, the table and a note, with a chart beside
  them when the page has one; opening a row asks for the transactions behind it.
- ``DayChooser`` and ``YearChooser``: the day or the year the figures are of.
- ``FigurePage``: the signals, the first showing and the wiring every report page has.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.formats import format_date
from domain.i18n import _
from storage.database import Database
from storage.repositories import TransactionQuery
from ui.caselog.statistics_page import (
    CAPTION_STYLE,
    ERROR_STYLE,
    HEADING_STYLE,
    Index,
    StatisticsRow,
    StatisticsTableModel,
    WrappedLabel,
    muted,
)
from ui.common.charts import BarChart
from ui.common.views import bind_keys
from ui.common.widgets import DateField, quietly

OVER_BUDGET_BACKGROUND = QColor("#fbdada")  # light red, with dark text on it in any palette
OVER_BUDGET_TEXT = QColor("#202020")
EXPENSE_TEXT = QColor(
    "#a8071a"
)  # an expense's amount in the ledger: dark red, read in any light palette


def heading_label(parent: QWidget, name: str) -> WrappedLabel:
    """The page's heading: large, bold, selectable for copying."""
    heading = WrappedLabel("", parent)
    heading.setObjectName(name)
    heading.setStyleSheet(HEADING_STYLE)
    heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return heading


def notice_label(parent: QWidget, name: str) -> QLabel:
    """A grey notice under the heading (no figures, no budget), hidden until needed."""
    notice = QLabel(parent)
    notice.setObjectName(name)
    muted(notice)
    notice.hide()
    return notice


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class FigureRow(StatisticsRow):
    """A row of figures that may be highlighted and may open the transactions behind it."""

    highlight: bool = False
    query: TransactionQuery | None = None  # None: a heading or a total, nothing to open
    title: str = ""  # the drill-down window's title


class FigureTableModel(StatisticsTableModel):
    """The statistics tables' model (bold totals, right-aligned numbers, TSV and HTML copy)
    with highlighted rows and a drill-down query per row."""

    def row(self, number: int) -> FigureRow:
        return self._rows[number]  # type: ignore[return-value]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.row() < self.rowCount():
            row = self._rows[index.row()]
            if getattr(row, "highlight", False):
                if role == Qt.ItemDataRole.BackgroundRole:
                    return OVER_BUDGET_BACKGROUND
                if role == Qt.ItemDataRole.ForegroundRole:
                    return OVER_BUDGET_TEXT
        return super().data(index, role)


class FigureTable(QTableView):
    """A read-only table whose columns are as wide as their contents, and which asks for
    the height of its rows: it scrolls only when the window is too low for them."""

    def __init__(self, model: FigureTableModel, parent: QWidget, name: str, caption: str) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName(name)
        self.setAccessibleName(caption)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        model.modelReset.connect(self.fit)
        self.fit()

    def _columns_width(self) -> int:
        header = self.horizontalHeader()
        return sum(
            max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.model().columnCount())
            if not self.isColumnHidden(c)
        )

    def _rows_height(self) -> int:
        rows = self.model().rowCount()
        return (
            self.horizontalHeader().sizeHint().height()
            + rows * self.verticalHeader().defaultSectionSize()
        )

    def fit(self) -> None:
        """Asks to be as wide as the columns and a vertical scroll bar: no column cut off.
        In a narrower window the table scrolls sideways instead of widening the window."""
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.needed_width = self._columns_width() + 2 * self.frameWidth() + scroll_bar + 2
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(self.needed_width, self._rows_height() + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        # At least the header and a few rows; fewer rows than that take only their height.
        rows = min(self.model().rowCount(), 4)
        height = (
            self.horizontalHeader().sizeHint().height()
            + rows * self.verticalHeader().defaultSectionSize()
        )
        return QSize(min(self.needed_width, 320), height + 2 * self.frameWidth() + 2)


# --------------------------------------------------------------------------- a section


class FigureSection(QWidget):
    """A caption with a Copy button, the table, a note under it; beside them a chart, if any.

    Without a chart the caption, its Copy button and the table are as wide as the table's
    columns: a few columns do not spread across a wide window. With a chart, the table and
    the chart share a splitter: the table keeps the width its columns need, the chart takes
    the rest and scrolls on its own when the categories do not fit.

    Where the table and the chart's narrowest do not fit side by side, the table leaves out
    its ``narrow_hides`` columns (one that says what the page says above it) rather than
    scroll its last figures out of view; Copy still copies them.

    Enter or a double-click on a row emits ``drill_down`` with the query and title that
    ``target`` gives for the cell (by default the row's own)."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(
        self,
        caption: str,
        model: FigureTableModel,
        name: str,
        parent: QWidget,
        chart: BarChart | None = None,
        narrow_hides: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.chart = chart
        self.narrow_hides = tuple(narrow_hides)
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.copy_button = QPushButton(_("C&opy"), self)
        self.copy_button.setObjectName(f"copy_{name}")
        self.copy_button.setToolTip(
            _("Copies the table (Ctrl+C in the table); it pastes into Excel and Word as a table")
        )
        self.copy_button.setAccessibleName(f"{_('Copy')}: {caption}")
        self.view = FigureTable(model, self, f"{name}_table", caption)
        self.note = WrappedLabel("", self)
        self.note.setObjectName(f"{name}_note")
        muted(self.note)
        self.note.hide()

        table_side = QWidget(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption, 1)
        top.addWidget(self.copy_button)
        column = QVBoxLayout(table_side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter: QSplitter | None = None
        if chart is None:
            table_side.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(table_side)
            row.addStretch(1)
            layout.setSpacing(4)
            layout.addLayout(row)
            layout.addWidget(self.note)  # the note as wide as the page, not the table
            layout.addStretch(1)
        else:
            column.setContentsMargins(0, 0, 6, 0)
            column.addWidget(self.note)
            column.addStretch(1)
            self.splitter = self._beside(table_side, chart, name)
            layout.addWidget(self.splitter)

        self.copy_button.clicked.connect(self.copy_table)
        bind_keys(self.view, {QKeySequence.StandardKey.Copy: self.copy_table})
        self.view.activated.connect(self._open)  # Enter and double-click both activate

    def _beside(self, table_side: QWidget, chart: BarChart, name: str) -> QSplitter:
        """The table and, right of it, the chart in a scroll area of its own."""
        self.chart_scroll = QScrollArea(self)
        self.chart_scroll.setObjectName(f"{name}_chart_area")
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The page's own background under a short chart, not a grey panel down to the bottom.
        self.chart_scroll.viewport().setAutoFillBackground(False)
        chart_holder = QWidget(self.chart_scroll)
        holder = QVBoxLayout(chart_holder)
        holder.setContentsMargins(6, 0, 0, 0)
        holder.addWidget(chart)
        holder.addStretch(1)
        self.chart_scroll.setWidget(chart_holder)
        chart_holder.setAutoFillBackground(False)
        # The table's columns come first; the chart shortens its category names in what is
        # left, but keeps the room its value labels need (it grows when its data comes).
        self.chart_scroll.setMinimumWidth(chart.minimumSizeHint().width() + 24)
        self._chart = chart

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName(f"{name}_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(table_side)
        splitter.addWidget(self.chart_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self._fitted = False  # True once the user has placed the splitter
        splitter.splitterMoved.connect(lambda *_a: setattr(self, "_fitted", True))
        self.model.modelReset.connect(self._fit_splitter)
        chart.changed.connect(self._fit_splitter)
        return splitter

    def set_rows(self, rows: Sequence[FigureRow], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.copy_button.setEnabled(bool(rows))

    def _fit_splitter(self) -> None:
        """Give the table the width its columns need and the chart the rest, until the user
        moves the splitter; from then on the splitter stays where they put it."""
        if self.splitter is None:
            return
        chart_least = self._chart.minimumSizeHint().width() + 24
        self.chart_scroll.setMinimumWidth(chart_least)
        if self._fitted:
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        if self.narrow_hides:
            for column in self.narrow_hides:
                self.view.setColumnHidden(column, False)
            self.view.fit()
            narrow = self.view.needed_width + 6 + chart_least > total
            for column in self.narrow_hides:
                self.view.setColumnHidden(column, narrow)
            self.view.fit()
        need = self.view.needed_width + 6
        self.splitter.setSizes([need, max(0, total - need)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_splitter()

    def copy_table(self) -> None:
        if not self.model.rowCount():
            return
        QGuiApplication.clipboard().setMimeData(self.model.mime_data())
        self.status_message.emit(_("Copied the table"))

    def target(self, row: FigureRow, column: int) -> tuple[TransactionQuery, str] | None:
        """The transactions behind a cell, with the window's title; None: nothing to open."""
        return None if row.query is None else (row.query, row.title)

    def target_at(self, index: QModelIndex) -> tuple[TransactionQuery, str] | None:
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.target(self.model.row(index.row()), index.column())

    def _open(self, index: QModelIndex) -> None:
        found = self.target_at(index)
        if found is not None:
            self.drill_down.emit(*found)


# --------------------------------------------------------------------------- the choosers


class DayChooser(QWidget):
    """ "Situation on" a day, today at first, with the error of a day that cannot be read
    beside it. ``chosen`` comes after a pause in typing or on Enter, not on every key.

    While the day cannot be read, the ``figures`` of the last readable day stay, greyed
    out: they are not of the day typed."""

    chosen = Signal()

    def __init__(self, tooltip: str, name: str, figures: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.figures = figures
        self.field = DateField(self)
        self.field.setObjectName(name)
        self.field.set_date(date.today())
        self.field.setToolTip(tooltip)
        label = QLabel(_("Sit&uation on:"), self)
        label.setBuddy(self.field)
        self.error = QLabel(self)
        self.error.setObjectName(f"{name}_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addSpacing(12)
        layout.addWidget(self.error, 1)
        self.setFocusProxy(self.field)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)  # a pause in typing, not every key
        self._timer.timeout.connect(self.chosen)
        self.field.changed.connect(self._timer.start)
        self.field.edit.returnPressed.connect(self.chosen)

    key = "day"  # the choice's name among the page's remembered choices

    def choice(self) -> str | None:
        """The day to remember (ISO); None when it is today, so that the page opens on
        the day it is then."""
        try:
            day = self.field.date()
        except ValidationError:
            return None
        return None if day is None or day == date.today() else day.isoformat()

    def restore(self, value: object) -> bool:
        """Put a remembered day back, quietly; whether it could be."""
        if not isinstance(value, str):
            return False
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return False
        if format_date(day) == self.field.text():
            return False
        with quietly(self.field):
            self.field.set_date(day)
        return True

    def day(self) -> date | None:
        """The day typed; None, with the reason beside the field and the figures greyed
        out, when it cannot be read."""
        self._timer.stop()  # read now: a pending pause would only read it again
        try:
            day = self.field.date("as_of")
            if day is None:
                raise ValidationError(
                    "as_of", _("{field} is required").format(field=_("Situation on"))
                )
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.figures.setEnabled(False)
            return None
        self.error.clear()
        self.figures.setEnabled(True)
        return day


class YearChooser(QWidget):
    """ "Year" and a list of the years with transactions and the current one, newest first.
    The year chosen stays when the years are read again; ``chosen`` comes on a new choice."""

    chosen = Signal()
    key = "year"  # the choice's name among the page's remembered choices

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._wanted: int | None = None  # a remembered year, until the years are read
        self.combo = QComboBox(self)
        self.combo.setObjectName(name)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(5)  # a year and a little air, as in the other pages
        label = QLabel(_("&Year:"), self)
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.chosen.emit())

    def set_years(self, years: Iterable[int], first: Callable[[], int] | None = None) -> None:
        """Offer ``years`` and the current year. ``first`` gives the year to show before
        any is chosen (the current year without it); it is asked only then."""
        keep = self.combo.currentData()
        this_year = date.today().year
        offered = {*years, this_year}
        if keep is None and self._wanted in offered:
            keep = self._wanted  # remembered, and still offered: ``first`` is not asked
        self._wanted = None
        if keep is None:
            keep = first() if first is not None else this_year
        self.combo.blockSignals(True)  # the page shows the figures once, after this
        self.combo.clear()
        for year in sorted(offered, reverse=True):
            self.combo.addItem(str(year), year)
        index = self.combo.findData(keep)
        self.combo.setCurrentIndex(index if index >= 0 else self.combo.findData(this_year))
        self.combo.blockSignals(False)

    @property
    def year(self) -> int:
        return self.combo.currentData() or date.today().year

    def choice(self) -> int | None:
        """The year to remember (before the years are read, the one remembered)."""
        return self.combo.currentData() if self.combo.count() else self._wanted

    def restore(self, value: object) -> bool:
        """Put a remembered year back, quietly, if it is offered (before the years are
        read, when they are); whether it was chosen now."""
        if type(value) is not int:
            return False
        if not self.combo.count():
            self._wanted = value
            return False
        index = self.combo.findData(value)
        if index < 0 or index == self.combo.currentIndex():
            return False
        with quietly(self.combo):
            self.combo.setCurrentIndex(index)
        return True


# --------------------------------------------------------------------------- the page


class FigurePage(QWidget):
    """A report page: a chooser at the top, under it the heading, notices and a section of
    figures that drill down.

    A subclass makes its widgets as children of ``content``, hands them to ``lay_out`` and
    implements ``_show``: sum and show the figures of the day or year chosen, and set
    ``_shown``. Until then ``refresh`` runs whenever the page is shown: at start-up the page
    is hidden behind the ledger and nothing is summed for nothing."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._shown = False
        self.content = QWidget(self)  # all but the chooser, greyed out together

    def lay_out(
        self, chooser: DayChooser | YearChooser, section: FigureSection, *above: QWidget
    ) -> None:
        """The chooser, then the widgets ``above`` the section and the section; Tab goes
        from the chooser to the table and the Copy button. A choice shows its figures."""
        self.chooser = chooser
        self.section = section
        self.view = section.view
        self.copy_button = section.copy_button
        self.note = section.note
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(6)
        for widget in above:
            body.addWidget(widget)
        body.addWidget(section, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(chooser)
        layout.addWidget(self.content, 1)
        chooser.chosen.connect(self._show)
        section.status_message.connect(self.status_message)
        section.drill_down.connect(self.drill_down)
        for first, second in itertools.pairwise((chooser, self.view, self.copy_button)):
            self.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self.refresh()

    # The chosen year or day is remembered per workstation (ui.common.remember)
    def choices(self) -> dict[str, int | str | bool | None]:
        return {self.chooser.key: self.chooser.choice()}

    def restore_choices(self, choices: dict[str, object]) -> None:
        if self.chooser.restore(choices.get(self.chooser.key)) and self._shown:
            self._show()

    def refresh(self) -> None:
        """Sum the figures again (transactions, the budget or projects may have changed meanwhile)."""
        self._show()

    def _show(self) -> None:
        raise NotImplementedError
