"""An entry's changes as a person reads them: each field by its caption, each value in
Finnish format (money in euros, dates as d.m.yyyy, enumerations by their names)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.formats import format_money
from domain.history import Action, Entry
from domain.i18n import _, current_language
from exports.sheets import change_field_name
from services.history import ValueChange
from ui.forms.conflict import shown_value

Captions = Mapping[str, str]


def caption(kind: str, field: str, captions: Captions | None = None) -> str:
    """A field by the form's caption when given, else by its column's header in the
    workbook (Finnish or English), else by its own name."""
    if captions and field in captions:
        return captions[field]
    return change_field_name(kind, field, current_language())


def record_text(entry: Entry) -> str:
    """The record an entry changed, as the log's Record column names it: its label; a
    setting (one row per key, no label of its own) by its name."""
    if entry.kind == "settings" and not entry.label:
        key = entry.record_id
        if key == "organisation":
            return _("Organisation")
        if key.startswith("report_texts."):
            return _("Annual report texts {year}").format(year=key.partition(".")[2])
        return caption(entry.kind, key)  # started, keep_years: by their names
    return entry.label


def value_text(value: Any, *, money: bool = False) -> str:
    if money and isinstance(value, Decimal):
        return format_money(value)
    return shown_value(value)


def old_text(change: ValueChange) -> str:
    return value_text(change.old, money=change.money) if change.kept else _("(not kept)")


def new_text(change: ValueChange) -> str:
    return value_text(change.new, money=change.money) if change.kept else _("(not kept)")


def summary(entry: Entry, changes: list[ValueChange], captions: Captions | None = None) -> str:
    """The changes in one line: "Summa: 1 234,50 € → 99,99 €; Selite: …"; an added record's
    values alone, a deleted one's as they were."""
    parts = []
    for change in changes:
        name = caption(entry.kind, change.field, captions)
        old, new = old_text(change) or "–", new_text(change) or "–"
        if entry.action == Action.INSERT:
            parts.append(f"{name}: {new}")
        elif entry.action == Action.DELETE:
            parts.append(f"{name}: {old}")
        else:
            parts.append(f"{name}: {old} → {new}")
    return "; ".join(parts)


def details(entry: Entry, changes: list[ValueChange], captions: Captions | None = None) -> str:
    """An entry in full, one changed field a line: for its tooltip and its details."""
    head = f"{entry.shown_time()}  {entry.who()}\n{entry.title()} — {entry.action.label()}"
    lines = [
        f"{caption(entry.kind, c.field, captions)}: {old_text(c) or '–'} → {new_text(c) or '–'}"
        for c in changes
    ]
    return "\n".join([head, *lines])
