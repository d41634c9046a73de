"""The dialog that adds a board term (optionally copying another term's seats) or edits one."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from domain.board import BoardTerm
from domain.i18n import _
from services.board import save_term
from storage.database import Database
from ui.common.widgets import DateField
from ui.forms.base import RecordDialog, read_and_validate


def following_term(term: BoardTerm) -> tuple[date | None, date | None]:
    """Dates for the term after ``term``: from the day after it ends, for as many years."""
    if term.end is None or term.start is None:
        return None, None
    start = term.end + timedelta(days=1)
    years = max(1, start.year - term.start.year)
    try:
        end = start.replace(year=start.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return start, end


class TermDialog(RecordDialog):
    """Adds a term (optionally copying the seats of another) or edits a term's dates."""

    text_limits = BoardTerm.TEXT_LIMITS

    def __init__(
        self,
        db: Database,
        term: BoardTerm | None = None,
        *,
        copy_from: BoardTerm | None = None,
        seat_count: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        if copy_from is not None:
            title = _("New term from {period}").format(period=copy_from.period)
        else:
            title = _("Edit term") if term else _("New term")
        super().__init__(title, parent, db=db, original=term)
        self.copy_from = copy_from
        self.adding = term is None
        self.closed: list[BoardTerm] = []
        self.start = self.add_field("start", _("&Start"), DateField(self), required=True)
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.end.edit.setToolTip(_("Empty: until the next general meeting elects a new board"))
        self.note = self.add_field("note", _("&Note"), QLineEdit(self))
        self.note.setPlaceholderText(_("e.g. elected by the annual general meeting on 7.6.2022"))
        self.note.setMinimumWidth(360)
        self.close_previous = QCheckBox(
            _("End the previous term the day &before this one starts"), self
        )
        self.close_previous.setChecked(True)
        if term is None:
            self.form.addRow("", self.close_previous)
        else:
            self.close_previous.hide()
        if copy_from is not None:
            info = QLabel(
                _(
                    "Every seat of the term {period} ({n}) is copied into the new term; change "
                    "what the general meeting changed afterwards."
                ).format(period=copy_from.period, n=seat_count),
                self,
            )
            info.setWordWrap(True)
            self.form.insertRow(0, info)
            start, end = following_term(copy_from)
            self.start.set_date(start)
            self.end.set_date(end)
        elif term is not None:
            self._load(term)

    def _load(self, term: BoardTerm) -> None:
        self.start.set_date(term.start)
        self.end.set_date(term.end)
        self.note.setText(term.note)

    @property
    def values(self) -> BoardTerm:
        readers = {"start": lambda: self.start.date("start"), "end": lambda: self.end.date("end")}

        def build(v: dict) -> BoardTerm:
            return BoardTerm(start=v["start"], end=v["end"], note=self.note.text())

        return read_and_validate(readers, build)

    def save(self, values: BoardTerm) -> None:
        term, self.closed = save_term(
            self.db,
            values,
            self.original,
            copy_from=self.copy_from.id if self.copy_from else None,
            # asked only of a new term: one deleted meanwhile and saved as new closes none
            close_previous=self.adding and self.close_previous.isChecked(),
            overwrite=self.overwrite,
        )
        self.saved = term
