"""One exception type for invalid data, carrying the field and a message a person understands."""

from __future__ import annotations

import errno
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from domain.i18n import _

HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ValidationError(Exception):
    """Invalid data. Carries every problem found, each with the field it concerns.

    ``ValidationError(field="end", message="...")`` for one problem, or
    ``ValidationError(errors=[...])`` for several found at once, so a form can mark
    every faulty field in one go.
    """

    def __init__(
        self,
        field: str | None = None,
        message: str | None = None,
        *,
        errors: list[FieldError] | tuple[FieldError, ...] | None = None,
    ) -> None:
        found = list(errors or [])
        if message is not None:
            found.insert(0, FieldError(field or "", message))
        if not found:
            raise ValueError("ValidationError needs at least one problem")
        self.errors: tuple[FieldError, ...] = tuple(found)
        super().__init__("; ".join(e.message for e in self.errors))

    @property
    def field(self) -> str:
        return self.errors[0].field

    @property
    def message(self) -> str:
        return self.errors[0].message

    def by_field(self) -> dict[str, str]:
        """The first message for each field."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
        return out


class Problems:
    """Collects field errors while a record is checked, then raises them together."""

    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self._errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(errors=self._errors)


def _when(at: datetime, now: datetime | None = None) -> str:
    """A moment as the office reads it: "14.32" today, "3.12.2026 14.32" another day, in
    Finnish time."""
    local = at.astimezone(HELSINKI)
    today = (now or datetime.now(UTC)).astimezone(HELSINKI).date()
    clock = f"{local.hour}.{local.minute:02d}"
    if local.date() == today:
        return clock
    return f"{local.day}.{local.month}.{local.year} {clock}"


class ConcurrentChange(ValidationError):
    """A save or delete refused because another workstation changed or deleted the record
    after it was read. ``current`` is the record as stored now (None: it was deleted);
    ``changed_by`` and ``changed_at`` (UTC) say who stored that version and when.

    A ValidationError too, so that a form that does not offer the choices still shows
    the message and saves nothing."""

    def __init__(
        self, current: object | None, changed_by: str = "", changed_at: datetime | None = None
    ) -> None:
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__("", self.describe())

    @property
    def deleted(self) -> bool:
        return self.current is None

    def when(self, now: datetime | None = None) -> str:
        return _when(self.changed_at, now) if self.changed_at is not None else ""

    def describe(self, now: datetime | None = None) -> str:
        if self.deleted:
            return _("Another user deleted this record meanwhile.")
        who = self.changed_by or _("Another user")
        if self.changed_at is None:
            return _("{who} changed this record meanwhile.").format(who=who)
        return _("{who} changed this record at {time}.").format(who=who, time=self.when(now))


class DatabaseUnavailable(ValidationError):
    """A save, import or read the database could not serve just now: the file is locked
    by another workstation's save, or the server cannot be reached. Nothing was written.
    A ValidationError without a field, so a form shows it above its fields and keeps what
    was typed."""

    def __init__(self, message: str) -> None:
        super().__init__("", message)


class DatabaseBusy(DatabaseUnavailable):
    """Another workstation holds the database file's write lock longer than Oske waits."""

    def __init__(self) -> None:
        super().__init__(
            _("Another workstation is saving right now; try again in a moment. Nothing was saved.")
        )


class ServerUnreachable(DatabaseUnavailable):
    """The database server went away (stopped, restarted, or the network is down)."""

    def __init__(self, where: str) -> None:
        super().__init__(
            _(
                "The database server {where} cannot be reached; check the network connection "
                "and try again in a moment. Nothing was saved."
            ).format(where=where)
        )


MB = 1_000_000
SQLITE_FULL = 13


class DiskFull(OSError):
    """A file (a backup, an export, a report) that did not fit on its disk; nothing of it
    was left behind. ``needed`` is about what the whole file takes, in bytes."""

    def __init__(self, folder: str, needed: int, free: int) -> None:
        self.folder, self.needed, self.free = folder, needed, free
        message = _(
            "The disk is full: writing into {folder} needs about {needed} MB, and {free} MB "
            "is free. Nothing was written; make room and try again."
        ).format(folder=folder, needed=max(1, math.ceil(needed / MB)), free=free // MB)
        super().__init__(errno.ENOSPC, message)

    def __str__(self) -> str:
        return str(self.strerror)


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error says the disk (or the user's quota) is full: the operating
    system's ENOSPC or EDQUOT, or SQLite's SQLITE_FULL."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_FULL
