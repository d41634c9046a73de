"""The client-rights tab: the ombudsman's case events and their statistics, and the
coordination of child guardians (the bank and the requests)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from domain.i18n import _
from storage.database import Database
from ui.case_events_page import CaseEventsPage
from ui.case_statistics_page import CaseStatisticsPage
from ui.guardians_page import GuardianRequestsPage, GuardiansPage


class CaseLogTab(QWidget):
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.events_page = CaseEventsPage(db, self)
        self.statistics_page = CaseStatisticsPage(db, self)
        self.guardians_page = GuardiansPage(db, self)
        self.requests_page = GuardianRequestsPage(db, self)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        for page, title in (
            (self.events_page, _("Case events")),
            (self.statistics_page, _("Statistics")),
            (self.guardians_page, _("Guardian bank")),
            (self.requests_page, _("Guardian requests")),
        ):
            self.pages.addTab(page, title)
            page.status_message.connect(self.status_message)
        # A page asks the database again when it comes into view: the statistics and the
        # bank's counts follow what was entered on the other pages.
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def refresh(self) -> None:
        self.pages.currentWidget().refresh()  # type: ignore[attr-defined]

