"""The Alt+letter keys a user sees, for the tests that no two controls share one."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def alt_key(text: str) -> str | None:
    """The letter after ``&`` in a control's text (``&&`` is a plain ampersand), or None."""
    plain = text.replace("&&", "")
    return plain[plain.index("&") + 1].casefold() if "&" in plain else None


def keys_of(texts: Iterable[str]) -> list[str]:
    return [key for key in map(alt_key, texts) if key is not None]


def control_texts(widget: QWidget) -> list[str]:
    """The texts of the visible buttons of ``widget`` and of its labels that name a field."""
    controls = widget.findChildren(QAbstractButton) + [
        label for label in widget.findChildren(QLabel) if label.buddy() is not None
    ]
    return [c.text() for c in controls if c.isVisible()]


def alt_keys(widget: QWidget) -> list[str]:
    return keys_of(control_texts(widget))
