"""The board (hallitus): terms, seats with personal deputies, and meetings.

A term is elected by the general meeting; each seat in it holds a member and, optionally,
the member's personal deputy, who stands in for that member only. The rules that span the
seats of a term (one chair, one vice chair, nobody twice, nobody both member and deputy,
the cap of the articles) are checked by ``check_term`` over all of a term's seats, so the
form and the workbook import apply the same rules.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from domain.errors import FieldError, Problems, ValidationError
from domain.formats import format_date, format_period
from domain.i18n import N_, _
from domain.records import (
    CODE_MAX,
    NAME_MAX,
    NOTE_MAX,
    TITLE_MAX,
    TextLimit,
    check_dates,
    check_lengths,
    check_period,
    clean,
    new_id,
    require_text,
)


class BoardRole(enum.Enum):
    CHAIR = "chair"
    VICE_CHAIR = "vice chair"
    MEMBER = "member"
    EXPERT_MEMBER = "expert member"
    SECRETARY = "secretary"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])

    @property
    def rank(self) -> int:
        """The order in which the annual report lists the seats."""
        return list(BoardRole).index(self)

    @property
    def counts_towards_cap(self) -> bool:
        # The articles cap the members; the secretary is not a member of the board.
        return self is not BoardRole.SECRETARY


_ROLE_LABELS = {
    BoardRole.CHAIR: N_("chair"),
    BoardRole.VICE_CHAIR: N_("vice chair"),
    BoardRole.MEMBER: N_("member"),
    BoardRole.EXPERT_MEMBER: N_("expert member"),
    BoardRole.SECRETARY: N_("secretary"),
}
UNIQUE_ROLES = (BoardRole.CHAIR, BoardRole.VICE_CHAIR)


class MeetingKind(enum.Enum):
    BOARD = "board meeting"
    ANNUAL_GENERAL = "annual general meeting"
    EXTRAORDINARY_GENERAL = "extraordinary general meeting"

    @property
    def label(self) -> str:
        return _(_MEETING_LABELS[self])


_MEETING_LABELS = {
    MeetingKind.BOARD: N_("board meeting"),
    MeetingKind.ANNUAL_GENERAL: N_("annual general meeting"),
    MeetingKind.EXTRAORDINARY_GENERAL: N_("extraordinary general meeting"),
}


def person_key(last_name: str, first_name: str) -> str:
    """Who a name denotes: case and stray spaces do not make another person."""
    return " ".join(f"{last_name or ''} {first_name or ''}".split()).casefold()


@dataclass(eq=False)
class BoardTerm:
    """A term of office (toimikausi); ends inclusive, the end may be open."""

    start: date | None
    end: date | None = None
    note: str = ""  # e.g. the general meeting that elected the board
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {"note": TextLimit(NOTE_MAX, N_("Note"))}

    @property
    def period(self) -> str:
        return format_period(self.start, self.end)

    def overlaps(self, other: BoardTerm) -> bool:
        if self.start is None or other.start is None:
            return False
        ends_after = self.end is None or self.end >= other.start
        starts_before = other.end is None or self.start <= other.end
        return ends_after and starts_before

    def validate(self) -> None:
        p = Problems()
        if self.start is None:
            p.add("start", _("{field} is required").format(field=_("Start")))
        check_period(p, self.start, self.end)
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        self.note = clean(self.note)


def check_term_dates(term: BoardTerm, others: Iterable[BoardTerm]) -> None:
    """A term may not overlap another: on any day exactly one board is in office."""
    term.validate()
    for other in others:
        if other.id != term.id and term.overlaps(other):
            raise ValidationError(
                "start",
                _(
                    "The term overlaps the term {period}; on any day only one board is in office"
                ).format(period=other.period),
            )


@dataclass(eq=False)
class BoardSeat:
    """A seat in a term: the member and the member's personal deputy (both names or neither)."""

    term_id: str
    role: BoardRole
    member_last_name: str
    member_first_name: str
    member_title: str = ""
    member_organisation: str = ""
    deputy_last_name: str = ""
    deputy_first_name: str = ""
    deputy_organisation: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "member_last_name": TextLimit(NAME_MAX, N_("Member's last name")),
        "member_first_name": TextLimit(NAME_MAX, N_("Member's first name")),
        "member_title": TextLimit(TITLE_MAX, N_("Member's title")),
        "member_organisation": TextLimit(TITLE_MAX, N_("Member's organisation")),
        "deputy_last_name": TextLimit(NAME_MAX, N_("Deputy's last name")),
        "deputy_first_name": TextLimit(NAME_MAX, N_("Deputy's first name")),
        "deputy_organisation": TextLimit(TITLE_MAX, N_("Deputy's organisation")),
    }

    @property
    def member_name(self) -> str:
        """``Sukunimi Etunimi``, as the workbook and the tables write a person."""
        return f"{clean(self.member_last_name)} {clean(self.member_first_name)}".strip()

    @property
    def deputy_name(self) -> str:
        return f"{clean(self.deputy_last_name)} {clean(self.deputy_first_name)}".strip()

    @property
    def has_deputy(self) -> bool:
        return bool(clean(self.deputy_last_name) or clean(self.deputy_first_name))

    @property
    def member_key(self) -> str:
        return person_key(self.member_last_name, self.member_first_name)

    @property
    def deputy_key(self) -> str:
        return person_key(self.deputy_last_name, self.deputy_first_name) if self.has_deputy else ""

    def printed_member(self) -> str:
        """As the annual report prints a member: ``johtaja Mari Levonen, Porin kaupunki``."""
        name = f"{clean(self.member_first_name)} {clean(self.member_last_name)}"
        text = f"{clean(self.member_title)} {name}".strip()
        return (
            f"{text}, {clean(self.member_organisation)}"
            if clean(self.member_organisation)
            else text
        )

    def printed_deputy(self) -> str:
        if not self.has_deputy:
            return ""
        name = f"{clean(self.deputy_first_name)} {clean(self.deputy_last_name)}"
        return (
            f"{name}, {clean(self.deputy_organisation)}"
            if clean(self.deputy_organisation)
            else name
        )

    def validate(self) -> None:
        p = Problems()
        if self.role is None:
            p.add("role", _("{field} is required").format(field=_("Role")))
        require_text(p, "member_last_name", self.member_last_name, _("Member's last name"))
        require_text(p, "member_first_name", self.member_first_name, _("Member's first name"))
        last, first = clean(self.deputy_last_name), clean(self.deputy_first_name)
        if last and not first:
            p.add("deputy_first_name", _("Give the deputy's first name too, or neither name"))
        elif first and not last:
            p.add("deputy_last_name", _("Give the deputy's last name too, or neither name"))
        elif last and self.deputy_key == self.member_key:
            p.add("deputy_last_name", _("The deputy cannot be the member themself"))
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        for name in (
            "member_last_name",
            "member_first_name",
            "member_title",
            "member_organisation",
            "deputy_last_name",
            "deputy_first_name",
            "deputy_organisation",
        ):
            setattr(self, name, " ".join(clean(getattr(self, name)).split()))
        if not self.has_deputy:
            self.deputy_organisation = ""


def seat_order(seat: BoardSeat) -> tuple[int, str, str]:
    """Chair, vice chair, members, expert members, secretary; by name within a role."""
    return (seat.role.rank, seat.member_key, seat.id)


@dataclass(frozen=True)
class SeatProblem:
    seat_id: str
    field: str
    message: str


def check_term(
    seats: Sequence[BoardSeat], cap: int | None = None, *, seated: Iterable[str] = ()
) -> list[SeatProblem]:
    """The rules across the seats of one term. Earlier seats stand; later ones are at fault.

    ``seated`` are the IDs of seats already counted before: they count towards the cap but
    are never refused by it, so lowering the cap in the settings does not lock a sitting
    board out of corrections.
    """
    seated = set(seated)
    problems: list[SeatProblem] = []
    holders: dict[BoardRole, BoardSeat] = {}
    members: dict[str, BoardSeat] = {}
    deputies: dict[str, BoardSeat] = {}
    capped = 0
    for seat in seats:
        if seat.role in UNIQUE_ROLES:
            if seat.role in holders:
                problems.append(
                    SeatProblem(
                        seat.id,
                        "role",
                        _("This term already has a {role}: {name}").format(
                            role=seat.role.label, name=holders[seat.role].member_name
                        ),
                    )
                )
            else:
                holders[seat.role] = seat
        if seat.role is not None and seat.role.counts_towards_cap:
            capped += 1
            if cap is not None and capped > cap and seat.id not in seated:
                problems.append(
                    SeatProblem(
                        seat.id,
                        "role",
                        _(
                            "The board may have at most {cap} members (Settings); this term has them all already"
                        ).format(cap=cap),
                    )
                )
        member, deputy = seat.member_key, seat.deputy_key
        if member in members:
            problems.append(
                SeatProblem(
                    seat.id,
                    "member_last_name",
                    _("{name} already has a seat in this term").format(name=seat.member_name),
                )
            )
        elif member in deputies:
            problems.append(
                SeatProblem(
                    seat.id,
                    "member_last_name",
                    _(
                        "{name} is already a deputy in this term (for {member}); nobody can be both"
                    ).format(name=seat.member_name, member=deputies[member].member_name),
                )
            )
        else:
            members[member] = seat
        if deputy:
            if deputy in members:
                problems.append(
                    SeatProblem(
                        seat.id,
                        "deputy_last_name",
                        _("{name} is already a member in this term; nobody can be both").format(
                            name=seat.deputy_name
                        ),
                    )
                )
            elif deputy in deputies:
                problems.append(
                    SeatProblem(
                        seat.id,
                        "deputy_last_name",
                        _("{name} is already the deputy of {member} in this term").format(
                            name=seat.deputy_name, member=deputies[deputy].member_name
                        ),
                    )
                )
            else:
                deputies[deputy] = seat
    return problems


def check_seat(
    seat: BoardSeat,
    others: Iterable[BoardSeat],
    cap: int | None = None,
    *,
    seated: Iterable[str] = (),
) -> None:
    """Check one seat, added or edited, against the other seats of its term; every problem at once."""
    found: list[FieldError] = []
    try:
        seat.validate()
    except ValidationError as exc:
        found.extend(exc.errors)
    rest = [s for s in others if s.id != seat.id]
    marked = {e.field for e in found}
    found += [
        FieldError(p.field, p.message)
        for p in check_term([*rest, seat], cap, seated=seated)
        if p.seat_id == seat.id and p.field not in marked
    ]
    if found:
        raise ValidationError(errors=found)


def copy_seats(seats: Iterable[BoardSeat], term: BoardTerm) -> list[BoardSeat]:
    """The seats of a term, copied into another: most of a board usually continues."""
    return [
        BoardSeat(
            term_id=term.id,
            role=s.role,
            member_last_name=s.member_last_name,
            member_first_name=s.member_first_name,
            member_title=s.member_title,
            member_organisation=s.member_organisation,
            deputy_last_name=s.deputy_last_name,
            deputy_first_name=s.deputy_first_name,
            deputy_organisation=s.deputy_organisation,
        )
        for s in sorted(seats, key=seat_order)
    ]


def day_before(day: date) -> date:
    return day - timedelta(days=1)


@dataclass(eq=False)
class Meeting:
    """A board meeting or a general meeting."""

    held_on: date | None
    kind: MeetingKind
    number: str = ""  # e.g. 3/2022
    place: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "number": TextLimit(CODE_MAX, N_("Number")),
        "place": TextLimit(TITLE_MAX, N_("Place")),
        "notes": TextLimit(NOTE_MAX, N_("Notes")),
    }

    @property
    def full_name(self) -> str:
        """How the meeting is named in messages: ``hallituksen kokous 7.6.2022``."""
        return f"{self.kind.label} {format_date(self.held_on)}"

    def validate(self) -> None:
        p = Problems()
        if self.held_on is None:
            p.add("held_on", _("{field} is required").format(field=_("Date")))
        if self.kind is None:
            p.add("kind", _("{field} is required").format(field=_("Kind")))
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        for name in ("number", "place", "notes"):
            setattr(self, name, clean(getattr(self, name)))


def board_meeting_count(meetings: Iterable[Meeting], year: int) -> int:
    return sum(
        1 for m in meetings if m.kind is MeetingKind.BOARD and m.held_on and m.held_on.year == year
    )


def next_meeting_number(meetings: Iterable[Meeting], year: int) -> str:
    """The number the next board meeting of a year usually gets: ``4/2022`` after three."""
    return f"{board_meeting_count(meetings, year) + 1}/{year}"


def meeting_summary(meetings: Iterable[Meeting], year: int, *, association: bool = False) -> str:
    """The annual report's sentence: ``Hallitus kokoontui 7 kertaa vuonna 2022; varsinainen
    yhtiökokous pidettiin 7.6.2022.`` An association holds a vuosikokous instead."""
    meetings = [m for m in meetings if m.held_on and m.held_on.year == year]
    count = board_meeting_count(meetings, year)
    if count == 0:
        text = _("The board did not meet in {year}").format(year=year)
    elif count == 1:
        text = _("The board met once in {year}").format(year=year)
    else:
        text = _("The board met {n} times in {year}").format(n=count, year=year)
    general = {
        MeetingKind.ANNUAL_GENERAL: _("the annual meeting was held on {dates}")
        if association
        else _("the annual general meeting was held on {dates}"),
        MeetingKind.EXTRAORDINARY_GENERAL: _("an extraordinary meeting was held on {dates}")
        if association
        else _("an extraordinary general meeting was held on {dates}"),
    }
    for kind, phrase in general.items():
        days = sorted(m.held_on for m in meetings if m.kind is kind and m.held_on)
        if days:
            dates = _(" and ").join(format_date(d) for d in days)
            text += "; " + phrase.format(dates=dates)
    return text + "."


def meeting_years(years_with_meetings: Iterable[int], today: date) -> list[int]:
    """The years to choose from: every year with a meeting, and this year; newest first."""
    return sorted(set(years_with_meetings) | {today.year}, reverse=True)


SEAT_FIELDS = (
    "role",
    "member_last_name",
    "member_first_name",
    "member_title",
    "member_organisation",
    "deputy_last_name",
    "deputy_first_name",
    "deputy_organisation",
)


@dataclass(eq=False)
class TermSeat:
    """A seat together with its term's dates: one row of the workbook's Hallitus sheet."""

    term_start: date | None
    role: BoardRole
    member_last_name: str
    member_first_name: str
    term_end: date | None = None
    member_title: str = ""
    member_organisation: str = ""
    deputy_last_name: str = ""
    deputy_first_name: str = ""
    deputy_organisation: str = ""
    id: str = field(default_factory=new_id)

    @classmethod
    def of(cls, seat: BoardSeat, term: BoardTerm) -> TermSeat:
        return cls(
            term_start=term.start,
            term_end=term.end,
            id=seat.id,
            **{name: getattr(seat, name) for name in SEAT_FIELDS},
        )

    def seat(self, term_id: str) -> BoardSeat:
        return BoardSeat(
            term_id=term_id, id=self.id, **{name: getattr(self, name) for name in SEAT_FIELDS}
        )

    @property
    def full_name(self) -> str:
        return f"{clean(self.member_last_name)} {clean(self.member_first_name)}".strip()

    def validate(self) -> None:
        found: list[FieldError] = []
        if self.term_start is None:
            found.append(
                FieldError("term_start", _("{field} is required").format(field=_("Term start")))
            )
        elif self.term_end is not None and self.term_end < self.term_start:
            found.append(FieldError("term_end", _("The term ends before it starts")))
        dates = Problems()
        check_dates(dates, self)
        try:
            dates.raise_if_any()
        except ValidationError as exc:
            found.extend(exc.errors)
        try:
            self.seat("").validate()
        except ValidationError as exc:
            found.extend(exc.errors)
        if found:
            raise ValidationError(errors=found)

    def tidy(self) -> None:
        seat = self.seat("")
        seat.tidy()
        for name in SEAT_FIELDS:
            setattr(self, name, getattr(seat, name))
