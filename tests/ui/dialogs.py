"""Answers to the questions a message box asks, as actions for the ``on_modal`` fixture, and
what a form shows beside its fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def answer(
    button: QMessageBox.StandardButton, question: str | None = None
) -> Callable[[QWidget], None]:
    """Click ``button`` of the message box, having checked it asks ``question`` (when given)."""

    def click(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), f"{box!r} is not a message box"
        if question is not None:
            assert box.text() == question
        box.button(button).click()

    return click


def answer_yes(question: str | None = None) -> Callable[[QWidget], None]:
    return answer(QMessageBox.StandardButton.Yes, question)


def answer_no(question: str | None = None) -> Callable[[QWidget], None]:
    return answer(QMessageBox.StandardButton.No, question)


def error_beside(dialog: QWidget, key: str) -> str:
    """The message the form shows under the field ``key`` ('' while the field is fine)."""
    label = dialog.findChild(QLabel, f"error_{key}")
    assert label is not None, f"the form has no field {key!r}"
    return label.text() if label.isVisibleTo(dialog) else ""
