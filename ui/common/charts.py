"""A bar chart painted with QPainter (QtCharts is not installed), for statistics and money.

Bars are horizontal: Finnish category names are long (``Kanta-Hämeen hyvinvointialue``,
``ohjaus oikaisuvaatimukseen tai valitukseen``) and read best written out on the left, where
they need neither rotating nor breaking; a name longer than the label column is elided and
shown whole in the tooltip.

Several series are drawn side by side (grouped), not stacked: the reader compares the
series within a category (social welfare against health care in an area; a budget against
what was spent), which grouped bars show directly from a common zero line, and every bar
carries its own value label. Stacked bars would hide the second series' size and cannot show
budget against actual at all.

Values are ``int`` or ``Decimal`` and are printed the Finnish way (``1 234``, ``4 530,77``);
the scale is computed with Decimal steps of 1, 2 and 5, so tick labels are exact too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from domain.formats import NBSP, format_number
from domain.i18n import _

Number = int | Decimal

# A colour-blind-friendly set (as the project timeline's), in the order series are given.
SERIES_COLOURS = (
    QColor("#1b6ca8"),
    QColor("#e07b00"),
    QColor("#2a9d8f"),
    QColor("#8e5ea2"),
    QColor("#c0392b"),
    QColor("#7a7a7a"),
)
TEXT_COLOUR = QColor("#202020")
MUTED_TEXT = QColor("#5a5a5a")
GRID_LINE = QColor("#e3e3e3")
ZERO_LINE = QColor("#8a8a8a")
BAND_SHADE = QColor("#f6f7f9")
BACKGROUND = QColor("#ffffff")

PAD = 10
SWATCH = 12
GAP = 6
PREFERRED_WIDTH = 640
LABEL_SHARE = 0.38  # at most this share of the width goes to the category names
MINIMUM_LABEL = 80  # pixels of category name the narrowest chart keeps
MINIMUM_BARS = 40  # pixels of bar the narrowest chart keeps, besides its value labels


def nice_ticks(low: Decimal, high: Decimal, count: int, *, whole: bool) -> list[Decimal]:
    """Round values within ``low``…``high`` (inclusive), in steps of 1, 2 or 5 × 10ⁿ, about ``count`` of them.

    ``whole``: the values are whole numbers (counts), so no tick falls between them. The
    ticks are multiples of the step, so zero is one of them whenever it is in the range."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    exponent = int(raw.log10().to_integral_value(rounding=ROUND_FLOOR))
    base = Decimal(10) ** exponent
    # The step nearest to the raw one (by ratio): 101 over five ticks steps by 20, not 50.
    step = min((base * m for m in (1, 2, 5, 10)), key=lambda c: max(c / raw, raw / c))
    if whole and step < 1:
        step = Decimal(1)
    first = (low / step).to_integral_value(rounding=ROUND_CEILING) * step
    last = (high / step).to_integral_value(rounding=ROUND_FLOOR) * step
    steps = int((last - first) / step)
    return [first + i * step for i in range(steps + 1)]


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class _Layout:
    """Where things go for one widget width (computed once per paint, tooltip and size hint)."""

    title: QRectF
    legend: list[tuple[QRectF, QRectF]]  # swatch, text
    label_width: float
    plot: QRectF  # the bars' area, from the first band's top to the last band's bottom
    band: float
    bar: float
    x0: float  # where the scale's lowest value lies
    x1: float  # where its highest lies
    low: Decimal  # the scale runs from the lowest value (or zero) ...
    high: Decimal  # ... to the highest (or zero)
    ticks: list[Decimal]
    height: int


class BarChart(QWidget):
    """Categories down the left, one horizontal bar per series in each, a legend and a title.

    ``set_data(categories, [(series name, values), …], title)``: each series has one value per
    category. ``decimals`` fixes how many decimals the value labels show (None: none when
    every value is whole, else two); ``suffix`` follows each value label (``€``, ``h``).
    ``changed`` is emitted after new data, whose labels may need another minimum width."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, decimals: int | None = None, suffix: str = ""
    ) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._series: list[tuple[str, list[Decimal]]] = []
        self._title = ""
        self._decimals = decimals
        self._suffix = suffix
        self._whole = True
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    # -- data ---------------------------------------------------------------------------

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[Number]]],
        title: str = "",
    ) -> None:
        for name, values in series:
            if len(values) != len(categories):
                raise ValueError(
                    f"The series {name!r} has {len(values)} values for {len(categories)} categories"
                )
        self._categories = list(categories)
        self._series = [(name, [Decimal(v) for v in values]) for name, values in series]
        self._title = title
        self._whole = all(v == v.to_integral_value() for _n, values in self._series for v in values)
        self.setAccessibleName(title)
        self.updateGeometry()
        self.update()
        self.changed.emit()

    @property
    def title(self) -> str:
        return self._title

    @property
    def categories(self) -> list[str]:
        return list(self._categories)

    @property
    def series(self) -> list[tuple[str, list[Decimal]]]:
        return [(name, list(values)) for name, values in self._series]

    def is_empty(self) -> bool:
        return not self._categories or not self._series

    def value_text(self, value: Number) -> str:
        """A value as its label prints it: ``1 234``, ``4 530,77 €``."""
        value = Decimal(value)
        decimals = (0 if self._whole else 2) if self._decimals is None else self._decimals
        text = format_number(value, decimals)
        return f"{text}{NBSP}{self._suffix}" if self._suffix else text

    # -- fonts and sizes ----------------------------------------------------------------

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        return font

    def _values(self) -> list[Decimal]:
        return [v for _n, values in self._series for v in values]

    def _layout(self, width: int) -> _Layout:
        fm = QFontMetrics(self.font())
        small = QFontMetrics(self._small_font())
        y = float(PAD)
        title = QRectF(PAD, y, max(0, width - 2 * PAD), 0)
        if self._title:
            title.setHeight(QFontMetrics(self._title_font()).height())
            y = title.bottom() + GAP

        # The legend: entries side by side, wrapping when the width runs out.
        legend: list[tuple[QRectF, QRectF]] = []
        if len(self._series) > 1 and self._categories:
            x, line = float(PAD), fm.height()
            for name, _values in self._series:
                text_width = fm.horizontalAdvance(name)
                entry = SWATCH + 5 + text_width
                if x > PAD and x + entry > width - PAD:
                    x, y = float(PAD), y + line + 2
                swatch = QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH)
                legend.append((swatch, QRectF(x + SWATCH + 5, y, text_width + 1, line)))
                x += entry + 18
            y += line + GAP + 2

        bar = float(fm.height() + 3)
        per_band = max(1, len(self._series))
        band = per_band * bar + (per_band - 1) * 1 + max(8.0, fm.height() * 0.6)
        plot_top = y
        plot = QRectF(0, plot_top, 0, band * len(self._categories))

        longest = max((fm.horizontalAdvance(c) for c in self._categories), default=0)
        # Two pixels of slack: elidedText measures a little wider than horizontalAdvance at
        # some sizes, and a name that fits must not lose its last letters.
        label_width = float(min(longest + 2, max(MINIMUM_LABEL, int(width * LABEL_SHARE))))
        values = self._values()
        value_width = (
            max((fm.horizontalAdvance(self.value_text(v)) for v in values), default=0) + GAP
        )
        plot.setLeft(PAD + label_width + GAP * 2)
        plot.setRight(max(plot.left() + 40, width - PAD))
        low = min([Decimal(0), *values])
        high = max([Decimal(0), *values])
        x0 = plot.left() + (value_width if low < 0 else 0)
        x1 = plot.right() - (value_width if high > 0 or low == high else 0)
        x1 = max(x1, x0 + 20)
        if high == low:
            high = low + 1
        # As many ticks as fit with their values apart; fewer when the values would touch.
        count = max(1, min(8, int((x1 - x0) / 60)))
        while True:
            ticks = nice_ticks(low, high, count, whole=self._whole)
            widest = max(small.horizontalAdvance(format_number(t, _decimals_of(t))) for t in ticks)
            apart = (
                (x1 - x0) * float((ticks[1] - ticks[0]) / (high - low))
                if len(ticks) > 1
                else x1 - x0
            )
            if count == 1 or apart >= widest + 12:
                break
            count -= 1
        axis = small.height() + 6
        height = int(plot.bottom() + axis + PAD)
        return _Layout(
            title, legend, label_width, plot, band, bar, x0, x1, low, high, ticks, height
        )

    def _x(self, layout: _Layout, value: Decimal) -> float:
        span = float(layout.high - layout.low) or 1.0
        return layout.x0 + (layout.x1 - layout.x0) * float(value - layout.low) / span

    def _empty_height(self) -> int:
        fm = QFontMetrics(self.font())
        title = QFontMetrics(self._title_font()).height() + GAP if self._title else 0
        return PAD + title + fm.height() * 3 + PAD

    def sizeHint(self) -> QSize:
        width = self.width() if self.isVisible() and self.width() > 100 else PREFERRED_WIDTH
        if self.is_empty():
            return QSize(PREFERRED_WIDTH, self._empty_height())
        return QSize(PREFERRED_WIDTH, self._layout(width).height)

    def minimumSizeHint(self) -> QSize:
        """As narrow as shortened category names, the widest value label whole and a little
        room for the bars allow: the value labels are never cut."""
        return QSize(self.minimum_width(), self.sizeHint().height())

    def minimum_width(self) -> int:
        fm = QFontMetrics(self.font())
        values = self._values()
        value_width = max((fm.horizontalAdvance(self.value_text(v)) for v in values), default=0)
        negative = any(v < 0 for v in values)
        label = min(
            MINIMUM_LABEL, max((fm.horizontalAdvance(c) for c in self._categories), default=0)
        )
        bars = MINIMUM_BARS + (value_width + GAP) * (2 if negative else 1)
        return int(PAD + label + 2 + GAP * 2 + bars + PAD)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrower widget may wrap the legend onto a second line: ask for that height.
        if not self.is_empty() and self._layout(self.width()).height != self.height():
            self.updateGeometry()

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        if not self.isEnabled():
            painter.setOpacity(0.4)  # greyed, as the tables beside it
        fm = QFontMetrics(self.font())
        if self._title:
            painter.setFont(self._title_font())
            painter.setPen(TEXT_COLOUR)
            title_rect = QRectF(
                PAD, PAD, self.width() - 2 * PAD, QFontMetrics(self._title_font()).height()
            )
            title_text = QFontMetrics(self._title_font()).elidedText(
                self._title, Qt.TextElideMode.ElideRight, int(title_rect.width())
            )
            painter.drawText(
                title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title_text
            )
            painter.setFont(self.font())
        if self.is_empty():
            painter.setPen(MUTED_TEXT)
            top: float = PAD + (
                QFontMetrics(self._title_font()).height() + GAP if self._title else 0
            )
            painter.drawText(
                QRectF(PAD, top, self.width() - 2 * PAD, fm.height() * 3),
                Qt.AlignmentFlag.AlignCenter,
                _("No data to show"),
            )
            painter.end()
            return

        layout = self._layout(self.width())
        for index, (swatch, text_rect) in enumerate(layout.legend):
            painter.fillRect(swatch, SERIES_COLOURS[index % len(SERIES_COLOURS)])
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._series[index][0],
            )

        plot = layout.plot
        # Bands shaded every other category, so a name's bars are easy to follow.
        for row in range(1, len(self._categories), 2):
            painter.fillRect(
                QRectF(PAD, plot.top() + row * layout.band, self.width() - 2 * PAD, layout.band),
                BAND_SHADE,
            )

        # The scale: grid lines and their values below the bars.
        small = self._small_font()
        small_fm = QFontMetrics(small)
        painter.setFont(small)
        for tick in layout.ticks:
            x = self._x(layout, tick)
            painter.setPen(QPen(ZERO_LINE if tick == 0 else GRID_LINE, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            text = format_number(tick, _decimals_of(tick))
            width = small_fm.horizontalAdvance(text)
            painter.setPen(MUTED_TEXT)
            left = min(max(x - width / 2, plot.left()), self.width() - PAD - width)
            painter.drawText(
                QRectF(left, plot.bottom() + 3, width + 1, small_fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                text,
            )
        painter.setFont(self.font())

        zero = self._x(layout, Decimal(0))
        inner = (layout.band - len(self._series) * layout.bar - (len(self._series) - 1)) / 2
        for row, category in enumerate(self._categories):
            top = plot.top() + row * layout.band
            painter.setPen(TEXT_COLOUR)
            name = fm.elidedText(category, Qt.TextElideMode.ElideRight, int(layout.label_width))
            painter.drawText(
                QRectF(PAD, top, layout.label_width, layout.band),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for index, (_name, values) in enumerate(self._series):
                value = values[row]
                y = top + inner + index * (layout.bar + 1)
                end = self._x(layout, value)
                colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
                rect = QRectF(min(zero, end), y + 1, abs(end - zero), layout.bar - 2)
                if rect.width() > 0:
                    painter.fillRect(rect, colour)
                painter.setPen(TEXT_COLOUR)
                painter.drawText(
                    self._value_rect(layout, row, index),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self.value_text(value),
                )
        painter.setPen(QPen(ZERO_LINE, 1))
        painter.drawLine(QPointF(zero, plot.top()), QPointF(zero, plot.bottom()))
        painter.end()

    def _value_rect(self, layout: _Layout, row: int, series: int) -> QRectF:
        """Where the value label of one bar is drawn: past the bar's end, outwards."""
        value = self._series[series][1][row]
        inner = (layout.band - len(self._series) * layout.bar - (len(self._series) - 1)) / 2
        y = layout.plot.top() + row * layout.band + inner + series * (layout.bar + 1)
        end = self._x(layout, value)
        text_width = QFontMetrics(self.font()).horizontalAdvance(self.value_text(value)) + 1
        if value < 0:
            return QRectF(end - GAP / 2 - text_width, y, text_width, layout.bar)
        return QRectF(end + GAP / 2, y, text_width, layout.bar)

    def value_rects(self) -> list[QRectF]:
        """Where every value label is drawn at the present width, category by category."""
        if self.is_empty():
            return []
        layout = self._layout(self.width())
        return [
            self._value_rect(layout, row, series)
            for row in range(len(self._categories))
            for series in range(len(self._series))
        ]

    # -- tooltips -----------------------------------------------------------------------

    def category_at(self, y: float) -> int:
        """The category whose band is at height ``y``; -1 outside the bars."""
        if self.is_empty():
            return -1
        layout = self._layout(self.width())
        if not layout.plot.top() <= y < layout.plot.bottom():
            return -1
        return int((y - layout.plot.top()) // layout.band)

    def tooltip_text(self, row: int) -> str:
        lines = [self._categories[row]]
        lines += [f"{name}: {self.value_text(values[row])}" for name, values in self._series]
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.category_at(event.pos().y())
            if row >= 0:
                QToolTip.showText(event.globalPos(), self.tooltip_text(row), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
