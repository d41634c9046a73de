"""The case-log statistics counted by SQL agree with a plain count over the events themselves.

A few hundred events are made up with a seeded random generator (areas, both sectors,
service areas of the event's sector, 0–3 reasons and measures, minutes, dates over two
years), saved through the services, and every figure of ``case_statistics`` is compared
with a brute-force count in Python."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from domain.caselog import CaseEvent, CaseStatistics, ReferenceKind, ReferenceValue, Sector, Tally
from domain.i18n import _
from domain.organisation import Organisation
from services.caselog import case_statistics, check_case_event, save_case_event, set_retired
from tests.databases import new_database

SERVED = [
    "Pirkanmaan hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Etelä-Karjalan hyvinvointialue",
]
# Kymsote is not among the areas served: its events still count, in a row after the served ones.
EVENT_AREAS = ["Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue", "Kymsote"]
YEAR = 2024
SINGLE = {
    "service_area_id": ReferenceKind.SERVICE_AREA,
    "nature_id": ReferenceKind.NATURE,
    "contact_by_id": ReferenceKind.CONTACT_BY,
    "channel_id": ReferenceKind.CHANNEL,
}


@dataclass
class Log:
    events: list[CaseEvent]
    values: dict[str, ReferenceValue]
    retired_reason: ReferenceValue


def lists(db) -> dict[ReferenceKind, list[ReferenceValue]]:
    with db.unit_of_work() as uow:
        return {kind: uow.references.of_kind(kind) for kind in ReferenceKind}


def random_events(
    rnd: random.Random, values: dict[ReferenceKind, list[ReferenceValue]], n: int
) -> list[CaseEvent]:
    first = date(YEAR - 1, 1, 1)
    days = (date(YEAR, 12, 31) - first).days + 1
    service_areas = {
        s: [v for v in values[ReferenceKind.SERVICE_AREA] if v.sector is s] for s in Sector
    }

    def maybe(kind: ReferenceKind) -> str | None:
        return rnd.choice(values[kind]).id if rnd.random() < 0.9 else None  # sometimes not given

    events = []
    for _i in range(n):
        sector = rnd.choice(list(Sector))
        events.append(
            CaseEvent(
                day=first + timedelta(days=rnd.randrange(days)),
                area=rnd.choice(EVENT_AREAS),
                sector=sector,
                service_area_id=rnd.choice(service_areas[sector]).id
                if rnd.random() < 0.9
                else None,
                nature_id=maybe(ReferenceKind.NATURE),
                reason_ids=[
                    v.id for v in rnd.sample(values[ReferenceKind.REASON], rnd.randint(0, 3))
                ],
                contact_by_id=maybe(ReferenceKind.CONTACT_BY),
                channel_id=maybe(ReferenceKind.CHANNEL),
                measure_ids=[
                    v.id for v in rnd.sample(values[ReferenceKind.MEASURE], rnd.randint(0, 3))
                ],
                minutes=rnd.choice([None, rnd.randint(0, 240)]),
            )
        )
    return events


def edge_events(values: dict[ReferenceKind, list[ReferenceValue]]) -> list[CaseEvent]:
    """One event on each side of both ends of the year."""
    nature = values[ReferenceKind.NATURE][0].id
    return [
        CaseEvent(
            date(YEAR - 1, 12, 31),
            "Pirkanmaan hyvinvointialue",
            Sector.SOCIAL,
            nature_id=nature,
            minutes=11,
        ),
        CaseEvent(
            date(YEAR, 1, 1),
            "Pirkanmaan hyvinvointialue",
            Sector.SOCIAL,
            nature_id=nature,
            minutes=13,
        ),
        CaseEvent(
            date(YEAR, 12, 31),
            "Kanta-Hämeen hyvinvointialue",
            Sector.HEALTH,
            nature_id=nature,
            minutes=17,
        ),
        CaseEvent(
            date(YEAR + 1, 1, 1),
            "Kanta-Hämeen hyvinvointialue",
            Sector.HEALTH,
            nature_id=nature,
            minutes=19,
        ),
    ]


@pytest.fixture(scope="module")
def log_db(tmp_path_factory):
    """One database for the module's tests, which only read it: the events are made once."""
    database = new_database(tmp_path_factory.mktemp("caselog") / "oske.sqlite")
    yield database
    database.close()


@pytest.fixture(scope="module")
def log(log_db) -> Log:
    db = log_db
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Esimerkki Oy", areas=SERVED))
        uow.commit()
    values = lists(db)
    rnd = random.Random(20240101)
    events = random_events(rnd, values, 400) + edge_events(values)
    # A reason retired after events named it: old statistics still count it.
    retired = values[ReferenceKind.REASON][2]
    events.append(
        CaseEvent(date(YEAR, 6, 15), "Kymsote", Sector.HEALTH, reason_ids=[retired.id], minutes=30)
    )
    with (
        db.unit_of_work() as uow
    ):  # checked and added as the service does, in one transaction for speed
        for event in events:
            check_case_event(uow, event)
            uow.case_events.add(event)
        uow.commit()
    set_retired(db, retired.id, True)
    with db.unit_of_work() as uow:
        by_id = uow.references.by_id()
    return Log(events, by_id, by_id[retired.id])


def statistics(db, start: date, end: date) -> CaseStatistics:
    with db.unit_of_work() as uow:
        return case_statistics(uow, start, end)


def of_year(log: Log, year: int = YEAR) -> list[CaseEvent]:
    return [e for e in log.events if e.day.year == year]


def as_counts(tallies: list[Tally]) -> dict[tuple[str, Sector | None], int]:
    return {(t.label, t.sector): t.count for t in tallies}


def expected_counts(log: Log, ids: list[str | None]) -> dict[tuple[str, Sector | None], int]:
    """Counts per value id, keyed as the statistics name them (label and sector)."""
    out: dict[tuple[str, Sector | None], int] = {}
    for value_id, n in Counter(ids).items():
        key = (
            (_("(not given)"), None)
            if value_id is None
            else (log.values[value_id].label, log.values[value_id].sector)
        )
        out[key] = n
    return out


def test_the_area_table_of_a_year_equals_a_count_over_its_events(log_db, log):
    events = of_year(log)
    counts = Counter((e.area, e.sector) for e in events)
    table = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31)).areas
    rows = [(r.area, r.social, r.health) for r in table.rows]
    assert rows == [
        (area, counts[(area, Sector.SOCIAL)], counts[(area, Sector.HEALTH)])
        for area in [*SERVED, "Kymsote"]  # served areas in their order, then the others
    ]
    assert table.total == len(events)
    assert (table.social, table.health) == (
        sum(1 for e in events if e.sector is Sector.SOCIAL),
        sum(1 for e in events if e.sector is Sector.HEALTH),
    )


@pytest.mark.parametrize("field", list(SINGLE))
def test_each_one_value_list_is_counted_as_the_events_name_it(log_db, log, field):
    stats = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    tallies = {
        "service_area_id": stats.service_areas,
        "nature_id": stats.natures,
        "contact_by_id": stats.contacts_by,
        "channel_id": stats.channels,
    }[field]
    assert as_counts(tallies) == expected_counts(log, [getattr(e, field) for e in of_year(log)])
    assert sum(t.count for t in tallies) == len(of_year(log))


@pytest.mark.parametrize("field", ["reason_ids", "measure_ids"])
def test_reasons_and_measures_count_every_value_an_event_names_and_the_events_without(
    log_db, log, field
):
    stats = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    tallies = stats.reasons if field == "reason_ids" else stats.measures
    named: list[str | None] = []
    for event in of_year(log):
        named += getattr(event, field) or [None]
    assert as_counts(tallies) == expected_counts(log, named)


def test_the_tallies_follow_the_order_of_the_lists_with_the_not_given_last(log_db, log):
    stats = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    for tallies, kind in (
        (stats.service_areas, ReferenceKind.SERVICE_AREA),
        (stats.measures, ReferenceKind.MEASURE),
    ):
        in_order = sorted(
            (v for v in log.values.values() if v.kind is kind),
            key=lambda v: (list(Sector).index(v.sector) if v.sector else 0, v.position),
        )
        listed = [
            (v.label, v.sector) for v in in_order if (v.label, v.sector) in as_counts(tallies)
        ]
        assert [(t.label, t.sector) for t in tallies] == [*listed, (_("(not given)"), None)]


def test_minutes_are_summed_per_sector_and_shown_as_hours(log_db, log):
    events = of_year(log)
    stats = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    for sector in Sector:
        assert stats.minutes.get(sector, 0) == sum(
            e.minutes or 0 for e in events if e.sector is sector
        )
    total = sum(e.minutes or 0 for e in events)
    assert stats.hours() == (Decimal(total) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_the_first_and_last_day_of_the_year_belong_to_it_and_the_days_around_it_do_not(log_db, log):
    for day in (date(YEAR - 1, 12, 31), date(YEAR, 1, 1), date(YEAR, 12, 31), date(YEAR + 1, 1, 1)):
        assert statistics(log_db, day, day).total == sum(1 for e in log.events if e.day == day) >= 1
    year = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert year.total == sum(
        1 for e in log.events if date(YEAR, 1, 1) <= e.day <= date(YEAR, 12, 31)
    )
    widened = statistics(log_db, date(YEAR - 1, 12, 31), date(YEAR + 1, 1, 1))
    assert widened.total - year.total == sum(
        1 for e in log.events if e.day in (date(YEAR - 1, 12, 31), date(YEAR + 1, 1, 1))
    )


def test_a_period_across_the_new_year_counts_the_events_of_both_sides(log_db, log):
    start, end = date(YEAR - 1, 12, 31), date(YEAR, 1, 1)
    stats = statistics(log_db, start, end)
    assert stats.total == sum(1 for e in log.events if start <= e.day <= end)
    assert stats.total >= 2  # at least the two edge events


def test_a_retired_value_is_still_counted_and_marked_in_old_statistics(log_db, log):
    stats = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    retired = [t for t in stats.reasons if t.label == log.retired_reason.label]
    expected = sum(1 for e in of_year(log) if log.retired_reason.id in e.reason_ids)
    assert len(retired) == 1
    assert retired[0].count == expected >= 1
    assert retired[0].retired


def test_a_served_area_without_events_has_a_row_of_zeros(log_db, log):
    table = statistics(log_db, date(YEAR, 1, 1), date(YEAR, 12, 31)).areas
    row = next(r for r in table.rows if r.area == "Etelä-Karjalan hyvinvointialue")
    assert (row.social, row.health, row.total) == (0, 0, 0)


def test_a_year_without_events_has_the_served_areas_at_zero_and_no_tallies(log_db, log):
    stats = statistics(log_db, date(2030, 1, 1), date(2030, 12, 31))
    assert [(r.area, r.total) for r in stats.areas.rows] == [(a, 0) for a in SERVED]
    assert stats.service_areas == stats.natures == stats.reasons == stats.measures == []
    assert stats.hours() == 0


def test_an_event_saved_through_the_service_is_in_the_next_statistics(db):
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Esimerkki Oy", areas=SERVED))
        uow.commit()
    before = statistics(db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    save_case_event(
        db,
        CaseEvent(date(YEAR, 3, 3), "Etelä-Karjalan hyvinvointialue", Sector.SOCIAL, minutes=45),
        None,
    )
    after = statistics(db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    row = next(r for r in after.areas.rows if r.area == "Etelä-Karjalan hyvinvointialue")
    assert (row.social, row.health) == (1, 0)
    assert (before.total, after.total) == (0, 1)
    assert after.minutes == {Sector.SOCIAL: 45}
