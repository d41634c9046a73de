"""Showing a widget under test as a user would see it: sized, shown and active."""

from __future__ import annotations

from typing import Any, TypeVar

W = TypeVar("W")


def show(qtbot: Any, widget: W, size: tuple[int, int] | None = None) -> W:
    """Show ``widget`` (``size`` wide and high, if given) and wait until it is active; a
    page with ``refresh`` reads its rows as when it comes into view."""
    if size is not None:
        widget.resize(*size)  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()  # type: ignore[attr-defined]
        widget.activateWindow()  # type: ignore[attr-defined]
    return widget
