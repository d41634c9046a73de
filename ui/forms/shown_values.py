"""A record's values as its form shows them: the name a list shows for an ID it offers.

A form's lists (a staff member, a requester, a case event's reasons) keep each choice's ID
as the item's data and show its name. When another user's version of a record is set
beside the user's (``ui.forms.conflict``), the fields are compared by these names: a person
recognises "poliisi", not the ID behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import is_dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QWidget

from domain.errors import ConcurrentChange

if TYPE_CHECKING:
    from ui.forms.base import RecordDialog


def offer(combo: QComboBox, value_id: str | None, label_of: Callable[[str], str | None]) -> None:
    """Offer in ``combo`` the choice ``value_id`` names when the list lacks it (added,
    retired or made inactive since the form was opened), so that a record loaded keeps it;
    ``label_of`` reads its name (None: it no longer exists)."""
    if not value_id or combo.findData(value_id) >= 0:
        return
    label = label_of(value_id)
    if label is not None:
        combo.addItem(label, value_id)


def _offers_ids(widget: QComboBox) -> bool:
    return any(isinstance(widget.itemData(i), str) for i in range(widget.count()))


def _name_in(widget: QWidget, value: Any) -> Any:
    """The text ``widget`` shows for ``value`` (an ID, or a list of them), or the value
    itself when the widget does not offer it."""
    if isinstance(widget, QListWidget) and isinstance(value, list):
        names = {
            widget.item(i).data(Qt.ItemDataRole.UserRole): widget.item(i).text()
            for i in range(widget.count())
        }
        return [names.get(v, v) for v in value]
    if isinstance(widget, QComboBox) and isinstance(value, str) and _offers_ids(widget):
        index = widget.findData(value)
        return widget.itemText(index) if index >= 0 else value
    return value


def as_shown(dialog: RecordDialog, record: Any) -> Any:
    """A copy of ``record`` with each ID of the form's lists replaced by the name shown.
    A form's ``_offer(record)`` first adds to its lists what the record names."""
    if record is None or not is_dataclass(record) or isinstance(record, type):
        return record
    add_choices = getattr(dialog, "_offer", None)
    if add_choices is not None:
        add_choices(record)
    named = {}
    for key in dialog.captions():
        value = getattr(record, key, None)
        if value is None:
            continue
        shown = _name_in(dialog.field(key), value)
        if shown != value:
            named[key] = shown
    return replace(record, **named) if named else record


def shown_change(dialog: RecordDialog, change: ConcurrentChange) -> ConcurrentChange:
    """The refusal with the other user's version as the form would show it."""
    if change.current is None:
        return change
    return ConcurrentChange(as_shown(dialog, change.current), change.changed_by, change.changed_at)
