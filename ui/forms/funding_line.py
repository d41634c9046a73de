"""The dialog that adds or edits a funding line of a project."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from domain.formats import format_decimal_short
from domain.i18n import _
from domain.projects import FundingLine, Project
from services.projects import save_funding
from storage.database import Database
from ui.common.widgets import DecimalField, editable_combo
from ui.forms.base import RecordDialog, read_and_validate
from ui.forms.project import MoneyField

FUNDERS = (
    "ESR",
    "EAKR",
    "STM",
    "RRP (NextGenerationEU)",
    "Erasmus+",
    "VTR",
    "omarahoitus",
    "kuntarahoitus",
)


class FundingDialog(RecordDialog):
    text_limits = FundingLine.TEXT_LIMITS

    def __init__(
        self,
        db: Database,
        project: Project,
        line: FundingLine | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit funding line") if line else _("New funding line")
        super().__init__(f"{title} – {project.code}", parent, db=db, original=line)
        self.project = project
        self.funder = editable_combo(self, FUNDERS)
        self.add_field("funder", _("&Funder"), self.funder, required=True)
        self.share = self.add_field("share_percent", _("&Share %"), DecimalField(self))
        self.share.setMaximumWidth(80)
        self.amount = self.add_field("amount", _("&Amount €"), MoneyField(self))
        self.amount.setMaximumWidth(160)
        if line is not None:
            self._load(line)

    def _load(self, line: FundingLine) -> None:
        self.funder.setCurrentText(line.funder)
        self.share.setText(
            format_decimal_short(line.share_percent) if line.share_percent is not None else ""
        )
        self.amount.set_value(line.amount)

    @property
    def values(self) -> FundingLine:
        readers = {
            "share_percent": lambda: self.share.value("share_percent"),
            "amount": lambda: self.amount.value("amount"),
        }
        return read_and_validate(
            readers,
            lambda v: FundingLine(
                self.project.id, self.funder.currentText(), v["share_percent"], v["amount"]
            ),
        )

    def save(self, values: FundingLine) -> None:
        self.saved = save_funding(self.db, values, self.original, overwrite=self.overwrite)
