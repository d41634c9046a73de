"""The projects on a time line: one bar per project, counted in whole months.

A span of months (usually from last January to the end of next year) is shown; a project
covers every month its period touches, so 15.3.–2.4. is drawn over March and April. A
project reaching past the span (or with an open end) is cut at the span's edge and marked
clipped; planned and applied projects are tentative; rejected ones are not shown at all.
Plain Python: the widget in ``ui.projects.timeline`` only paints what is computed here.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.projects import OurRole, Project, ProjectStatus
from domain.records import finnish_key

TENTATIVE = frozenset({ProjectStatus.PLANNED, ProjectStatus.APPLIED})


@dataclass(frozen=True)
class TimelineBar:
    project_id: str
    code: str
    name: str
    row: int
    first_month: int  # months from the span's first month, 0-based
    months: int  # how many months the bar covers, at least one
    role: OurRole
    tentative: bool  # planned or applied: not certain yet
    clipped_start: bool  # the project began before the span (or has no start)
    clipped_end: bool  # the project goes on after the span (or has no end)


def month_index(span_start: date, day: date) -> int:
    """The month of ``day`` counted from the span's first month (0 = that month)."""
    return (day.year - span_start.year) * 12 + day.month - span_start.month


def month_at(span_start: date, index: int) -> tuple[int, int]:
    """The (year, month) of the index-th month of a span."""
    months = span_start.year * 12 + span_start.month - 1 + index
    return months // 12, months % 12 + 1


def span_months(span_start: date, span_end: date) -> int:
    """How many months the span touches (2023-01-01 to 2025-12-31: 36); none when reversed."""
    return max(0, month_index(span_start, span_end) + 1)


def today_position(span_start: date, span_end: date, today: date) -> float | None:
    """Where a day falls, in months from the span's first month (15 June in a span from
    January: 5 + 14/30); None when the day is outside the span."""
    if today < span_start or today > span_end:
        return None
    days = calendar.monthrange(today.year, today.month)[1]
    return month_index(span_start, today) + (today.day - 1) / days


def default_span(today: date) -> tuple[date, date]:
    """From the first of January last year to the last of December next year."""
    return date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)


def _overlaps(project: Project, span_start: date, span_end: date) -> bool:
    starts_in_time = project.start is None or project.start <= span_end
    ends_in_time = project.end is None or project.end >= span_start
    return starts_in_time and ends_in_time


def _row_order(project: Project) -> tuple[bool, date, str, str]:
    """By start (an open start first), then by code whatever its case."""
    return (
        project.start is not None,
        project.start or date.min,
        finnish_key(project.code),
        project.id,
    )


def timeline_bars(
    projects: Iterable[Project], span_start: date, span_end: date
) -> list[TimelineBar]:
    """The bars of the projects shown in the span, one row each, in row order."""
    count = span_months(span_start, span_end)
    if count == 0:
        return []
    shown = sorted(
        (
            p
            for p in projects
            if p.status is not ProjectStatus.REJECTED and _overlaps(p, span_start, span_end)
        ),
        key=_row_order,
    )
    bars: list[TimelineBar] = []
    for row, project in enumerate(shown):
        clipped_start = project.start is None or project.start < span_start
        clipped_end = project.end is None or project.end > span_end
        # not clipped means the date is there and inside the span
        first = (
            0 if project.start is None or clipped_start else month_index(span_start, project.start)
        )
        last = (
            count - 1
            if project.end is None or clipped_end
            else month_index(span_start, project.end)
        )
        bars.append(
            TimelineBar(
                project_id=project.id,
                code=project.code or "",
                name=project.name or "",
                row=row,
                first_month=first,
                months=max(1, last - first + 1),
                role=project.our_role or OurRole.OTHER,
                tentative=project.status in TENTATIVE,
                clipped_start=clipped_start,
                clipped_end=clipped_end,
            )
        )
    return bars
