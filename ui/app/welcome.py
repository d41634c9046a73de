"""The first view on an empty database: demo data, a workbook, or an empty start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget

from domain.i18n import _


class WelcomeView(QWidget):
    demo_requested = Signal()
    import_requested = Signal()
    empty_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Welcome to Oske"), self)
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        intro = QLabel(
            _(
                "The database is empty. Try Oske with demo records, bring in the records "
                "you already have in an Excel workbook, or start entering them yourself."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            _("Load &demo data"), _("Fictional staff and trainees to try every feature with"), self
        )
        self.import_button = QCommandLinkButton(
            _("&Import a workbook…"),
            _("An Excel workbook in Oske's format, e.g. from another workstation"),
            self,
        )
        self.empty_button = QCommandLinkButton(
            _("&Start empty"), _("Enter the records yourself, beginning with the staff"), self
        )
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.empty_button.clicked.connect(self.empty_requested)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(intro)
        column.addSpacing(16)
        for button in (self.demo_button, self.import_button, self.empty_button):
            button.setMinimumWidth(460)
            # QCommandLinkButton under-reports its height with a description: give it
            # room for the title and two lines of description.
            button.setMinimumHeight(button.fontMetrics().height() * 4 + 12)
            column.addWidget(button)
        column.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(column)
        holder.setMaximumWidth(620)
        layout = QVBoxLayout(self)
        layout.addSpacing(40)
        layout.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.setFocusProxy(self.demo_button)
