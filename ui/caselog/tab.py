"""The client-rights tab: the ombudsman's case events and their statistics, and the
coordination of child guardians (the bank and the requests)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from domain.i18n import _
from storage.database import Database
from ui.caselog.case_events_page import CaseEventsPage
from ui.caselog.guardians_page import GuardianRequestsPage, GuardiansPage
from ui.caselog.statistics_page import CaseStatisticsPage
from ui.common.paged_tab import PagedTab


class CaseLogTab(PagedTab):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.events_page = CaseEventsPage(db, self)
        self.statistics_page = CaseStatisticsPage(db, self)
        self.guardians_page = GuardiansPage(db, self)
        self.requests_page = GuardianRequestsPage(db, self)
        self.add_pages(
            (
                (self.events_page, _("Case events")),
                (self.statistics_page, _("Statistics")),
                (self.guardians_page, _("Guardian bank")),
                (self.requests_page, _("Guardian requests")),
            )
        )
