"""The demo database as a newcomer meets it: a case log with two years of events, a bank of
guardians and their requests, every record as valid as a form would have saved it."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from domain.caselog import Outcome, Sector
from services.caselog import case_statistics, check_case_event, check_request
from services.demo import NotEmpty, load_demo

TODAY = date(2025, 6, 15)


@pytest.fixture
def demo_db(db):
    load_demo(db, TODAY)
    return db


def test_the_demo_goes_only_into_an_empty_database(demo_db):
    with pytest.raises(NotEmpty):
        load_demo(demo_db, TODAY)


def test_the_demo_case_log_has_about_two_thousand_events_from_last_year_to_today(demo_db):
    with demo_db.unit_of_work() as uow:
        events = uow.case_events.all()
    assert 1900 <= len(events) <= 2100
    assert min(e.day for e in events) >= date(2024, 1, 1)
    assert max(e.day for e in events) <= TODAY
    assert {e.day.year for e in events} == {2024, 2025}


def test_the_demo_events_cover_both_sectors_health_care_more(demo_db):
    with demo_db.unit_of_work() as uow:
        sectors = Counter(e.sector for e in uow.case_events.all())
    assert sectors[Sector.HEALTH] > sectors[Sector.SOCIAL] > 500


def test_the_demo_events_come_mostly_from_the_first_two_areas_served(demo_db):
    with demo_db.unit_of_work() as uow:
        stats = case_statistics(uow, date(2024, 1, 1), TODAY)
    pirkanmaa, kanta_hame = stats.areas.rows[:2]
    assert pirkanmaa.area == "Pirkanmaan hyvinvointialue"
    assert kanta_hame.area == "Kanta-Hämeen hyvinvointialue"
    assert pirkanmaa.total + kanta_hame.total >= 0.9 * stats.total
    assert min(pirkanmaa.social, pirkanmaa.health, kanta_hame.social, kanta_hame.health) > 100


def test_the_demo_events_are_by_the_demo_ombudsman(demo_db):
    with demo_db.unit_of_work() as uow:
        ombudsman_ids = {e.ombudsman_id for e in uow.case_events.all()}
        names = {uow.staff.get(i).full_name for i in ombudsman_ids}
    assert names == {"Heikkinen Satu"}


def test_every_demo_event_passes_the_check_a_form_makes(demo_db):
    with demo_db.unit_of_work() as uow:
        events = uow.case_events.all()
        staff = uow.staff.all()  # held, so the check finds the ombudsman without asking SQL again
        values = uow.references.by_id()
        uow.references.by_id = lambda: values  # the lists do not change meanwhile: read them once
        for event in events:
            # For a stored event, allow_retired changes nothing (its own values are kept
            # anyway); it spares a query per event. No demo value is retired, as checked below.
            check_case_event(uow, event, allow_retired=True)
    assert staff
    assert not any(values[i].retired for e in events for ids in e.reference_ids().values() for i in ids)
    assert all(1 <= len(e.reason_ids) <= 2 and 1 <= len(e.measure_ids) <= 2 for e in events)
    assert all(10 <= e.minutes <= 90 for e in events)


def test_the_demo_bank_has_thirty_guardians_some_inactive(demo_db):
    with demo_db.unit_of_work() as uow:
        guardians = uow.guardians.all()
        active = uow.guardians.active_count()
    assert len(guardians) == 30
    assert 20 <= active < 30


def test_the_demo_has_about_ninety_requests_each_valid(demo_db):
    with demo_db.unit_of_work() as uow:
        requests = uow.guardian_requests.all()
        for request in requests:
            check_request(uow, request)
    assert 80 <= len(requests) <= 100
    assert all(r.closed is None or r.closed >= r.day for r in requests)
    assert {r.outcome for r in requests} == set(Outcome)


def test_a_placed_demo_request_names_a_guardian_who_was_in_the_bank_then(demo_db):
    with demo_db.unit_of_work() as uow:
        requests = uow.guardian_requests.all()
        guardians = {g.id: g for g in uow.guardians.all()}
    placed = [r for r in requests if r.outcome is Outcome.PLACED]
    assert placed and all(r.guardian_id in guardians for r in placed)
    # Someone who has since left the bank was placed only before the newest requests.
    newest = max(r.day for r in placed)
    assert all(guardians[r.guardian_id].active for r in placed if r.day == newest)


def test_the_demo_is_the_same_every_time(db, tmp_path):
    from storage.database import open_database, sqlite_url

    other = open_database(sqlite_url(tmp_path / "other.sqlite"))
    try:
        for database in (db, other):
            load_demo(database, TODAY)

        def summary(database):
            with database.unit_of_work() as uow:
                return sorted((e.day, e.area, e.sector.value, e.minutes, e.summary) for e in uow.case_events.all())

        assert summary(db) == summary(other)
    finally:
        other.close()
