"""The projects on a time line, painted: one row per project, a bar over its months.

The bars come from ``domain.timeline``; this widget only lays them out and paints them.
Colours follow our role in the project (a colour-blind-friendly set, named in a legend);
planned and applied projects are dashed outlines, a project going on beyond the shown
years ends in an arrow, and a red line marks today. It is meant to sit in a QScrollArea
(widgetResizable): the months share the width, and below 14 px a month the widget asks
for more room instead of squeezing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from domain.formats import format_period
from domain.i18n import N_, _
from domain.projects import OurRole, Project
from domain.timeline import (
    TimelineBar,
    default_span,
    month_at,
    span_months,
    timeline_bars,
    today_position,
)

ROLE_COLOURS = {
    OurRole.ADMINISTRATOR: QColor("#1b6ca8"),
    OurRole.LEAD_IMPLEMENTER: QColor("#e07b00"),
    OurRole.CO_IMPLEMENTER: QColor("#2a9d8f"),
    OurRole.EXPERT_SERVICE: QColor("#8e5ea2"),
    OurRole.OTHER: QColor("#7a7a7a"),
}
TODAY_COLOUR = QColor("#d62728")
TEXT_COLOUR = QColor("#202020")
MUTED_TEXT = QColor("#5a5a5a")
MONTH_LINE = QColor("#e6e6e6")
YEAR_LINE = QColor("#a8a8a8")
ROW_SHADE = QColor("#f6f7f9")

# The English initials; the Finnish catalogue gives T H M H T K H E S L M J (tammi–joulu).
MONTH_INITIALS = N_("J F M A M J J A S O N D")

MARGIN = 8
MIN_MONTH = 14.0  # px: narrower than this, the widget asks for more width
PREFERRED_MONTH = 24.0
NOTCH = 7.0  # px: how far the arrow of a clipped end reaches
SWATCH = 12


def _text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on the colour (WCAG contrast)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return QColor("#ffffff") if on_white >= on_black else QColor("#111111")


class ProjectTimeline(QWidget):
    """Projects as bars over the months of a span of years."""

    project_clicked = Signal(str)  # a project's id, on a single click on its bar
    project_activated = Signal(str)  # a project's id, on a double click on its bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._projects: dict[str, Project] = {}
        self._bars: list[TimelineBar] = []
        self._today = date.today()
        self._span_start, self._span_end = default_span(self._today)
        self._months = span_months(self._span_start, self._span_end)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._update_minimum()

    # -- data ---------------------------------------------------------------------------

    def set_projects(
        self,
        projects: Iterable[Project],
        span_start: date,
        span_end: date,
        today: date | None = None,
    ) -> None:
        projects = list(projects)
        self._projects = {p.id: p for p in projects}
        self._span_start, self._span_end = span_start, span_end
        self._today = today or date.today()
        self._months = span_months(span_start, span_end)
        self._bars = timeline_bars(projects, span_start, span_end)
        self._update_minimum()
        self.updateGeometry()
        self.update()

    def bars(self) -> list[TimelineBar]:
        return list(self._bars)

    # -- fonts and sizes ----------------------------------------------------------------

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _small(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        else:
            font.setPixelSize(max(9, font.pixelSize() - 1))
        return font

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 12

    def _label_width(self) -> int:
        """The code column: as wide as the longest code, within sensible bounds."""
        metrics = QFontMetrics(self._bold())
        widest = max((metrics.horizontalAdvance(b.code) for b in self._bars), default=0)
        return max(72, min(160, widest + 16))

    def _line_height(self) -> int:
        return QFontMetrics(self._small()).height() + 4

    def _header_height(self) -> int:
        """The years above the month initials."""
        return 2 * self._line_height() + 2

    def _chart_left(self) -> float:
        return MARGIN + self._label_width()

    def _month_width(self) -> float:
        if not self._months:
            return MIN_MONTH
        room = self.width() - self._chart_left() - MARGIN
        return max(MIN_MONTH, room / self._months)

    def _rows_top(self) -> float:
        return MARGIN + self._header_height()

    def _rows_height(self) -> int:
        # An empty chart keeps one row for its message.
        return max(1, len(self._bars)) * self._row_height()

    def _legend_items(self) -> list[tuple[str, OurRole | None]]:
        items: list[tuple[str, OurRole | None]] = [(role.label, role) for role in OurRole]
        items.append((_("planned or applied"), None))
        return items

    def _legend_layout(self, width: float) -> list[tuple[QRectF, str, OurRole | None]]:
        """Legend entries flowing into as many lines as the width needs."""
        metrics = QFontMetrics(self._small())
        line = self._line_height() + 4
        x, y = float(MARGIN), 0.0
        placed = []
        for text, role in self._legend_items():
            w = SWATCH + 6 + metrics.horizontalAdvance(text)
            if x > MARGIN and x + w > width - MARGIN:
                x, y = float(MARGIN), y + line
            placed.append((QRectF(x, y, w, line), text, role))
            x += w + 18
        return placed

    def _legend_height(self, width: float) -> int:
        placed = self._legend_layout(width)
        return int(placed[-1][0].bottom()) if placed else 0

    def _minimum_width(self) -> int:
        return int(self._chart_left() + max(1, self._months) * MIN_MONTH + MARGIN)

    def _legend_top(self) -> float:
        """Below the rows and the strip that holds the today label."""
        return self._rows_top() + self._rows_height() + self._line_height() + 10

    def _height_for(self, width: float) -> int:
        return int(self._legend_top() + self._legend_height(width) + MARGIN)

    def _update_minimum(self) -> None:
        width = max(self.width(), self._minimum_width())
        self.setMinimumSize(self._minimum_width(), self._height_for(width))

    def minimumSizeHint(self) -> QSize:
        width = max(self.width(), self._minimum_width())
        return QSize(self._minimum_width(), self._height_for(width))

    def sizeHint(self) -> QSize:
        width = int(self._chart_left() + max(1, self._months) * PREFERRED_MONTH + MARGIN)
        return QSize(width, self._height_for(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The legend may need another line when narrower (or one fewer when wider).
        wanted = self._height_for(max(self.width(), self._minimum_width()))
        if wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)

    # -- geometry -------------------------------------------------------------------------

    def _month_x(self, month: float) -> float:
        return self._chart_left() + month * self._month_width()

    def _chart_right(self) -> float:
        return self._month_x(self._months)

    def bar_rect(self, bar: TimelineBar) -> QRectF:
        """Where a bar is drawn, in widget coordinates."""
        row_h = self._row_height()
        top = self._rows_top() + bar.row * row_h + 4
        left = self._month_x(bar.first_month) + (0 if bar.clipped_start else 1)
        right = self._month_x(bar.first_month + bar.months) - (0 if bar.clipped_end else 1)
        return QRectF(left, top, max(2.0, right - left), row_h - 8)

    def bar_at(self, point: QPointF) -> TimelineBar | None:
        """The bar under a point, or None; a point on a bar's row label also counts."""
        p = QPointF(point)
        for bar in self._bars:
            rect = self.bar_rect(bar)
            if rect.contains(p):
                return bar
            label = QRectF(MARGIN, rect.top(), self._label_width(), rect.height())
            if label.contains(p):
                return bar
        return None

    # -- text -------------------------------------------------------------------------------

    def tooltip_for(self, bar: TimelineBar) -> str:
        project = self._projects.get(bar.project_id)
        lines = [f"{bar.code} – {bar.name}" if bar.name else bar.code]
        if project is not None:
            period = format_period(project.start, project.end)
            if period:
                lines.append(period)
        lines.append(_("Our role: {role}").format(role=bar.role.label))
        if project is not None:
            lines.append(_("State: {state}").format(state=project.state_on(self._today).label))
        return "\n".join(lines)

    def _month_initials(self) -> list[str]:
        letters = _(MONTH_INITIALS).split()
        return letters if len(letters) == 12 else MONTH_INITIALS.split()

    # -- events ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            bar = self.bar_at(QPointF(help_event.pos()))
            if bar is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(help_event.globalPos(), self.tooltip_for(bar), self)
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.bar_at(event.position()) is not None
        if over:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            bar = self.bar_at(event.position())
            if bar is not None:
                self.project_clicked.emit(bar.project_id)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            bar = self.bar_at(event.position())
            if bar is not None:
                self.project_activated.emit(bar.project_id)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if self._months:
            self._paint_rows_background(painter)
            self._paint_grid(painter)
            self._paint_header(painter)
            self._paint_bars(painter)
            self._paint_today(painter)
        if not self._bars:
            self._paint_empty(painter)
        self._paint_legend(painter)
        painter.end()

    def _paint_rows_background(self, painter: QPainter) -> None:
        row_h = self._row_height()
        top = self._rows_top()
        for row in range(0, len(self._bars), 2):
            painter.fillRect(
                QRectF(MARGIN, top + row * row_h, self._chart_right() - MARGIN, row_h), ROW_SHADE
            )

    def _paint_grid(self, painter: QPainter) -> None:
        top = self._rows_top() - self._line_height()  # the month initials' strip too
        bottom = self._rows_top() + self._rows_height()
        year_top = MARGIN
        for m in range(self._months + 1):
            x = round(self._month_x(m)) + 0.5
            _, month = month_at(self._span_start, m)
            if month == 1 or m in (0, self._months):
                painter.setPen(QPen(YEAR_LINE, 1))
                painter.drawLine(QPointF(x, year_top), QPointF(x, bottom))
            else:
                painter.setPen(QPen(MONTH_LINE, 1))
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.setPen(QPen(YEAR_LINE, 1))
        y = round(self._rows_top()) + 0.5
        painter.drawLine(QPointF(MARGIN, y), QPointF(self._chart_right(), y))

    def _paint_header(self, painter: QPainter) -> None:
        line = self._line_height()
        years_top = MARGIN
        months_top = years_top + line
        month_w = self._month_width()
        bold_small = self._small()
        bold_small.setBold(True)
        painter.setFont(bold_small)
        painter.setPen(TEXT_COLOUR)
        metrics = QFontMetrics(bold_small)
        m = 0
        while m < self._months:
            year, month = month_at(self._span_start, m)
            count = min(12 - month + 1, self._months - m)
            rect = QRectF(self._month_x(m), years_top, count * month_w, line)
            text = str(year)
            if metrics.horizontalAdvance(text) + 4 <= rect.width():
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            m += count
        painter.setFont(self._small())
        painter.setPen(MUTED_TEXT)
        initials = self._month_initials()
        for m in range(self._months):
            _, month = month_at(self._span_start, m)
            rect = QRectF(self._month_x(m), months_top, month_w, line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials[month - 1])

    def _bar_path(self, bar: TimelineBar, rect: QRectF) -> QPainterPath:
        """A rounded bar; an end that goes on beyond the span is an arrow point."""
        radius = min(4.0, rect.height() / 2, rect.width() / 2)
        notch = min(NOTCH, rect.width() / 3)
        mid = rect.center().y()
        path = QPainterPath()
        if bar.clipped_start:
            path.moveTo(rect.left() + notch, rect.top())
        else:
            path.moveTo(rect.left() + radius, rect.top())
        if bar.clipped_end:
            path.lineTo(rect.right() - notch, rect.top())
            path.lineTo(rect.right(), mid)
            path.lineTo(rect.right() - notch, rect.bottom())
        else:
            path.lineTo(rect.right() - radius, rect.top())
            path.quadTo(rect.right(), rect.top(), rect.right(), rect.top() + radius)
            path.lineTo(rect.right(), rect.bottom() - radius)
            path.quadTo(rect.right(), rect.bottom(), rect.right() - radius, rect.bottom())
        if bar.clipped_start:
            path.lineTo(rect.left() + notch, rect.bottom())
            path.lineTo(rect.left(), mid)
        else:
            path.lineTo(rect.left() + radius, rect.bottom())
            path.quadTo(rect.left(), rect.bottom(), rect.left(), rect.bottom() - radius)
            path.lineTo(rect.left(), rect.top() + radius)
            path.quadTo(rect.left(), rect.top(), rect.left() + radius, rect.top())
        path.closeSubpath()
        return path

    def _paint_bars(self, painter: QPainter) -> None:
        row_h = self._row_height()
        label_font = self._bold()
        label_metrics = QFontMetrics(label_font)
        for bar in self._bars:
            colour = ROLE_COLOURS.get(bar.role, ROLE_COLOURS[OurRole.OTHER])
            rect = self.bar_rect(bar)
            # The code in the label column.
            painter.setFont(label_font)
            painter.setPen(TEXT_COLOUR)
            label = QRectF(
                MARGIN + 4, self._rows_top() + bar.row * row_h, self._label_width() - 8, row_h
            )
            painter.drawText(
                label,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label_metrics.elidedText(bar.code, Qt.TextElideMode.ElideRight, int(label.width())),
            )
            # The bar.
            path = self._bar_path(bar, rect)
            if bar.tentative:
                fill = QColor(colour)
                fill.setAlpha(45)
                pen = QPen(colour.darker(110), 1.6, Qt.PenStyle.DashLine)
                pen.setDashPattern([4.0, 3.0])
                painter.setPen(pen)
                painter.setBrush(QBrush(fill))
                text_colour = TEXT_COLOUR
            else:
                painter.setPen(QPen(colour.darker(120), 1))
                painter.setBrush(QBrush(colour))
                text_colour = _text_on(colour)
            painter.drawPath(path)
            self._paint_bar_text(painter, bar, rect, text_colour)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_bar_text(
        self, painter: QPainter, bar: TimelineBar, rect: QRectF, colour: QColor
    ) -> None:
        inner = rect.adjusted(
            6 + (NOTCH if bar.clipped_start else 0), 0, -(6 + (NOTCH if bar.clipped_end else 0)), 0
        )
        bold = self._bold()
        bold_metrics = QFontMetrics(bold)
        if inner.width() < bold_metrics.horizontalAdvance("M…"):
            return  # too short for any text: the code is in the label column anyway
        painter.setPen(colour)
        code_text = bold_metrics.elidedText(
            bar.code, Qt.TextElideMode.ElideRight, int(inner.width())
        )
        painter.setFont(bold)
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, code_text
        )
        used = bold_metrics.horizontalAdvance(code_text)
        rest = inner.width() - used - 6
        if code_text != bar.code or not bar.name:
            return
        normal_metrics = QFontMetrics(self.font())
        if rest < normal_metrics.horizontalAdvance("Mm…"):
            return
        painter.setFont(self.font())
        name_text = normal_metrics.elidedText(bar.name, Qt.TextElideMode.ElideRight, int(rest))
        painter.drawText(
            inner.adjusted(used + 6, 0, 0, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            name_text,
        )

    def _paint_today(self, painter: QPainter) -> None:
        position = today_position(self._span_start, self._span_end, self._today)
        if position is None:
            return
        x = self._month_x(position)
        top = self._rows_top()
        bottom = self._rows_top() + self._rows_height() + 2
        painter.setPen(QPen(TODAY_COLOUR, 2))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        font = self._small()
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text = _("today")
        w = metrics.horizontalAdvance(text) + 8
        # Centred under the line, kept inside the chart.
        left = min(max(x - w / 2, self._chart_left()), self._chart_right() - w)
        label = QRectF(left, bottom, w, self._line_height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TODAY_COLOUR)
        painter.drawRoundedRect(label, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_empty(self, painter: QPainter) -> None:
        """A word in the empty row, on a white ground so the today line does not cross it."""
        text = _("No projects in these years")
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        row = QRectF(
            self._chart_left(),
            self._rows_top(),
            max(0.0, self._chart_right() - self._chart_left()),
            self._row_height(),
        )
        w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 4
        ground = QRectF(row.center().x() - w / 2, row.center().y() - h / 2, w, h)
        painter.fillRect(ground, QColor("#ffffff"))
        painter.setPen(MUTED_TEXT)
        painter.drawText(ground, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_legend(self, painter: QPainter) -> None:
        top = self._legend_top()
        painter.setFont(self._small())
        for place, text, role in self._legend_layout(self.width()):
            rect = place.translated(0, top)
            swatch = QRectF(rect.left(), rect.center().y() - SWATCH / 2, SWATCH, SWATCH)
            if role is None:
                pen = QPen(TEXT_COLOUR, 1.4, Qt.PenStyle.DashLine)
                pen.setDashPattern([3.0, 2.0])
                painter.setPen(pen)
                painter.setBrush(QColor(0, 0, 0, 20))
            else:
                painter.setPen(QPen(ROLE_COLOURS[role].darker(120), 1))
                painter.setBrush(ROLE_COLOURS[role])
            painter.drawRoundedRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                rect.adjusted(SWATCH + 6, 0, 0, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
