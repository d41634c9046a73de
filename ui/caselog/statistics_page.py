"""The statistics of the ombudsman's case log for a year or any period.

Every figure comes from ``services.caselog.case_statistics`` (counted by SQL); this page
lays the figures out as the annual report prints them: the table of case events per area
with social welfare and health care side by side, a chart of it, and small tables of the
classifications with their shares. Each table copies to the clipboard as tab-separated text
and as an HTML table, so it pastes into Excel and Word as a table.
"""

from __future__ import annotations

import enum
import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence, QPalette, QShowEvent
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import CaseStatistics, ReferenceKind, Sector, Tally, advocate_title
from domain.errors import ValidationError
from domain.formats import format_number, format_percent, format_period, parse_date
from domain.i18n import N_, _
from domain.shares import largest_remainder, rounded_percent
from services.caselog import case_statistics
from storage.database import Database
from ui.common.charts import BarChart
from ui.common.views import bind_keys
from ui.common.widgets import ERROR_STYLE, DateField

Index = QModelIndex | QPersistentModelIndex
CUSTOM = -1  # the period combo's item for a period typed by hand

HEADING_STYLE = "font-weight: bold; font-size: 13pt;"
CAPTION_STYLE = "font-weight: bold;"


def muted(label: QLabel) -> None:
    """Grey text for a note, which still greys further when the page is disabled."""
    palette = label.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor("#5a5a5a"))
    label.setPalette(palette)


def sector_heading(sector: Sector) -> str:
    """``Sosiaalihuolto``: the sector's name as a column header or a group row."""
    label = sector.label
    return label[:1].upper() + label[1:]


# --------------------------------------------------------------------------- the tables


class RowKind(enum.Enum):
    ITEM = "item"
    GROUP = "group"  # a sector's subtotal above its service areas
    TOTAL = "total"


@dataclass(frozen=True)
class StatisticsRow:
    cells: tuple[str, ...]
    kind: RowKind = RowKind.ITEM
    indent: bool = False
    tooltip: str = ""


class StatisticsTableModel(QAbstractTableModel):
    """A small table of figures: a name column, then right-aligned numbers; totals in bold."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = tuple(headers)  # N_() source strings, translated when shown
        self._rows: list[StatisticsRow] = []

    def set_rows(self, rows: Sequence[StatisticsRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[StatisticsRow]:
        return list(self._rows)

    def header_texts(self) -> list[str]:
        return [_(h) for h in self.headers]

    def cells(self) -> list[list[str]]:
        return [list(r.cells) for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            not index.isValid()
            or index.row() >= len(self._rows)
            or index.column() >= len(self.headers)
        ):
            return None
        row = self._rows[index.row()]
        text = row.cells[index.column()] if index.column() < len(row.cells) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            # An em space sets a sector's service areas in under its subtotal.
            return ("\u2003" + text) if row.indent and index.column() == 0 else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or text or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft if index.column() == 0 else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.ITEM:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.headers[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- the clipboard ------------------------------------------------------------------
    def as_text(self) -> str:
        """Tab-separated lines with the header: Excel and Word paste them as a table."""
        lines = ["\t".join(self.header_texts())]
        lines += ["\t".join(r.cells) for r in self._rows]
        return "\n".join(lines)

    def as_html(self) -> str:
        """The same table as HTML, which keeps the bold totals and right-aligned numbers."""

        def cell(tag: str, column: int, text: str, row: StatisticsRow | None = None) -> str:
            style = ["text-align:left" if column == 0 else "text-align:right"]
            if row is not None and row.indent and column == 0:
                style.append("padding-left:1.5em")
            body = html.escape(text)
            if tag == "th" or (row is not None and row.kind is not RowKind.ITEM):
                body = f"<b>{body}</b>"
            return f'<{tag} style="{";".join(style)}">{body}</{tag}>'

        out = [
            '<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">'
        ]
        out.append(
            "<tr>" + "".join(cell("th", i, h) for i, h in enumerate(self.header_texts())) + "</tr>"
        )
        for row in self._rows:
            out.append(
                "<tr>" + "".join(cell("td", i, t, row) for i, t in enumerate(row.cells)) + "</tr>"
            )
        out.append("</table>")
        return "\n".join(out)

    def mime_data(self) -> QMimeData:
        mime = QMimeData()
        mime.setText(self.as_text())
        mime.setHtml(self.as_html())
        return mime


class FittedTable(QTableView):
    """A read-only table exactly as tall as its rows: the page scrolls, never the table.

    The name column takes the width left by the numbers and wraps a long name rather than
    cutting it."""

    def __init__(self, model: StatisticsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit)
        model.modelReset.connect(self.fit)
        self.verticalHeader().sectionResized.connect(lambda *_a: self._fit_timer.start())
        self.fit()

    def _numbers_width(self) -> int:
        model = self.model()
        return sum(
            max(self.sizeHintForColumn(c), self.horizontalHeader().sectionSizeHint(c))
            for c in range(1, model.columnCount())
        )

    def _names_width(self) -> int:
        return max(self.sizeHintForColumn(0), self.horizontalHeader().sectionSizeHint(0)) + 8

    def fit(self) -> None:
        """Take the height of the header and the rows; ask for the width the names need."""
        self.resizeRowsToContents()
        frame = 2 * self.frameWidth()
        height = (
            self.horizontalHeader().sizeHint().height() + self.verticalHeader().length() + frame
        )
        self.setFixedHeight(height)
        # Narrower than this a name wraps onto a second line (and the row grows).
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(self._numbers_width() + min(self._names_width(), 22 * chars) + frame)
        self.updateGeometry()

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self._numbers_width() + self._names_width() + 2 * self.frameWidth())
        hint.setHeight(self.height())
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()  # the name column's width changed: rows may wrap differently


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for just the height of its lines at its present width.

    A plain wrapped label asks its layout for the height of some default width (three lines
    for one), which left gaps between the sections; this one measures at its real width."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHeightForWidth(False)
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)

    def _fit(self) -> None:
        # Measured here: QLabel.heightForWidth never answers less than the minimum height.
        margins = self.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        if width <= 0 or not self.text():
            return
        text = self.fontMetrics().boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, self.text()
        )
        height = text.height() + margins.top() + margins.bottom() + 2
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.minimumHeight() > 0:
            hint.setHeight(self.minimumHeight())
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class StatisticsSection(QWidget):
    """A caption with a Copy button, an optional note, and its table."""

    def __init__(
        self, caption: str, model: StatisticsTableModel, name: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.note = WrappedLabel("", self)
        muted(self.note)
        self.note.hide()
        self.copy_button = QPushButton(_("Copy"), self)
        self.copy_button.setToolTip(
            _("Copies the table (Ctrl+C in the table); it pastes into Excel and Word as a table")
        )
        self.copy_button.setAccessibleName(f"{_('Copy')}: {caption}")
        self.view = FittedTable(model, self)
        self.view.setObjectName(f"{name}_table")
        self.view.setAccessibleName(caption)
        self.setObjectName(name)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.note)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_rows(self, rows: Sequence[StatisticsRow], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.copy_button.setEnabled(bool(rows))


# --------------------------------------------------------------------------- building rows


def _tally_label(tally: Tally) -> str:
    return f"{tally.label} {_('(retired)')}" if tally.retired else tally.label


def area_rows(stats: CaseStatistics) -> list[StatisticsRow]:
    table = stats.areas
    rows = [
        StatisticsRow(
            (r.area, format_number(r.social), format_number(r.health), format_number(r.total))
        )
        for r in table.rows
    ]
    rows.append(
        StatisticsRow(
            (
                _("Total"),
                format_number(table.social),
                format_number(table.health),
                format_number(table.total),
            ),
            RowKind.TOTAL,
        )
    )
    return rows


def single_rows(tallies: Sequence[Tally]) -> list[StatisticsRow]:
    """One value per event: the shares add up to 100 % (largest remainder), with a total row."""
    if not tallies:
        return []
    shares = largest_remainder([t.count for t in tallies])
    rows = [
        StatisticsRow((_tally_label(t), format_number(t.count), format_percent(s)))
        for t, s in zip(tallies, shares, strict=True)
    ]
    rows.append(
        StatisticsRow(
            (_("Total"), format_number(sum(t.count for t in tallies)), format_percent(100)),
            RowKind.TOTAL,
        )
    )
    return rows


def service_area_rows(tallies: Sequence[Tally]) -> list[StatisticsRow]:
    """Service areas under their sector's subtotal; the events without one last; then the total."""
    if not tallies:
        return []
    shares = dict(
        zip(range(len(tallies)), largest_remainder([t.count for t in tallies]), strict=True)
    )
    rows: list[StatisticsRow] = []
    for sector in Sector:
        members = [i for i, t in enumerate(tallies) if t.sector is sector]
        if not members:
            continue
        rows.append(
            StatisticsRow(
                (
                    sector_heading(sector),
                    format_number(sum(tallies[i].count for i in members)),
                    format_percent(sum(shares[i] for i in members)),
                ),
                RowKind.GROUP,
            )
        )
        for i in members:
            t = tallies[i]
            rows.append(
                StatisticsRow(
                    (_tally_label(t), format_number(t.count), format_percent(shares[i])),
                    indent=True,
                    tooltip=f"{sector_heading(sector)}: {_tally_label(t)}",
                )
            )
    for i, t in enumerate(tallies):
        if t.sector is None:
            rows.append(
                StatisticsRow((_tally_label(t), format_number(t.count), format_percent(shares[i])))
            )
    rows.append(
        StatisticsRow(
            (_("Total"), format_number(sum(t.count for t in tallies)), format_percent(100)),
            RowKind.TOTAL,
        )
    )
    return rows


def multiple_rows(tallies: Sequence[Tally], events: int) -> list[StatisticsRow]:
    """Several values per event (reasons, measures): each share is of all the events, so
    together they may exceed 100 %; no total row, which would add up an event twice."""
    return [
        StatisticsRow(
            (
                _tally_label(t),
                format_number(t.count),
                format_percent(rounded_percent(t.count, events)),
            )
        )
        for t in tallies
    ]


def time_rows(stats: CaseStatistics) -> list[StatisticsRow]:
    rows = [StatisticsRow((sector_heading(s), format_number(stats.hours(s), 1))) for s in Sector]
    rows.append(StatisticsRow((_("Total"), format_number(stats.hours(), 1)), RowKind.TOTAL))
    return rows


# --------------------------------------------------------------------------- the page


class CaseStatisticsPage(QWidget):
    """Statistics of the case events of a year (or a period typed by hand)."""

    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.statistics: CaseStatistics | None = None

        # --- the period -----------------------------------------------------------------
        self.period_combo = QComboBox(self)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        period_label = QLabel(_("Pe&riod:"), self)
        period_label.setBuddy(self.period_combo)
        self.start_field = DateField(self)
        self.end_field = DateField(self)
        self.start_label = QLabel(_("Fro&m:"), self)
        self.start_label.setBuddy(self.start_field)
        self.end_label = QLabel(_("&To:"), self)
        self.end_label.setBuddy(self.end_field)
        self.period_error = QLabel(self)
        self.period_error.setObjectName("period_error")
        self.period_error.setStyleSheet(ERROR_STYLE)
        self.period_error.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(period_label)
        controls.addWidget(self.period_combo)
        controls.addSpacing(16)
        for widget in (self.start_label, self.start_field, self.end_label, self.end_field):
            controls.addWidget(widget)
        controls.addSpacing(12)
        controls.addWidget(self.period_error, 1)

        # --- the figures ------------------------------------------------------------------
        content = QWidget(self)
        content.setObjectName("statistics_content")
        self.heading = WrappedLabel("", content)
        self.heading.setObjectName("statistics_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_notice = QLabel(_("No case events in this period."), content)
        muted(self.empty_notice)

        self.area_section = StatisticsSection(
            _("Case events by area"),
            StatisticsTableModel(
                (N_("Area"), N_("Social welfare"), N_("Health care"), N_("Total"))
            ),
            "areas",
            content,
        )
        self.area_section.copy_button.setObjectName("copy_areas")
        self.chart = BarChart(content)
        self.chart.setObjectName("area_chart")

        count, share = N_("Count"), N_("Share %")
        self.service_area_section = StatisticsSection(
            ReferenceKind.SERVICE_AREA.label,
            StatisticsTableModel((N_("Service area"), count, share)),
            "service_areas",
            content,
        )
        self.nature_section = StatisticsSection(
            ReferenceKind.NATURE.label,
            StatisticsTableModel((N_("Nature"), count, share)),
            "natures",
            content,
        )
        self.reason_section = StatisticsSection(
            ReferenceKind.REASON.label,
            StatisticsTableModel((N_("Reason"), count, share)),
            "reasons",
            content,
        )
        self.measure_section = StatisticsSection(
            ReferenceKind.MEASURE.label,
            StatisticsTableModel((N_("Measure"), count, share)),
            "measures",
            content,
        )
        self.contact_section = StatisticsSection(
            ReferenceKind.CONTACT_BY.label,
            StatisticsTableModel((N_("Contact by"), count, share)),
            "contacts_by",
            content,
        )
        self.channel_section = StatisticsSection(
            ReferenceKind.CHANNEL.label,
            StatisticsTableModel((N_("Channel"), count, share)),
            "channels",
            content,
        )
        self.time_section = StatisticsSection(
            _("Time spent"),
            StatisticsTableModel((N_("Sector"), N_("Hours"))),
            "time_spent",
            content,
        )
        self.sections = (
            self.area_section,
            self.service_area_section,
            self.nature_section,
            self.reason_section,
            self.measure_section,
            self.contact_section,
            self.channel_section,
            self.time_section,
        )

        # The area table and its chart side by side, both from the top.
        area_column, chart_column = QVBoxLayout(), QVBoxLayout()
        area_column.addWidget(self.area_section)
        area_column.addStretch(1)
        chart_column.addWidget(self.chart)
        chart_column.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addLayout(area_column, 0)
        top.addLayout(chart_column, 1)
        # Two columns of about equal length: the long list of service areas on the left.
        left, right = QVBoxLayout(), QVBoxLayout()
        for column, sections in (
            (left, (self.service_area_section, self.nature_section, self.contact_section)),
            (
                right,
                (
                    self.reason_section,
                    self.measure_section,
                    self.channel_section,
                    self.time_section,
                ),
            ),
        ):
            column.setSpacing(18)
            for section in sections:
                column.addWidget(section)
            column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QVBoxLayout(content)
        body.setSpacing(12)
        body.addWidget(self.heading)
        body.addWidget(self.empty_notice)
        body.addLayout(top)
        body.addSpacing(6)
        body.addLayout(columns)
        body.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(content)
        self.content = content  # the figures, greyed out together
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.scroll_area, 1)

        # --- behaviour ------------------------------------------------------------------
        self._custom_timer = QTimer(self)
        self._custom_timer.setSingleShot(True)
        self._custom_timer.setInterval(400)  # a pause in typing, not every key
        self._custom_timer.timeout.connect(self._show)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        for field in (self.start_field, self.end_field):
            field.changed.connect(self._custom_timer.start)
            field.edit.returnPressed.connect(self._show)
        copy = QKeySequence.StandardKey.Copy
        for section in self.sections:
            section.copy_button.clicked.connect(lambda _c=False, s=section: self.copy_table(s))
            bind_keys(section.view, {copy: partial(self.copy_table, section)})
        chain = (
            self.period_combo,
            self.start_field,
            self.end_field,
            *(s.view for s in self.sections),
        )
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._fill_periods()
        self._show_custom_fields()
        # The figures are counted when the page is first shown: at start-up it is hidden
        # behind the case list, and a year of 200 000 events is not counted for nothing.
        self._counted = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._counted:
            self._show()

    # --- the period -------------------------------------------------------------------
    def _fill_periods(self) -> None:
        keep = self.period_combo.currentData()
        this_year = date.today().year
        with self.db.unit_of_work() as uow:
            years = sorted({*uow.case_events.years(), this_year}, reverse=True)
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for year in years:
            self.period_combo.addItem(str(year), year)
        self.period_combo.addItem(_("Custom period"), CUSTOM)
        index = self.period_combo.findData(keep if keep is not None else this_year)
        self.period_combo.setCurrentIndex(
            index if index >= 0 else self.period_combo.findData(this_year)
        )
        self.period_combo.blockSignals(False)

    @property
    def custom(self) -> bool:
        return self.period_combo.currentData() == CUSTOM

    def _period_chosen(self) -> None:
        if self.custom and not self.start_field.text() and not self.end_field.text():
            # Start from the year shown so far: usually only a few days change.
            shown = self.statistics
            self.start_field.blockSignals(True)
            self.end_field.blockSignals(True)
            self.start_field.set_date(shown.start if shown else date(date.today().year, 1, 1))
            self.end_field.set_date(shown.end if shown else date(date.today().year, 12, 31))
            self.start_field.blockSignals(False)
            self.end_field.blockSignals(False)
        self._show_custom_fields()
        self._show()
        if self.custom:
            self.start_field.setFocus()

    def _show_custom_fields(self) -> None:
        for widget in (self.start_label, self.start_field, self.end_label, self.end_field):
            widget.setVisible(self.custom)
        if not self.custom:
            self.period_error.clear()

    def period(self) -> tuple[date, date]:
        """The chosen period; raises ValidationError for a custom period that cannot be read."""
        if not self.custom:
            year = self.period_combo.currentData() or date.today().year
            return date(year, 1, 1), date(year, 12, 31)
        start = self.start_field.date("start")
        end = self.end_field.date("end")
        if start is None:
            raise ValidationError("start", _("{field} is required").format(field=_("Start")))
        if end is None:
            raise ValidationError("end", _("{field} is required").format(field=_("End")))
        if end < start:
            raise ValidationError("end", _("The end date is before the start date"))
        return start, end

    # --- remembered per workstation (ui.common.remember) ------------------------------
    def choices(self) -> dict[str, int | str | bool | None]:
        chosen: dict[str, int | str | bool | None] = {"period": self.period_combo.currentData()}
        if self.custom:
            chosen |= {"start": self.start_field.text(), "end": self.end_field.text()}
        return chosen

    def restore_choices(self, choices: dict[str, object]) -> None:
        """The year (or custom period) left, if it is still offered and can be read."""
        period, start, end = choices.get("period"), choices.get("start"), choices.get("end")
        index = self.period_combo.findData(period) if type(period) is int else -1
        if index < 0 or index == self.period_combo.currentIndex():
            return
        if period == CUSTOM:
            if not (isinstance(start, str) and isinstance(end, str)):
                return
            try:
                parse_date(start)
                parse_date(end)
            except (ValidationError, ValueError):
                return
            for field, text in ((self.start_field, start), (self.end_field, end)):
                blocked = field.blockSignals(True)
                field.setText(text)
                field.blockSignals(blocked)
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        self._show_custom_fields()
        if self._counted:  # counted already: once more, for the period put back
            self._show()

    # --- showing ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the years and the figures again (the events may have changed meanwhile)."""
        self._fill_periods()
        self._show_custom_fields()
        self._show()

    def _show(self) -> None:
        self._custom_timer.stop()
        try:
            start, end = self.period()
        except ValidationError as exc:
            self.period_error.setText(exc.message)
            # The figures of the last readable period stay, greyed out: they are not of this period.
            self.content.setEnabled(False)
            return
        self.period_error.clear()
        self.content.setEnabled(True)
        self._counted = True
        with self.db.unit_of_work() as uow:
            stats = case_statistics(uow, start, end)
        self.statistics = stats
        title = advocate_title(start, end)
        self.heading.setText(f"{title.statistics_heading} {format_period(start, end)}")
        self.empty_notice.setVisible(stats.total == 0)
        self.area_section.set_rows(area_rows(stats))
        self.service_area_section.set_rows(service_area_rows(stats.service_areas))
        self.nature_section.set_rows(single_rows(stats.natures))
        several = _("An event may have several; the shares are of all {n} case events.").format(
            n=format_number(stats.total)
        )
        self.reason_section.set_rows(
            multiple_rows(stats.reasons, stats.total), several if stats.reasons else ""
        )
        self.measure_section.set_rows(
            multiple_rows(stats.measures, stats.total), several if stats.measures else ""
        )
        self.contact_section.set_rows(single_rows(stats.contacts_by))
        self.channel_section.set_rows(single_rows(stats.channels))
        self.time_section.set_rows(time_rows(stats))
        rows = stats.areas.rows
        self.chart.set_data(
            [r.area for r in rows],
            [
                (sector_heading(Sector.SOCIAL), [r.social for r in rows]),
                (sector_heading(Sector.HEALTH), [r.health for r in rows]),
            ],
            _("Case events by area and sector"),
        )

    # --- the clipboard ----------------------------------------------------------------
    def copy_table(self, section: StatisticsSection) -> None:
        if not section.model.rowCount():
            return
        QGuiApplication.clipboard().setMimeData(section.model.mime_data())
        self.status_message.emit(_("Copied the table"))
