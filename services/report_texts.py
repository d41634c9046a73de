"""The annual report's free-text sections (foreword, highlights), kept per year."""

from __future__ import annotations

from domain.report_texts import ReportTexts
from storage.database import Database


def load_report_texts(db: Database, year: int) -> ReportTexts:
    """The texts written for ``year``; a section never written is absent ("")."""
    with db.unit_of_work() as uow:
        return uow.settings.report_texts(year)


def save_report_texts(db: Database, texts: ReportTexts) -> None:
    """Store one year's texts in place of the earlier ones; raises ValidationError (field
    "year", "foreword" or "highlights") and stores nothing when they cannot be kept."""
    texts.validate()
    with db.unit_of_work() as uow:
        uow.settings.set_report_texts(texts)
        uow.commit()
