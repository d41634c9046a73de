"""The case log's rules as a user meets them: no identity in free text, the title by date,
the statistics tables, the reference checks, and the guardian requests.

Plain domain objects only, no Qt, no database. Messages are not compared (their Finnish
translations are the lead's); the field an error names is, as the form shows it there.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.caselog import (
    MAX_MINUTES,
    AdvocateTitle,
    AreaRow,
    CaseEvent,
    GuardianRequest,
    Matter,
    Outcome,
    ReferenceKind,
    ReferenceValue,
    Sector,
    advocate_title,
    area_table,
    check_references,
    hours,
    request_counts,
    tallies,
)
from domain.errors import ValidationError
from domain.i18n import _, set_language

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code(birth: str, sign: str, individual: str) -> str:
    """A code with the real check character: ``DDMMYYNNN`` modulo 31."""
    return f"{birth}{sign}{individual}{CHECK_CHARACTERS[int(birth + individual) % 31]}"


# A real birth date for each century sign: + 1800s, - Y X W V U 1900s, A–F 2000s.
VALID_CODES = [
    identity_code("010185", "+", "123"),
    identity_code("131052", "-", "308"),
    identity_code("240779", "Y", "456"),
    identity_code("050566", "X", "271"),
    identity_code("300990", "W", "044"),
    identity_code("171148", "V", "635"),
    identity_code("290260", "U", "912"),
    identity_code("150312", "A", "077"),
    identity_code("010105", "B", "388"),
    identity_code("291208", "C", "519"),
    identity_code("070615", "D", "203"),
    identity_code("311019", "E", "846"),
    identity_code("020222", "F", "150"),
    "131052-308T",  # the example of the identity-code specification
    "010594Y9021",  # a temporary code (individual number 900–999): personal data too
]

NOT_IDENTITY_CODES = [
    "Soitti takaisin 040 123 4567.",
    "Syntynyt 13.10.1952, asia vireillä 1.3.2024.",
    "Lasku 20240315, summa 128,50 €.",
    "Y-tunnus 1572860-0.",
    "Asianumero 123456-7890",  # the pattern of a code, but no 34th month
    "131052-308U",  # a code with a wrong check character
    identity_code("310252", "-", "308"),  # 31 February: no such day, whatever the check character
]


def event(**changes) -> CaseEvent:
    fields = {
        "day": date(2024, 3, 15),
        "area": "Pirkanmaan hyvinvointialue",
        "sector": Sector.HEALTH,
    }
    fields.update(changes)
    return CaseEvent(**fields)


def request(**changes) -> GuardianRequest:
    fields = {"day": date(2024, 5, 6), "requester_id": "police", "matter": Matter.CRIMINAL}
    fields.update(changes)
    return GuardianRequest(**fields)


def errors_of(record) -> dict[str, str]:
    """The fields the record's validation complains about ({} when it is fine)."""
    try:
        record.validate()
    except ValidationError as exc:
        return exc.by_field()
    return {}


def value(
    kind: ReferenceKind, name: str, position: int, sector: Sector | None = None, **kw
) -> ReferenceValue:
    return ReferenceValue(kind, name, name, sector=sector, position=position, id=name, **kw)


# --------------------------------------------------------------------------- identity codes


def test_the_helper_reproduces_the_check_character_of_the_example():
    assert identity_code("131052", "-", "308") == "131052-308T"


@pytest.mark.parametrize("code", VALID_CODES)
def test_a_summary_with_a_personal_identity_code_is_refused(code):
    assert "summary" in errors_of(event(summary=f"Asiakas {code} kysyi maksuista."))


@pytest.mark.parametrize("code", VALID_CODES)
def test_a_guardian_request_reference_with_a_personal_identity_code_is_refused(code):
    assert "reference" in errors_of(request(reference=code))


def test_a_code_written_in_lower_case_is_refused_too():
    assert "summary" in errors_of(event(summary="tunnus 010594y9021"))


@pytest.mark.parametrize("text", NOT_IDENTITY_CODES)
def test_a_summary_with_numbers_that_are_not_an_identity_code_is_accepted(text):
    assert errors_of(event(summary=text)) == {}


@pytest.mark.parametrize("text", NOT_IDENTITY_CODES)
def test_a_request_reference_with_numbers_that_are_not_an_identity_code_is_accepted(text):
    assert errors_of(request(reference=text)) == {}


# --------------------------------------------------------------------------- case events


def test_an_event_needs_a_date_an_area_and_a_sector():
    assert set(errors_of(CaseEvent(day=None, area=" ", sector=None))) == {"day", "area", "sector"}


def test_negative_minutes_are_refused():
    assert "minutes" in errors_of(event(minutes=-5))


def test_minutes_above_a_working_week_are_refused():
    assert "minutes" in errors_of(event(minutes=MAX_MINUTES + 1))


def test_a_full_working_week_and_zero_minutes_are_accepted():
    assert errors_of(event(minutes=MAX_MINUTES)) == {}
    assert errors_of(event(minutes=0)) == {}


def test_tidying_drops_a_reason_chosen_twice():
    e = event(reason_ids=["fees", "decision", "fees"])
    e.tidy()
    assert e.reason_ids == ["fees", "decision"]


# --------------------------------------------------------------------------- the title


def test_the_last_day_of_2023_is_the_ombudsman_s():
    assert advocate_title(date(2023, 12, 31)) is AdvocateTitle.OMBUDSMAN


def test_the_first_day_of_2024_is_the_advocate_s():
    assert advocate_title(date(2024, 1, 1)) is AdvocateTitle.ADVOCATE


def test_a_period_spanning_the_change_names_both_titles():
    assert advocate_title(date(2023, 7, 1), date(2024, 6, 30)) is AdvocateTitle.BOTH


def test_a_year_before_the_change_is_the_ombudsman_s_to_its_last_day():
    assert advocate_title(date(2023, 1, 1), date(2023, 12, 31)) is AdvocateTitle.OMBUDSMAN


def test_the_column_header_follows_the_title():
    set_language("en")
    assert [advocate_title(date(2023, 12, 31)).noun, advocate_title(date(2024, 1, 1)).noun] == [
        "Ombudsman",
        "Advocate",
    ]


# --------------------------------------------------------------------------- the area table

SERVED = ["Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue"]
COUNTS = {
    ("Pirkanmaan hyvinvointialue", Sector.SOCIAL): 2,
    ("Pirkanmaan hyvinvointialue", Sector.HEALTH): 7,
    ("Kymsote", Sector.SOCIAL): 3,
    ("Eksote", Sector.HEALTH): 5,
    ("Ahvenanmaa", Sector.HEALTH): 1,
}


def test_the_area_table_lists_the_served_areas_first_then_the_others_alphabetically():
    assert [r.area for r in area_table(COUNTS, SERVED).rows] == [
        "Pirkanmaan hyvinvointialue",
        "Kanta-Hämeen hyvinvointialue",
        "Ahvenanmaa",
        "Eksote",
        "Kymsote",
    ]


def test_a_served_area_without_events_has_a_row_of_zeros():
    assert area_table(COUNTS, SERVED).rows[1] == AreaRow("Kanta-Hämeen hyvinvointialue", 0, 0)


def test_the_area_table_puts_social_and_health_side_by_side():
    row = area_table(COUNTS, SERVED).rows[0]
    assert (row.social, row.health, row.total) == (2, 7, 9)


def test_the_area_table_totals_each_sector_and_both():
    table = area_table(COUNTS, SERVED)
    assert (table.social, table.health, table.total) == (5, 13, 18)


def test_an_area_written_in_another_case_counts_in_the_served_area_s_row():
    counts = {
        ("pirkanmaan hyvinvointialue ", Sector.SOCIAL): 4,
        ("Pirkanmaan hyvinvointialue", Sector.SOCIAL): 1,
    }
    assert area_table(counts, SERVED).rows[0] == AreaRow("Pirkanmaan hyvinvointialue", 5, 0)


# --------------------------------------------------------------------------- tallies

SOCIAL_AREAS = [
    value(ReferenceKind.SERVICE_AREA, n, i, Sector.SOCIAL)
    for i, n in enumerate(["iäkkäiden palvelut", "lastensuojelu", "vammaispalvelut"], start=1)
]
HEALTH_AREAS = [
    value(ReferenceKind.SERVICE_AREA, n, i, Sector.HEALTH)
    for i, n in enumerate(["sairaala", "terveysasema"], start=1)
]
CHANNELS = [
    value(ReferenceKind.CHANNEL, n, i)
    for i, n in enumerate(["puhelin", "sähköposti", "kirje"], start=1)
]
VALUES = {v.id: v for v in [*HEALTH_AREAS, *SOCIAL_AREAS, *CHANNELS]}


def test_tallies_follow_the_list_order_not_the_counts():
    counts = {"kirje": 9, "puhelin": 2, "sähköposti": 5}
    assert [(t.label, t.count) for t in tallies(counts, VALUES, ReferenceKind.CHANNEL)] == [
        ("puhelin", 2),
        ("sähköposti", 5),
        ("kirje", 9),
    ]


def test_tallies_leave_out_values_never_used():
    assert [t.label for t in tallies({"kirje": 1}, VALUES, ReferenceKind.CHANNEL)] == ["kirje"]


def test_events_without_a_value_come_last_as_not_given():
    out = tallies({None: 4, "puhelin": 3}, VALUES, ReferenceKind.CHANNEL)
    assert [(t.label, t.count) for t in out] == [("puhelin", 3), (_("(not given)"), 4)]


def test_service_areas_are_tallied_social_welfare_first_then_health_care():
    counts = {"sairaala": 1, "vammaispalvelut": 2, "terveysasema": 3, "iäkkäiden palvelut": 4}
    out = tallies(counts, VALUES, ReferenceKind.SERVICE_AREA)
    assert [(t.label, t.sector) for t in out] == [
        ("iäkkäiden palvelut", Sector.SOCIAL),
        ("vammaispalvelut", Sector.SOCIAL),
        ("sairaala", Sector.HEALTH),
        ("terveysasema", Sector.HEALTH),
    ]


def test_a_retired_value_still_counts_and_is_marked():
    retired = value(ReferenceKind.CHANNEL, "faksi", 4, retired=True)
    out = tallies({"faksi": 2}, {**VALUES, retired.id: retired}, ReferenceKind.CHANNEL)
    assert [(t.label, t.count, t.retired) for t in out] == [("faksi", 2, True)]


# --------------------------------------------------------------------------- check_references

NATURE = value(ReferenceKind.NATURE, "tyytymättömyys", 1)
REASON = value(ReferenceKind.REASON, "maksut", 1)
OLD_REASON = value(ReferenceKind.REASON, "vanha syy", 2, retired=True)
POLICE = value(ReferenceKind.REQUESTER, "poliisi", 1)
ALL = {v.id: v for v in [*VALUES.values(), NATURE, REASON, OLD_REASON, POLICE]}


def reference_errors(record, **kw) -> dict[str, str]:
    try:
        check_references(record, ALL, **kw)
    except ValidationError as exc:
        return exc.by_field()
    return {}


def test_an_event_whose_values_fit_their_lists_passes():
    e = event(
        sector=Sector.HEALTH,
        service_area_id="sairaala",
        nature_id="tyytymättömyys",
        reason_ids=["maksut"],
        channel_id="puhelin",
    )
    assert reference_errors(e) == {}


def test_a_value_of_another_list_is_refused():
    assert set(reference_errors(event(nature_id="puhelin", reason_ids=["tyytymättömyys"]))) == {
        "nature_id",
        "reason_ids",
    }


def test_a_value_that_no_list_has_is_refused():
    assert "channel_id" in reference_errors(event(channel_id="kyyhkyspostia"))


def test_a_retired_value_is_refused_on_a_new_event():
    assert "reason_ids" in reference_errors(event(reason_ids=["vanha syy"]))


def test_a_retired_value_the_event_already_had_is_accepted():
    assert reference_errors(event(reason_ids=["vanha syy"]), allow_retired={"vanha syy"}) == {}


def test_a_service_area_of_the_other_sector_is_refused():
    assert "service_area_id" in reference_errors(
        event(sector=Sector.SOCIAL, service_area_id="sairaala")
    )


def test_a_request_names_a_requester_from_the_requester_list():
    assert reference_errors(request(requester_id="poliisi")) == {}
    assert "requester_id" in reference_errors(request(requester_id="puhelin"))


# --------------------------------------------------------------------------- guardian requests


def test_a_request_closed_before_it_was_made_is_refused():
    assert "closed" in errors_of(request(day=date(2024, 5, 6), closed=date(2024, 5, 5)))


def test_a_request_closed_on_its_own_day_is_accepted():
    assert (
        errors_of(request(day=date(2024, 5, 6), closed=date(2024, 5, 6), outcome=Outcome.CANCELLED))
        == {}
    )


def test_a_request_marked_placed_must_name_the_guardian():
    assert "guardian_id" in errors_of(request(outcome=Outcome.PLACED))


def test_a_placed_request_naming_its_guardian_is_accepted():
    assert errors_of(request(outcome=Outcome.PLACED, guardian_id="g1")) == {}


def test_a_request_needs_a_requester_and_a_matter():
    assert set(errors_of(request(requester_id=None, matter=None))) == {"requester_id", "matter"}


def test_a_request_without_an_outcome_is_open_after_tidying():
    r = request(outcome=None)
    r.tidy()
    assert r.outcome is Outcome.OPEN


def test_request_counts_count_only_the_year_s_requests():
    requests = [
        request(day=date(2023, 12, 31)),
        request(
            day=date(2024, 1, 1),
            matter=Matter.CHILD_WELFARE,
            outcome=Outcome.PLACED,
            guardian_id="g",
        ),
        request(day=date(2024, 6, 1)),
        request(day=date(2024, 12, 31), matter=Matter.CHILD_WELFARE, outcome=Outcome.NONE_FOUND),
    ]
    counts = request_counts(2024, requests, ALL)
    assert counts.total == 3
    assert counts.by_matter == {Matter.CRIMINAL: 1, Matter.CHILD_WELFARE: 2}
    assert counts.by_outcome == {
        Outcome.OPEN: 1,
        Outcome.PLACED: 1,
        Outcome.NONE_FOUND: 1,
        Outcome.CANCELLED: 0,
    }


def test_request_counts_tally_the_requesters_by_name():
    requests = [request(requester_id="poliisi"), request(requester_id="poliisi")]
    assert [(t.label, t.count) for t in request_counts(2024, requests, ALL).by_requester] == [
        ("poliisi", 2)
    ]


# --------------------------------------------------------------------------- hours


@pytest.mark.parametrize(
    ("minutes", "shown"), [(0, "0.0"), (90, "1.5"), (3, "0.1"), (2, "0.0"), (125, "2.1")]
)
def test_minutes_are_shown_as_hours_with_one_decimal_rounded_half_up(minutes, shown):
    assert hours(minutes) == Decimal(shown)
    assert str(hours(minutes)) == shown
