"""Per-workstation preferences (interface language, window geometry, last folder, the
database to open, the tab in view and how each tab was left).

They live in QSettings, not in the database: the language must be known before a
database is opened, and a shared PostgreSQL database serves several workstations.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from domain.about import APP_NAME, ORGANISATION_DOMAIN
from domain.i18n import DEFAULT_LANGUAGE, LANGUAGES, _


def settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION_DOMAIN, APP_NAME
    )


def stored_language() -> str:
    value = settings().value("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def store_language(language: str) -> None:
    settings().setValue("language", language)


def stored_geometry() -> QByteArray | None:
    value = settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def store_geometry(geometry: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)


def stored_tab() -> str:
    """The window's tab in view when it was last closed (its attribute: "finance_tab")."""
    value = settings().value("window/tab", "")
    return value if isinstance(value, str) else ""


def store_tab(attribute: str) -> None:
    settings().setValue("window/tab", attribute)


def stored_tab_state(attribute: str) -> dict[str, Any]:
    """How a tab was left (``ui.common.remember.tab_state``); empty if unknown or unreadable."""
    value = settings().value(f"tabs/{attribute}", "")
    try:
        state = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def store_tab_state(attribute: str, state: dict[str, Any]) -> None:
    settings().setValue(f"tabs/{attribute}", json.dumps(state, ensure_ascii=False))


def last_folder() -> str:
    value = settings().value("last_folder", "")
    return value if isinstance(value, str) else ""


def store_last_folder(folder: str) -> None:
    settings().setValue("last_folder", folder)


def case_event_defaults() -> tuple[str, str, str]:
    """The area, sector (a Sector value) and ombudsman id of the last case event entered here."""
    s = settings()
    values = (
        s.value("case_events/area", ""),
        s.value("case_events/sector", ""),
        s.value("case_events/ombudsman", ""),
    )
    area, sector, ombudsman = (v if isinstance(v, str) else "" for v in values)
    return area, sector, ombudsman


def store_case_event_defaults(area: str, sector: str, ombudsman_id: str) -> None:
    """Remembered per workstation: the next new event starts with them."""
    s = settings()
    s.setValue("case_events/area", area)
    s.setValue("case_events/sector", sector)
    s.setValue("case_events/ombudsman", ombudsman_id)


class DatabaseOrigin(StrEnum):
    """How the database of this start was chosen, in the order start-up looks."""

    GIVEN = "given"  # --db or --db-url
    REMEMBERED = "remembered"  # the workstation's setting (main.py --remember)
    DEFAULT = "default"  # the default file in the user's data folder


def remembered_database_url() -> str:
    """The database this workstation opens when no other is given ("" for the default).

    Never with a password: ``main.py --remember`` refuses one.
    """
    value = settings().value("database/url", "")
    return value if isinstance(value, str) else ""


def forget_hint() -> str:
    """What to do when the remembered database no longer opens."""
    return _(
        "This workstation opens this database at every start; "
        "uv run main.py --forget goes back to the default file."
    )


def remember_database_url(url: str) -> None:
    s = settings()
    s.setValue("database/url", url)
    s.sync()


def forget_database_url() -> None:
    s = settings()
    s.remove("database/url")
    s.sync()
