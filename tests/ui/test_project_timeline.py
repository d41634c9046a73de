"""The painted time line: clicking bars, their tooltips, and its size as rows are added."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from domain.projects import OurRole, Project, ProjectStatus
from ui.projects.timeline import ProjectTimeline

SPAN = (date(2024, 1, 1), date(2026, 12, 31))
TODAY = date(2025, 6, 15)


def projects() -> list[Project]:
    return [
        Project(
            "TulLas",
            "Tulevaisuuden lastensuojelu",
            OurRole.ADMINISTRATOR,
            date(2023, 3, 1),
            date(2026, 2, 28),
        ),
        Project(
            "Tool4Teen",
            "Erasmus+ nuorisotyön työkalut",
            OurRole.CO_IMPLEMENTER,
            date(2024, 9, 1),
            date(2026, 8, 31),
        ),
        Project(
            "SOTE",
            "Kehittämiskumppanuus",
            OurRole.LEAD_IMPLEMENTER,
            date(2026, 3, 1),
            None,
            status=ProjectStatus.APPLIED,
        ),
    ]


@pytest.fixture
def timeline(qtbot):
    widget = ProjectTimeline()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    return widget


def bar_of(widget: ProjectTimeline, code: str):
    return next(b for b in widget.bars() if b.code == code)


def test_clicking_a_bar_emits_its_project(qtbot, timeline):
    shown = projects()
    timeline.set_projects(shown, *SPAN, TODAY)
    centre = timeline.bar_rect(bar_of(timeline, "Tool4Teen")).center().toPoint()
    with qtbot.waitSignal(timeline.project_clicked, timeout=1000) as signal:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [shown[1].id]


def test_double_clicking_a_bar_activates_its_project(qtbot, timeline):
    shown = projects()
    timeline.set_projects(shown, *SPAN, TODAY)
    centre = timeline.bar_rect(bar_of(timeline, "TulLas")).center().toPoint()
    with qtbot.waitSignal(timeline.project_activated, timeout=1000) as signal:
        qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [shown[0].id]


def test_a_point_in_a_row_beside_its_bar_finds_no_bar(timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    rect = timeline.bar_rect(bar_of(timeline, "SOTE"))
    assert timeline.bar_at(QPointF(rect.left() - 30, rect.center().y())) is None


def test_the_tooltip_names_the_code_and_our_role(timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    text = timeline.tooltip_for(bar_of(timeline, "Tool4Teen"))
    assert "Tool4Teen" in text and OurRole.CO_IMPLEMENTER.label in text


def test_the_tooltip_gives_the_period(timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    assert "1.9.2024–31.8.2026" in timeline.tooltip_for(bar_of(timeline, "Tool4Teen"))


def test_the_timeline_renders(timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    assert not timeline.grab().isNull()


def test_an_empty_timeline_renders(timeline):
    timeline.set_projects([], *SPAN, TODAY)
    assert not timeline.grab().isNull()


def test_the_minimum_height_grows_with_the_rows(timeline):
    timeline.set_projects(projects()[:1], *SPAN, TODAY)
    one = timeline.minimumHeight()
    timeline.set_projects(projects(), *SPAN, TODAY)
    assert timeline.minimumHeight() > one


def test_a_month_keeps_a_minimum_width(timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    assert timeline.minimumWidth() >= 36 * 14


def test_hovering_a_bar_shows_its_tooltip(qtbot, timeline):
    timeline.set_projects(projects(), *SPAN, TODAY)
    centre = timeline.bar_rect(bar_of(timeline, "TulLas")).center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, timeline.mapToGlobal(centre))
    QApplication.sendEvent(timeline, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=1000)
    assert "TulLas" in QToolTip.text()
