"""The advocate case log: ombudsman case events, their statistics, and child-guardian coordination.

Client data is sensitive: no record here names a client, and the free-text fields refuse a
Finnish personal identity code. Classifications (service area, nature, reason, …) are
reference values kept in the database, so the office can add, rename and retire them; a
retired value stays on old events and in old statistics but is no longer offered.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from domain.errors import Problems
from domain.i18n import N_, _, current_language
from domain.identifiers import contains_personal_identity_code
from domain.records import (
    EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    PHONE_MAX,
    TITLE_MAX,
    TextLimit,
    check_email,
    check_lengths,
    clean,
    finnish_key,
    match_key,
    new_id,
    require_text,
)

# Act 739/2023: from this day the ombudsman (asiamies) is called asiavastaava.
TITLE_CHANGE = date(2024, 1, 1)
# A case event longer than a working week is a typing mistake, not client work.
MAX_MINUTES = 5 * 8 * 60


class Sector(enum.Enum):
    SOCIAL = "social welfare"  # Act 812/2000
    HEALTH = "health care"  # Act 785/1992

    @property
    def label(self) -> str:
        return _(_SECTOR_LABELS[self])


_SECTOR_LABELS = {Sector.SOCIAL: N_("social welfare"), Sector.HEALTH: N_("health care")}


class Provider(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return _(_PROVIDER_LABELS[self])


_PROVIDER_LABELS = {Provider.PUBLIC: N_("public"), Provider.PRIVATE: N_("private")}


class Language(enum.Enum):
    FINNISH = "Finnish"
    SWEDISH = "Swedish"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_LANGUAGE_LABELS[self])


_LANGUAGE_LABELS = {
    Language.FINNISH: N_("Finnish"),
    Language.SWEDISH: N_("Swedish"),
    Language.OTHER: N_("other language"),
}


class Matter(enum.Enum):
    """What a child's guardian is requested for; the annual report counts children by it."""

    CRIMINAL = "criminal matter"
    CHILD_WELFARE = "child-welfare matter"

    @property
    def label(self) -> str:
        return _(_MATTER_LABELS[self])


_MATTER_LABELS = {
    Matter.CRIMINAL: N_("criminal matter"),
    Matter.CHILD_WELFARE: N_("child-welfare matter"),
}


class Outcome(enum.Enum):
    OPEN = "open"
    PLACED = "placed"
    NONE_FOUND = "none found"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    Outcome.OPEN: N_("open"),
    Outcome.PLACED: N_("guardian placed"),
    Outcome.NONE_FOUND: N_("none found"),
    Outcome.CANCELLED: N_("cancelled"),
}


class ReferenceKind(enum.Enum):
    """The reference lists the office edits in the settings."""

    SERVICE_AREA = "service area"
    NATURE = "nature"
    REASON = "reason"
    CONTACT_BY = "contact by"
    CHANNEL = "channel"
    MEASURE = "measure"
    REQUESTER = "requester"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def multiple(self) -> bool:
        """Whether one case event may carry several values of this list."""
        return self in (ReferenceKind.REASON, ReferenceKind.MEASURE)


_KIND_LABELS = {
    ReferenceKind.SERVICE_AREA: N_("Service areas"),
    ReferenceKind.NATURE: N_("Natures of the case"),
    ReferenceKind.REASON: N_("Reasons"),
    ReferenceKind.CONTACT_BY: N_("Contacts by"),
    ReferenceKind.CHANNEL: N_("Channels"),
    ReferenceKind.MEASURE: N_("Measures"),
    ReferenceKind.REQUESTER: N_("Guardian requesters"),
}


@dataclass(eq=False)
class ReferenceValue:
    """One value of a reference list, named in Finnish and (optionally) in English."""

    kind: ReferenceKind
    name_fi: str
    name_en: str = ""
    sector: Sector | None = None  # service areas only: each belongs to one sector
    position: int = 0
    retired: bool = False
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "name_fi": TextLimit(TITLE_MAX, N_("Finnish name")),
        "name_en": TextLimit(TITLE_MAX, N_("English name")),
    }

    @property
    def label(self) -> str:
        """The name in the interface language (Finnish when no English name is given)."""
        if current_language() == "en" and clean(self.name_en):
            return self.name_en
        return self.name_fi

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and clean(self.name_en) else self.name_fi

    def answers_to(self, text: str) -> bool:
        """Whether ``text`` names this value, in Finnish or English, whatever the case."""
        key = match_key(text)
        return bool(key) and key in (clean(self.name_fi).casefold(), clean(self.name_en).casefold())

    def tidy(self) -> None:
        self.name_fi = " ".join(self.name_fi.split())
        self.name_en = " ".join(self.name_en.split())
        if self.kind is not ReferenceKind.SERVICE_AREA:
            self.sector = None

    def validate(self) -> None:
        p = Problems()
        require_text(p, "name_fi", self.name_fi, _("Finnish name"))
        if self.kind is ReferenceKind.SERVICE_AREA and self.sector is None:
            p.add(
                "sector",
                _("A service area belongs to a sector: choose social welfare or health care"),
            )
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()


def check_reference_name(value: ReferenceValue, others: Iterable[ReferenceValue]) -> None:
    """A name is used once per list (per sector for service areas), in either language."""
    p = Problems()
    for other in others:
        if other.id == value.id or other.kind is not value.kind or other.sector is not value.sector:
            continue
        for key, name in (("name_fi", value.name_fi), ("name_en", value.name_en)):
            if clean(name) and (other.answers_to(name)) and not p.has(key):
                p.add(key, _("“{name}” is already in the list").format(name=clean(name)))
    p.raise_if_any()


def check_free_text(
    problems: Problems, field_name: str, text: str, label: str, *, strict: bool = False
) -> None:
    """Free text in the case log may not hold a personal identity code, however disguised
    (``strict``: a short field, where a bare ten-character code is looked for too). The
    message names the field and never repeats the code."""
    if problems.has(field_name):  # too long, or a control character: said already
        return
    if contains_personal_identity_code(text, strict=strict):
        problems.add(
            field_name,
            _(
                "{field} contains a personal identity code. The case log holds no client identity: "
                "remove it, or write a non-identifying reference instead."
            ).format(field=label),
        )


# --------------------------------------------------------------------------- case events


@dataclass(eq=False)
class CaseEvent:
    """One contact with the ombudsman: when, where, which sector, what about, what was done.

    ``reason_ids`` and ``measure_ids`` hold several reference values each; the others one.
    """

    day: date | None
    area: str
    sector: Sector | None
    ombudsman_id: str | None = None
    municipality: str = ""
    service_area_id: str | None = None
    nature_id: str | None = None
    reason_ids: list[str] = field(default_factory=list)
    contact_by_id: str | None = None
    channel_id: str | None = None
    measure_ids: list[str] = field(default_factory=list)
    provider: Provider | None = None
    language: Language | None = None
    minutes: int | None = None
    summary: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "area": TextLimit(TITLE_MAX, N_("Area")),
        "municipality": TextLimit(NAME_MAX, N_("Municipality")),
        "summary": TextLimit(NOTE_MAX, N_("Summary")),
    }

    def tidy(self) -> None:
        self.area = clean(self.area)
        self.municipality = clean(self.municipality)
        self.summary = clean(self.summary)
        self.reason_ids = list(dict.fromkeys(self.reason_ids or []))
        self.measure_ids = list(dict.fromkeys(self.measure_ids or []))

    def validate(self) -> None:
        p = Problems()
        if self.day is None:
            p.add("day", _("{field} is required").format(field=_("Date")))
        require_text(p, "area", self.area, _("Area"))
        if self.sector is None:
            p.add("sector", _("{field} is required").format(field=_("Sector")))
        if self.minutes is not None and not 0 <= self.minutes <= MAX_MINUTES:
            p.add(
                "minutes",
                _("Time spent must be between 0 and {max} minutes").format(max=MAX_MINUTES),
            )
        check_lengths(p, self, self.TEXT_LIMITS)
        check_free_text(p, "area", self.area, _("Area"), strict=True)
        check_free_text(p, "municipality", self.municipality, _("Municipality"), strict=True)
        check_free_text(p, "summary", self.summary, _("Summary"))
        p.raise_if_any()

    def reference_ids(self) -> dict[str, list[str]]:
        """The reference values this event names, by field."""
        single = {
            "service_area_id": self.service_area_id,
            "nature_id": self.nature_id,
            "contact_by_id": self.contact_by_id,
            "channel_id": self.channel_id,
        }
        out = {k: [v] for k, v in single.items() if v}
        out["reason_ids"] = list(self.reason_ids)
        out["measure_ids"] = list(self.measure_ids)
        return out


FIELD_KINDS: dict[str, ReferenceKind] = {
    "service_area_id": ReferenceKind.SERVICE_AREA,
    "nature_id": ReferenceKind.NATURE,
    "reason_ids": ReferenceKind.REASON,
    "contact_by_id": ReferenceKind.CONTACT_BY,
    "channel_id": ReferenceKind.CHANNEL,
    "measure_ids": ReferenceKind.MEASURE,
    "requester_id": ReferenceKind.REQUESTER,
}


def check_references(
    record: CaseEvent | GuardianRequest,
    values: Mapping[str, ReferenceValue],
    *,
    allow_retired: Iterable[str] = (),
) -> None:
    """The record's classifications exist, are of the right list, and fit the event's sector.

    A retired value is refused unless it is in ``allow_retired`` (the values the stored
    record already had, or every value when a workbook brings old rows back).
    """
    kept = allow_retired if isinstance(allow_retired, AbstractSet) else set(allow_retired)
    p = Problems()
    if isinstance(record, CaseEvent):
        named = record.reference_ids()
    else:
        named = {"requester_id": [record.requester_id] if record.requester_id else []}
    for key, ids in named.items():
        kind = FIELD_KINDS[key]
        for value_id in ids:
            value = values.get(value_id)
            if value is None or value.kind is not kind:
                p.add(key, _("Not a value of the list “{list}”").format(list=kind.label))
            elif value.retired and value_id not in kept:
                p.add(
                    key,
                    _("“{name}” has been retired from the list “{list}”").format(
                        name=value.label, list=kind.label
                    ),
                )
            elif (
                isinstance(record, CaseEvent)
                and kind is ReferenceKind.SERVICE_AREA
                and record.sector is not None
                and value.sector is not record.sector
            ):
                p.add(
                    key,
                    _(
                        "“{name}” is a service area of {sector}, but the event is in {event_sector}"
                    ).format(
                        name=value.label,
                        sector=value.sector.label if value.sector else "",
                        event_sector=record.sector.label,
                    ),
                )
    p.raise_if_any()


# --------------------------------------------------------------------------- the title


class AdvocateTitle(enum.Enum):
    OMBUDSMAN = "ombudsman"  # sosiaali- ja potilasasiamies, until 31.12.2023
    ADVOCATE = "advocate"  # sosiaali- ja potilasasiavastaava, from 1.1.2024
    BOTH = "both"  # a period that spans the change

    @property
    def noun(self) -> str:
        """The short title, as a column header: ``Asiamies``, ``Asiavastaava``."""
        return _(_NOUNS[self])

    @property
    def statistics_heading(self) -> str:
        return _(_HEADINGS[self])


_NOUNS = {
    AdvocateTitle.OMBUDSMAN: N_("Ombudsman"),
    AdvocateTitle.ADVOCATE: N_("Advocate"),
    AdvocateTitle.BOTH: N_("Ombudsman / advocate"),
}
_HEADINGS = {
    AdvocateTitle.OMBUDSMAN: N_("Case events of the social and patient ombudsman"),
    AdvocateTitle.ADVOCATE: N_("Case events of the social and patient advocate"),
    AdvocateTitle.BOTH: N_("Case events of the social and patient ombudsman / advocate"),
}


def advocate_title(start: date, end: date | None = None) -> AdvocateTitle:
    """*Asiamies* for a period before 1.1.2024, *asiavastaava* from then on (Act 739/2023)."""
    end = end or start
    if end < TITLE_CHANGE:
        return AdvocateTitle.OMBUDSMAN
    if start >= TITLE_CHANGE:
        return AdvocateTitle.ADVOCATE
    return AdvocateTitle.BOTH


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class AreaRow:
    area: str
    social: int
    health: int

    @property
    def total(self) -> int:
        return self.social + self.health


@dataclass(frozen=True)
class AreaTable:
    """Case events per area, social welfare and health care side by side (the annual report's table)."""

    rows: tuple[AreaRow, ...]

    @property
    def social(self) -> int:
        return sum(r.social for r in self.rows)

    @property
    def health(self) -> int:
        return sum(r.health for r in self.rows)

    @property
    def total(self) -> int:
        return self.social + self.health


def area_table(counts: Mapping[tuple[str, Sector], int], served: Sequence[str] = ()) -> AreaTable:
    """The table from counts per (area, sector): the areas served first in their order,
    then any other area found in the events, alphabetically. A served area without events
    has a row of zeros, so the report shows that it was served."""
    areas: dict[str, None] = {}
    by_key = {clean(a).casefold(): a for a in served}
    for area in served:
        areas.setdefault(area)
    others = sorted(
        {a for a, _s in counts if clean(a).casefold() not in by_key},
        key=lambda a: (finnish_key(a), a),
    )
    for area in others:
        areas.setdefault(area)

    def count(area: str, sector: Sector) -> int:
        key = clean(area).casefold()
        return sum(n for (a, s), n in counts.items() if s is sector and clean(a).casefold() == key)

    return AreaTable(
        tuple(AreaRow(a, count(a, Sector.SOCIAL), count(a, Sector.HEALTH)) for a in areas)
    )


@dataclass(frozen=True)
class Tally:
    """How many events carry one value of a list (a retired value still counts)."""

    label: str
    count: int
    sector: Sector | None = None
    retired: bool = False


def tallies(
    counts: Mapping[str | None, int], values: Mapping[str, ReferenceValue], kind: ReferenceKind
) -> list[Tally]:
    """Counts per value of one list, in the list's order (service areas by sector first);
    values never used are left out, events without a value come last as “(not given)”."""
    listed = sorted(
        (v for v in values.values() if v.kind is kind and counts.get(v.id)),
        key=lambda v: (
            0 if v.sector is None else list(Sector).index(v.sector),
            v.position,
            finnish_key(v.name_fi),
        ),
    )
    out = [Tally(v.label, counts[v.id], v.sector, v.retired) for v in listed]
    missing = counts.get(None, 0)
    if missing:
        out.append(Tally(_("(not given)"), missing))
    return out


def hours(minutes: int) -> Decimal:
    """Minutes as hours with one decimal, as the statistics print time spent."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CaseStatistics:
    start: date
    end: date
    areas: AreaTable
    service_areas: list[Tally]
    natures: list[Tally]
    reasons: list[Tally]
    measures: list[Tally]
    contacts_by: list[Tally]
    channels: list[Tally]
    minutes: Mapping[Sector, int]

    @property
    def title(self) -> AdvocateTitle:
        return advocate_title(self.start, self.end)

    @property
    def total(self) -> int:
        return self.areas.total

    def hours(self, sector: Sector | None = None) -> Decimal:
        if sector is None:
            return hours(sum(self.minutes.values()))
        return hours(self.minutes.get(sector, 0))


# --------------------------------------------------------------------------- guardians


@dataclass(eq=False)
class Guardian:
    """A volunteer or professional in the guardian bank (edunvalvojapankki)."""

    last_name: str
    first_name: str
    phone: str = ""
    email: str = ""
    area: str = ""
    active: bool = True
    background: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "last_name": TextLimit(NAME_MAX, N_("Last name")),
        "first_name": TextLimit(NAME_MAX, N_("First name")),
        "phone": TextLimit(PHONE_MAX, N_("Phone")),
        "email": TextLimit(EMAIL_MAX, N_("Email")),
        "area": TextLimit(TITLE_MAX, N_("Area")),
        "background": TextLimit(TITLE_MAX, N_("Background")),
        "notes": TextLimit(NOTE_MAX, N_("Notes")),
    }

    @property
    def full_name(self) -> str:
        return f"{clean(self.last_name)} {clean(self.first_name)}".strip()

    def tidy(self) -> None:
        for name in ("last_name", "first_name", "phone", "email", "area", "background"):
            setattr(self, name, clean(getattr(self, name)))
        self.notes = clean(self.notes)

    def validate(self) -> None:
        p = Problems()
        require_text(p, "last_name", self.last_name, _("Last name"))
        require_text(p, "first_name", self.first_name, _("First name"))
        check_lengths(p, self, self.TEXT_LIMITS)
        check_email(p, "email", self.email)
        for name in ("last_name", "first_name", "area", "background"):
            check_free_text(
                p, name, getattr(self, name), _(self.TEXT_LIMITS[name].label), strict=True
            )
        check_free_text(p, "notes", self.notes, _("Notes"))
        p.raise_if_any()


@dataclass(eq=False)
class GuardianRequest:
    """A request for a child's guardian: one per child. ``reference`` never identifies the child."""

    day: date | None
    requester_id: str | None
    matter: Matter | None
    area: str = ""
    reference: str = ""
    guardian_id: str | None = None
    outcome: Outcome = Outcome.OPEN
    closed: date | None = None
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "area": TextLimit(TITLE_MAX, N_("Area")),
        "reference": TextLimit(TITLE_MAX, N_("Reference")),
    }

    def tidy(self) -> None:
        self.area = clean(self.area)
        self.reference = clean(self.reference)
        if self.outcome is None:
            self.outcome = Outcome.OPEN

    def validate(self) -> None:
        p = Problems()
        if self.day is None:
            p.add("day", _("{field} is required").format(field=_("Date")))
        if not self.requester_id:
            p.add("requester_id", _("{field} is required").format(field=_("Requester")))
        if self.matter is None:
            p.add("matter", _("{field} is required").format(field=_("Matter")))
        if self.day and self.closed and self.closed < self.day:
            p.add("closed", _("The closing date is before the request date"))
        if self.outcome is Outcome.PLACED and not self.guardian_id:
            p.add("guardian_id", _("Name the guardian who was placed"))
        check_lengths(p, self, self.TEXT_LIMITS)
        check_free_text(p, "area", self.area, _("Area"), strict=True)
        check_free_text(p, "reference", self.reference, _("Reference"), strict=True)
        p.raise_if_any()


@dataclass(frozen=True)
class RequestCounts:
    """A year's guardian requests: each is one child."""

    year: int
    total: int
    by_matter: Mapping[Matter, int]
    by_requester: list[Tally]
    by_outcome: Mapping[Outcome, int]


def request_counts(
    year: int,
    requests: Iterable[GuardianRequest],
    values: Mapping[str, ReferenceValue],
) -> RequestCounts:
    """Counts over the requests dated in ``year`` (a year's requests are few: counted here)."""
    of_year = [r for r in requests if r.day is not None and r.day.year == year]
    by_matter = {m: sum(1 for r in of_year if r.matter is m) for m in Matter}
    by_outcome = {o: sum(1 for r in of_year if r.outcome is o) for o in Outcome}
    requester_counts: dict[str | None, int] = {}
    for r in of_year:
        requester_counts[r.requester_id] = requester_counts.get(r.requester_id, 0) + 1
    return RequestCounts(
        year,
        len(of_year),
        by_matter,
        tallies(requester_counts, values, ReferenceKind.REQUESTER),
        by_outcome,
    )
