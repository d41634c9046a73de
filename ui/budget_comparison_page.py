"""Budget versus actual to a date (*talousarvion toteutumavertailu*), as the CEO shows it
to the board.

Every figure comes from ``services.finance.budget_comparison`` (summed by SQL, rules in
``domain.finance``): per category the year's budget, what is booked from 1 January to the
chosen day, the per cent realised beside the share of the year passed, and the variance
against the budget's share for that time. Opening a figure (double-click or Enter) asks
for the transactions behind it with the same filter it was summed with. The table copies
as tab-separated text and HTML, and a chart sets budget and actual side by side.

The table model and the table/chart splitter are shared with the funding-sources page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from domain.finance import BudgetComparison, BudgetRow, BudgetSection, CategoryKind
from domain.formats import format_date, format_money, format_percent, format_period
from domain.i18n import N_, _
from services.finance import budget_comparison, drill_down_query
from storage.database import Database
from storage.repositories import ListQuery
from ui.case_statistics_page import (
    ERROR_STYLE,
    HEADING_STYLE,
    Index,
    RowKind,
    StatisticsRow,
    StatisticsTableModel,
    WrappedLabel,
    muted,
)
from ui.charts import BarChart
from ui.views import bind_keys
from ui.widgets import DateField

OVER_BUDGET_BACKGROUND = QColor("#fbdada")  # light red, with dark text on it in any palette
OVER_BUDGET_TEXT = QColor("#202020")
NO_PERCENT = "\u2013"  # an en dash: no budget to compare with


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class FigureRow(StatisticsRow):
    """A row of figures that may be highlighted and may open the transactions behind it."""

    highlight: bool = False
    query: ListQuery | None = None  # None: a heading, nothing to open
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
        return sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.model().columnCount()))

    def _rows_height(self) -> int:
        rows = self.model().rowCount()
        return self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()

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
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        return QSize(min(self.needed_width, 320), height + 2 * self.frameWidth() + 2)


class FigurePanel(QWidget):
    """A caption with a Copy button, the table, a note under it; beside it, a chart.

    The table and the chart share a splitter: the table keeps the width its columns need,
    the chart takes the rest and scrolls on its own when the categories do not fit."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, caption: str, model: FigureTableModel, name: str, chart: BarChart,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("font-weight: bold;")
        self.copy_button = QPushButton(_("C&opy"), self)
        self.copy_button.setObjectName(f"copy_{name}")
        self.copy_button.setToolTip(_("Copies the table (Ctrl+C in the table); it pastes into Excel and Word as a table"))
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
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.view)
        column.addWidget(self.note)
        column.addStretch(1)

        self.chart = chart
        self.chart_scroll = QScrollArea(self)
        self.chart_scroll.setObjectName(f"{name}_chart_area")
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chart_holder = QWidget(self.chart_scroll)
        holder = QVBoxLayout(chart_holder)
        holder.setContentsMargins(6, 0, 0, 0)
        holder.addWidget(chart)
        holder.addStretch(1)
        self.chart_scroll.setWidget(chart_holder)
        # The table's columns come first; the chart shortens its labels in what is left.
        self.chart_scroll.setMinimumWidth(min(chart.minimumSizeHint().width() + 24, 260))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(f"{name}_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(self.chart_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._fitted = False  # True once the user has placed the splitter
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "_fitted", True))
        self.copy_button.clicked.connect(self.copy_table)
        bind_keys(self.view, {QKeySequence.StandardKey.Copy: self.copy_table})
        # Enter and double-click both activate a row.
        self.view.activated.connect(self._open)
        model.modelReset.connect(self._fit_splitter)

    def set_rows(self, rows: Sequence[FigureRow], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.copy_button.setEnabled(bool(rows))

    def _fit_splitter(self) -> None:
        """Give the table the width its columns need and the chart the rest, until the user
        moves the splitter; from then on the splitter stays where they put it."""
        total = sum(self.splitter.sizes())
        if self._fitted or total <= 0:
            return
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

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row(index.row())
        if row.query is not None:
            self.drill_down.emit(row.query, row.title)

    def open_current(self) -> None:
        """Open the current row's transactions, as Enter does."""
        self._open(self.view.currentIndex())


# --------------------------------------------------------------------------- building rows


def _percent(value) -> str:
    return NO_PERCENT if value is None else format_percent(value, 1)


def _over_budget_tip(row: BudgetRow, comparison: BudgetComparison) -> str:
    return _(
        "Over budget: {actual} spent by {day}, {variance} more than the {allowed} the budget "
        "allows for {elapsed} of the year"
    ).format(
        actual=format_money(row.actual), day=format_date(comparison.as_of), variance=format_money(row.variance),
        allowed=format_money(row.to_date_budget), elapsed=format_percent(comparison.elapsed_percent, 1),
    )


def _total_label(kind: CategoryKind) -> str:
    return _("Income total") if kind is CategoryKind.INCOME else _("Expenses total")


def comparison_rows(comparison: BudgetComparison) -> list[FigureRow]:
    """Income, its categories and total; expenses likewise; then the result."""
    start, end = comparison.start, comparison.as_of
    period = format_period(start, end)
    elapsed = format_percent(comparison.elapsed_percent, 1)
    rows: list[FigureRow] = []

    def section_rows(section: BudgetSection) -> None:
        rows.append(FigureRow((section.kind.heading, "", "", "", "", ""), RowKind.GROUP))
        for r in section.rows:
            name = r.category.label
            rows.append(FigureRow(
                (name, format_money(r.budget), format_money(r.actual), _percent(r.realised_percent), elapsed,
                 format_money(r.variance)),
                indent=True,
                tooltip=_over_budget_tip(r, comparison) if r.over_budget else "",
                highlight=r.over_budget,
                query=drill_down_query(r.category.id, start, end),
                title=f"{r.category.name} {period}",
            ))
        rows.append(FigureRow(
            (_total_label(section.kind), format_money(section.budget), format_money(section.actual),
             _percent(section.realised_percent), elapsed, format_money(section.variance)),
            RowKind.TOTAL,
            query=drill_down_query(None, start, end, kind=section.kind),
            title=f"{section.kind.heading} {period}",
        ))

    for section in comparison.sections:
        section_rows(section)
    rows.append(FigureRow(
        (_("Result"), format_money(comparison.result_budget), format_money(comparison.result_actual), "", "",
         format_money(comparison.result_variance)),
        RowKind.TOTAL,
        tooltip=_("Income minus expenses"),
        query=drill_down_query(None, start, end),
        title=f"{_('Income and expenses')} {period}",
    ))
    return rows


# --------------------------------------------------------------------------- the page


class BudgetComparisonPage(QWidget):
    """Budget versus actual from 1 January to a chosen day (today unless changed)."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.comparison: BudgetComparison | None = None

        # --- the day ----------------------------------------------------------------------
        self.date_field = DateField(self)
        self.date_field.setObjectName("as_of")
        self.date_field.set_date(date.today())
        self.date_field.setToolTip(_("The figures are from 1 January of this day's year to this day"))
        date_label = QLabel(_("Sit&uation on:"), self)
        date_label.setBuddy(self.date_field)
        self.date_error = QLabel(self)
        self.date_error.setObjectName("date_error")
        self.date_error.setStyleSheet(ERROR_STYLE)
        self.date_error.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(date_label)
        controls.addWidget(self.date_field)
        controls.addSpacing(12)
        controls.addWidget(self.date_error, 1)

        # --- the figures ----------------------------------------------------------------
        self.content = QWidget(self)
        self.heading = WrappedLabel("", self.content)
        self.heading.setObjectName("comparison_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.elapsed_label = QLabel(self.content)
        self.elapsed_label.setObjectName("elapsed")
        self.no_budget_notice = QLabel(self.content)
        self.no_budget_notice.setObjectName("no_budget_notice")
        muted(self.no_budget_notice)
        self.no_budget_notice.hide()
        self.model = FigureTableModel((
            N_("Category"), N_("Budget €"), N_("Actual €"), N_("Realised %"), N_("Year elapsed %"),
            N_("Variance €"),
        ))
        self.chart = BarChart(self.content, suffix="€")
        self.chart.setObjectName("comparison_chart")
        self.panel = FigurePanel(_("Income and expenses by category"), self.model, "comparison", self.chart,
                                 self.content)
        self.view = self.panel.view
        self.copy_button = self.panel.copy_button
        self.note = self.panel.note
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(6)
        body.addWidget(self.heading)
        body.addWidget(self.elapsed_label)
        body.addWidget(self.no_budget_notice)
        body.addWidget(self.panel, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.content, 1)

        # --- behaviour ------------------------------------------------------------------
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(400)  # a pause in typing, not every key
        self._date_timer.timeout.connect(self._show)
        self.date_field.changed.connect(self._date_timer.start)
        self.date_field.edit.returnPressed.connect(self._show)
        self.panel.status_message.connect(self.status_message)
        self.panel.drill_down.connect(self.drill_down)
        for first, second in itertools.pairwise((self.date_field, self.view, self.copy_button)):
            self.setTabOrder(first, second)
        # Summed when first shown: at start-up the page is hidden behind the ledger.
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._show()

    def refresh(self) -> None:
        """Sum the figures again (transactions or the budget may have changed meanwhile)."""
        self._show()

    def as_of(self) -> date:
        """The day typed; raises ValidationError when it cannot be read."""
        day = self.date_field.date("as_of")
        if day is None:
            raise ValidationError("as_of", _("{field} is required").format(field=_("Situation on")))
        return day

    def _show(self) -> None:
        self._date_timer.stop()
        try:
            as_of = self.as_of()
        except ValidationError as exc:
            self.date_error.setText(exc.message)
            # The figures of the last readable day stay, greyed out: they are not of this day.
            self.content.setEnabled(False)
            return
        self.date_error.clear()
        self.content.setEnabled(True)
        self._shown = True
        with self.db.unit_of_work() as uow:
            comparison = budget_comparison(uow, as_of)
        self.comparison = comparison
        period = format_period(comparison.start, as_of)
        self.heading.setText(f"{_('Budget versus actual')} {period}")
        day = as_of.timetuple().tm_yday
        days = (date(as_of.year, 12, 31) - date(as_of.year, 1, 1)).days + 1
        self.elapsed_label.setText(_("{percent} of the year has passed (day {day} of {days})").format(
            percent=format_percent(comparison.elapsed_percent, 1), day=day, days=days))
        budgeted = any(r.budget for s in comparison.sections for r in s.rows)
        self.no_budget_notice.setText(
            _("{year} has no budget yet: the budget figures are zero.").format(year=as_of.year))
        self.no_budget_notice.setVisible(not budgeted)
        self.panel.set_rows(comparison_rows(comparison), _(
            "Variance = actual − the budget's share for the time passed (the year's budget × {elapsed}). "
            "Rows in red are expenses running ahead of their budget; point at one to see by how much. "
            "Double-click a row or press Enter to list its transactions."
        ).format(elapsed=format_percent(comparison.elapsed_percent, 1)))
        rows = [r for s in comparison.sections for r in s.rows]
        self.chart.set_data(
            [r.category.label for r in rows],
            [(_("Budget"), [r.budget for r in rows]), (_("Actual"), [r.actual for r in rows])],
            _("Budget and actual by category"),
        )
