"""The settings: the organisation, report texts and start-up flags, kept as JSON values."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    delete,
    func,
    select,
)
from sqlalchemy.orm import Session

from domain.organisation import LegalForm, Organisation
from domain.report_texts import ReportSection, ReportTexts
from storage import orm
from storage.history import record_setting


class SettingsRepository:
    """The organisation's settings, kept as JSON values under fixed keys."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _get(self, key: str) -> Any:
        value = self.session.scalar(select(orm.settings.c.value).where(orm.settings.c.key == key))
        return None if value is None else json.loads(value)

    def _put(self, key: str, value: Any) -> None:
        """Store a setting in place of the earlier value; the change goes in the history."""
        before = self._get(key)
        self.session.execute(delete(orm.settings).where(orm.settings.c.key == key))
        self.session.execute(
            orm.settings.insert().values(key=key, value=json.dumps(value, ensure_ascii=False))
        )
        record_setting(self.session, key, before, value)

    def _remove(self, key: str) -> None:
        before = self._get(key)
        self.session.execute(delete(orm.settings).where(orm.settings.c.key == key))
        record_setting(self.session, key, before, None)

    def organisation(self) -> Organisation:
        data = self._get("organisation") or {}
        try:
            form = LegalForm(data.get("legal_form", LegalForm.LIMITED_COMPANY.value))
        except ValueError:
            form = LegalForm.OTHER
        return Organisation(
            name=data.get("name", ""),
            short_name=data.get("short_name", ""),
            business_id=data.get("business_id", ""),
            legal_form=form,
            address=data.get("address", ""),
            areas=list(data.get("areas", [])),
            board_seat_cap=data.get("board_seat_cap"),
        )

    def save_organisation(self, org: Organisation) -> None:
        org.tidy()
        org.validate()
        self._put(
            "organisation",
            {
                "name": org.name,
                "short_name": org.short_name,
                "business_id": org.business_id,
                "legal_form": org.legal_form.value,
                "address": org.address,
                "areas": org.areas,
                "board_seat_cap": org.board_seat_cap,
            },
        )

    def is_empty_database(self) -> bool:
        """True before anything has been entered: the welcome view is shown then."""
        if self._get("started"):
            return False
        for table in (
            orm.staff,
            orm.trainees,
            orm.board_terms,
            orm.meetings,
            orm.projects,
            orm.case_events,
            orm.guardians,
            orm.guardian_requests,
            orm.budget_lines,
            orm.transactions,
        ):
            if self.session.scalar(select(func.count()).select_from(table)):
                return False
        return True

    def mark_started(self) -> None:
        """The user chose to start with an empty database: do not welcome again."""
        self._put("started", True)

    def report_texts(self, year: int) -> ReportTexts:
        """The annual report's free texts of ``year``; sections never written are absent."""
        data = self._get(f"report_texts.{year}") or {}
        texts = {s: data[s.value] for s in ReportSection if isinstance(data.get(s.value), str)}
        return ReportTexts(year, texts).tidied()

    def set_report_texts(self, texts: ReportTexts) -> None:
        """Store one year's free texts in place of the earlier ones; an empty section is not kept."""
        texts.validate()
        key = f"report_texts.{texts.year}"
        kept = texts.tidied()
        if kept.texts:
            self._put(key, {s.value: t for s, t in kept.texts.items()})
        else:
            self._remove(key)
