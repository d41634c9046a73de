"""File → Export…: every record, or one year's, before the file is chosen.

Auditors ask for one financial year; the office's own copy holds everything. The same
choice as ``main.py export --year``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from domain.formats import FIRST_YEAR, LAST_YEAR
from domain.i18n import _


class ExportScopeDialog(QDialog):
    """All records (the default) or the records of one year."""

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export workbook"))
        today = today or date.today()
        self.all_records = QRadioButton(_("&All records"))
        self.one_year = QRadioButton(_("Records of the &year"))
        self.all_records.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.all_records)
        group.addButton(self.one_year)
        self.year_box = QSpinBox()
        self.year_box.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_box.setGroupSeparatorShown(False)
        # Early in the year the auditors' year is the one that just ended.
        self.year_box.setValue(today.year - 1 if today.month <= 6 else today.year)
        self.year_box.setAccessibleName(_("Year"))
        self.year_box.setEnabled(False)
        self.one_year.toggled.connect(self.year_box.setEnabled)

        year_row = QHBoxLayout()
        year_row.addWidget(self.one_year)
        year_row.addWidget(self.year_box)
        year_row.addStretch(1)
        note = QLabel(
            _(
                "A year's workbook holds the records of that year and what they refer to: "
                "the people, projects and categories."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Choose the file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.all_records)
        layout.addLayout(year_row)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.all_records.setFocus()  # Enter exports everything; Down chooses the year

    def year(self) -> int | None:
        """The chosen year, or None for every record."""
        return self.year_box.value() if self.one_year.isChecked() else None
