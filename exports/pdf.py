"""The page and the pieces of Oske's PDF reports (ReportLab platypus): A4, the organisation's
name in the header, page numbers and the generation time in the footer, headings, text and
tables whose header row repeats on every page they continue to.

Every text from the database goes through ``para()``, which escapes it: a name with ``<``
or ``&`` prints as typed instead of being read as markup. Every text is set in DejaVu Sans
(``resources/fonts``), whose subset ReportLab embeds, so that any name prints letter for
letter; no text is too long: a table's columns widen to their longest word (within
limits; longer words break), a row taller than a page continues on the next, and the page
header is cut to its room. ``build()`` writes PDF/A-2u (see ``exports.pdf_archive``).
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from domain.about import APP_NAME, APP_VERSION
from domain.errors import DiskFull, is_disk_full
from domain.formats import format_date, format_decimal_short
from domain.i18n import _, current_language
from exports.datafolder import PARTIAL_PREFIX, sweep_partials
from exports.pdf_archive import clean, make_archival
from exports.tasks import Cancelled

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
# DejaVu Sans: every Latin letter of the Nordic, Baltic and Central European languages, the
# Sámi letters, Greek and Cyrillic. ReportLab embeds the subset of the glyphs a report uses.
FONT, BOLD, ITALIC, BOLD_ITALIC = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
)
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#c5ccd6")
HEADER_FILL = colors.HexColor("#e8edf3")
TOTAL_FILL = colors.HexColor("#f3f5f8")
BUDGET_COLOUR = colors.HexColor("#9db4cf")
ACTUAL_COLOUR = colors.HexColor("#2f5d8a")
WARNING = colors.HexColor("#a61b1b")
DOCUMENT_LANGUAGES = {"fi": "fi-FI", "en": "en"}  # the catalog's /Lang of each UI language

TITLE = ParagraphStyle(
    "title", fontName=BOLD, fontSize=17, leading=21, textColor=INK, spaceAfter=2 * mm
)
SUBTITLE = ParagraphStyle(
    "subtitle", fontName=FONT, fontSize=10, leading=13, textColor=MUTED, spaceAfter=5 * mm
)
HEADING = ParagraphStyle(
    "heading",
    fontName=BOLD,
    fontSize=13,
    leading=16,
    textColor=INK,
    spaceBefore=6 * mm,
    spaceAfter=2.5 * mm,
    keepWithNext=1,
)
SUBHEADING = ParagraphStyle(
    "subheading",
    fontName=BOLD,
    fontSize=10.5,
    leading=13,
    textColor=INK,
    spaceBefore=3.5 * mm,
    spaceAfter=1.5 * mm,
    keepWithNext=1,
)
BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, spaceAfter=2 * mm
)
NOTE = ParagraphStyle("note", parent=BODY, fontSize=8.5, leading=11, textColor=MUTED)
LIST_ITEM = ParagraphStyle("list", parent=BODY, spaceAfter=0.6 * mm, leftIndent=4 * mm)
CELL = ParagraphStyle(
    "cell", fontName=FONT, fontSize=8.5, leading=10.5, textColor=INK, alignment=TA_LEFT
)
CELL_BOLD = ParagraphStyle("cell-bold", parent=CELL, fontName=BOLD)
CELL_RIGHT = ParagraphStyle("cell-right", parent=CELL, alignment=TA_RIGHT)
CELL_RIGHT_BOLD = ParagraphStyle("cell-right-bold", parent=CELL_RIGHT, fontName=BOLD)
CELL_HEADER = ParagraphStyle("cell-header", parent=CELL_BOLD)
CELL_HEADER_RIGHT = ParagraphStyle("cell-header-right", parent=CELL_HEADER, alignment=TA_RIGHT)


@functools.cache
def register_fonts() -> None:
    """Register the report fonts with ReportLab, once: the family's four faces, so that
    ``<b>`` and ``<i>`` in a paragraph find the bold and italic face."""
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


register_fonts()  # a Paragraph looks its font up when it is made, before build()


def text(value: Any) -> str:
    """A value from the database as Paragraph markup: escaped, line breaks kept."""
    return escape(str(value or "")).replace("\n", "<br/>")


def para(value: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text(value), style)


def heading(value: str) -> Paragraph:
    return para(value, HEADING)


def subheading(value: str) -> Paragraph:
    return para(value, SUBHEADING)


def bullet_list(lines: Sequence[str]) -> list[Flowable]:
    return [Paragraph("\u2022\u00a0" + text(line), LIST_ITEM) for line in lines]


def note(value: str) -> Paragraph:
    return para(value, NOTE)


def space(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


@dataclass(frozen=True)
class Row:
    """A table row: its cells as text, and whether it is a total (bold, shaded)."""

    cells: Sequence[str]
    total: bool = False
    warn: bool = False  # printed in red (an expense running ahead of its budget)


def table(
    headers: Sequence[str],
    rows: Sequence[Row],
    widths_mm: Sequence[float],
    numeric: Sequence[int] = (),
    unbroken: Sequence[int] = (),
) -> Table:
    """A table that fits the page's width, repeats its header row on every page it continues
    to, and right-aligns the ``numeric`` columns. A word of a ``numeric`` or ``unbroken``
    column (a sum of money, a period of dates, a code) is never broken: when the words do
    not all fit, the other columns give way, the one with the widest words first."""
    right_aligned = set(numeric)
    scale = CONTENT_WIDTH / (sum(widths_mm) * mm)  # the widths are proportions of the page
    widths = [w * mm * scale for w in widths_mm]
    needed = [0.0] * len(widths)
    for cells, bold in [(headers, True), *((row.cells, row.total) for row in rows)]:
        for column, value in enumerate(cells):
            needed[column] = max(needed[column], _longest_word(value, BOLD if bold else FONT))
    # Words that do not all fit at the text's size are set smaller, down to SMALLEST_CELL
    # of it: a register of six columns of long Finnish compounds then breaks no word
    padding = 2 * CELL_PADDING + 1  # 1: rounding
    words = sum(min(n + padding, WIDEST_WORD) for n in needed) - padding * len(needed)
    size = max(SMALLEST_CELL, min(1.0, (sum(widths) - padding * len(widths)) / max(words, 1)))
    styles = _cell_styles(size)
    widths = fit_widths(widths, [n * size + padding for n in needed], {*numeric, *unbroken})

    def cell(
        value: str, column: int, *, header: bool = False, bold: bool = False, warn: bool = False
    ) -> Paragraph:
        right = column in right_aligned
        kind = "header" if header else "bold" if bold else "plain"
        style = styles[(kind, right)]
        content = text(value)
        if warn:
            content = f'<font color="#{WARNING.hexval()[2:]}">{content}</font>'
        return Paragraph(content, style)

    data = [[cell(h, i, header=True) for i, h in enumerate(headers)]]
    style = [
        # The cells are paragraphs with their own font, but a table sets its cells' font
        # (Helvetica unless told) before it draws them
        ("FONT", (0, 0), (-1, -1), FONT, CELL.fontSize, CELL.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.8),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for number, row in enumerate(rows, start=1):
        data.append([cell(v, i, bold=row.total, warn=row.warn) for i, v in enumerate(row.cells)])
        if row.total:
            style += [
                ("BACKGROUND", (0, number), (-1, number), TOTAL_FILL),
                ("LINEABOVE", (0, number), (-1, number), 0.6, INK),
            ]
    # splitInRow: a row taller than a page (a text of thousands of letters) continues on the
    # next page instead of stopping the report
    result = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    result.setStyle(TableStyle(style))
    return result


CELL_PADDING = 3
WIDEST_WORD = 0.3 * CONTENT_WIDTH  # a longer word is broken rather than given its width
SMALLEST_CELL = 0.82  # of the cells' text size (8.5 pt → 7 pt), for words to fit
NARROWEST_COLUMN = 14 * mm  # a column of text the figures beside it may narrow it to


@functools.cache
def _cell_styles(size: float) -> dict[tuple[str, bool], ParagraphStyle]:
    """The cells' styles (by kind and right alignment) with the text at ``size`` of its
    own size."""
    plain = {
        ("header", False): CELL_HEADER,
        ("header", True): CELL_HEADER_RIGHT,
        ("bold", False): CELL_BOLD,
        ("bold", True): CELL_RIGHT_BOLD,
        ("plain", False): CELL,
        ("plain", True): CELL_RIGHT,
    }
    if size >= 1.0:
        return plain
    return {
        kind: ParagraphStyle(
            f"{style.name}-{size:.2f}",
            parent=style,
            fontSize=style.fontSize * size,
            leading=style.leading * size,
        )
        for kind, style in plain.items()
    }


_SPACES = re.compile("[ \t\r\n]+")  # where a paragraph may break a line; not at a no-break space


def _longest_word(value: str, font: str) -> float:
    """The width of the widest word of ``value`` in a cell (a no-break space joins words)."""
    return max(
        (stringWidth(word, font, CELL.fontSize) for word in _SPACES.split(str(value or ""))),
        default=0.0,
    )


def fit_widths(
    widths: Sequence[float], needed: Sequence[float], unbroken: Collection[int] = ()
) -> list[float]:
    """Column ``widths`` widened where a column's longest word needs more (up to
    ``WIDEST_WORD``), the room taken from the columns with some to spare in proportion to
    it. When there is not enough room for every column's longest word, the ``unbroken``
    columns get theirs and the others share what is left, the widest words giving way
    first (each column as wide as it needs up to one width, the same for all): one
    column's words are broken, not every column's. The table stays the page's width."""
    total = sum(widths)
    needed = [min(n, WIDEST_WORD) for n in needed]
    if sum(needed) > total:
        return _shared_out(total, needed, unbroken) or [w * total / sum(widths) for w in widths]
    result = list(widths)
    for _round in range(len(result)):
        short = [i for i, w in enumerate(result) if w < needed[i] - 0.01]
        if not short:
            break
        missing = sum(needed[i] - result[i] for i in short)
        for i in short:
            result[i] = needed[i]
        spare = {i: w - needed[i] for i, w in enumerate(result) if w > needed[i] + 0.01}
        room = sum(spare.values())
        if room <= 0:
            break
        taken = min(missing, room)
        for i, extra in spare.items():
            result[i] -= taken * extra / room
    scale = total / sum(result)
    return [w * scale for w in result]


def _shared_out(total: float, needed: list[float], unbroken: Collection[int]) -> list[float]:
    """``total`` shared out when the longest words do not all fit: the ``unbroken``
    columns their words' width, the others up to one width each (the widest words are
    broken); [] when the unbroken columns leave less than NARROWEST_COLUMN to another."""
    others = sorted((needed[i], i) for i in range(len(needed)) if i not in unbroken)
    room = total - sum(needed[i] for i in unbroken if i < len(needed))
    if not others or room < NARROWEST_COLUMN * len(others):
        return []
    result = list(needed)
    for place, (width, _column) in enumerate(others):
        share = room / (len(others) - place)  # what each column left may have
        if width > share:
            for _width, column in others[place:]:
                result[column] = share
            break
        room -= width
    return result


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    value_format=format_decimal_short,
) -> Drawing:
    """Horizontal bars, one group per label, one bar per series, with a legend: the page's
    width, as tall as its groups need."""
    colours = (BUDGET_COLOUR, ACTUAL_COLOUR)
    label_width = 48 * mm
    bar_area = CONTENT_WIDTH - label_width - 8 * mm
    group = 6 + 5.5 * len(series)
    plot_height = max(len(labels), 1) * group
    legend_height, title_height = 14, 16
    height = plot_height + legend_height + title_height + 22
    drawing = Drawing(CONTENT_WIDTH, height)
    drawing.initialFontName = FONT  # else the drawing sets Helvetica first, and it is not embedded
    drawing.add(String(0, height - 12, title, fontName=BOLD, fontSize=10, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 22
    chart.width, chart.height = bar_area, plot_height
    # ReportLab draws the first category, and in a group the first series, at the bottom:
    # both reversed, the chart reads top-down in the order of the table and the legend.
    chart.data = [[float(v) for v in reversed(values)] for _name, values in reversed(series)]
    chart.categoryAxis.categoryNames = [
        fit_line(label, FONT, 7.5, label_width - 6) for label in reversed(labels)
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    # From 0, or from the smallest value when one is negative (a refund larger than what
    # it refunds): a bar below 0 drew over the labels and off the page
    chart.valueAxis.valueMin = min(0.0, *(min(row) for row in chart.data if row))
    chart.categoryAxis.joinAxisMode = "left"  # the labels stay left of the plot, not at 0
    # Few ticks, for their labels to stay apart however long the sums are
    chart.valueAxis.maximumTicks = 5 if _widest_sum(chart.data) < 1e7 else 3
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    # A tick is a float: to the cent, so small scales get 0,5 rather than a second 0
    chart.valueAxis.labelTextFormat = lambda v: value_format(Decimal(str(round(v, 2))))
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e7ed")
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for index, colour in enumerate(reversed(colours[: len(series)])):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_width, height - title_height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.fontName = FONT
    legend.fontSize = 8
    legend.boxAnchor = "nw"
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(colours[i], name) for i, (name, _values) in enumerate(series)]
    drawing.add(legend)
    return drawing


def _widest_sum(data: Sequence[Sequence[float]]) -> float:
    return max((abs(v) for row in data for v in row), default=0.0)


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line of ``width`` points: whole if it fits, else cut with an ellipsis."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start that fits with the ellipsis after it
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "\u2026", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "\u2026"


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


# ----------------------------------------------------------------------------- the page


class _NumberedCanvas(Canvas):
    """A canvas that knows the number of pages when it draws each page's footer."""

    def __init__(
        self, *args: Any, header: str, title: str, footer: str, language: str, **kwargs: Any
    ) -> None:
        # The font a page starts with is in every page's resources, used or not
        kwargs["initialFontName"] = FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._header, self._title, self._footer = header, title, footer
        self._language = language

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        make_archival(self, language=self._language)
        super().save()

    def _decorate(self, total: int) -> None:
        self.saveState()
        top = PAGE_HEIGHT - 12 * mm
        # The organisation and the title share the line: neither runs over the other
        title = fit_line(self._title, FONT, 8.5, CONTENT_WIDTH * 0.45)
        room = CONTENT_WIDTH - stringWidth(title, FONT, 8.5) - 6 * mm
        self.setFont(BOLD, 8.5)
        self.setFillColor(INK)
        self.drawString(MARGIN, top, fit_line(self._header, BOLD, 8.5, room))
        self.setFont(FONT, 8.5)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_WIDTH - MARGIN, top, title)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
        bottom = 10 * mm
        self.line(MARGIN, bottom + 4 * mm, PAGE_WIDTH - MARGIN, bottom + 4 * mm)
        self.drawString(MARGIN, bottom, self._footer)
        self.drawRightString(
            PAGE_WIDTH - MARGIN,
            bottom,
            _("Page {page} of {pages}").format(page=self._pageNumber, pages=total),
        )
        self.restoreState()


def generated_text(when: datetime) -> str:
    return _("Generated {date} at {time} by {app}").format(
        date=format_date(when.date()),
        time=f"{when.hour}.{when.minute:02d}",
        app=f"{APP_NAME} {APP_VERSION}",
    )


def _free(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build(
    path: Path | str,
    story: list[Flowable],
    *,
    organisation: str,
    title: str,
    subject: str,
    keywords: Sequence[str],
    generated: datetime,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Lay out ``story`` on A4 pages and write it to ``path`` as a PDF/A-2u file (see
    ``exports.pdf_archive``) in the current language, with ``title``, ``subject`` and
    ``keywords`` in its properties and the organisation as its author.

    The file appears whole or not at all (written beside it, then renamed), so a failed or
    cancelled report leaves no half a PDF and no earlier file replaced. ReportLab cannot
    stop half-way: a cancel is noticed when the pages are done, before the file is put in
    place."""
    register_fonts()
    organisation, title, subject = clean(organisation), clean(title), clean(subject)
    language = DOCUMENT_LANGUAGES.get(current_language(), current_language())
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    sweep_partials(folder)  # what killed runs left here
    pages = io.BytesIO()  # laid out in memory first: a full disk then knows the size needed
    document = SimpleDocTemplate(
        pages,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        title=title,
        author=organisation,
        subject=subject,
        keywords=", ".join(clean(k) for k in keywords),
        creator=f"{APP_NAME} {APP_VERSION}",
        lang=language,
        displayDocTitle=True,
    )
    footer = generated_text(generated)

    def canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(
            *args, header=organisation, title=title, footer=footer, language=language, **kwargs
        )

    document.build(story, canvasmaker=canvas)
    if cancelled():
        raise Cancelled()
    data = pages.getvalue()
    fd, temporary = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=".pdf", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # mkstemp makes a file only its owner may read; a report is an ordinary document
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise DiskFull(str(folder), len(data), _free(folder)) from exc
        raise
    return path
