"""A list sorted by the record each row names follows that record's own order: case
events by their ombudsman's name in Finnish order, by their nature's place in its list.
The same whether the records that could be named are few (their places written into the
query) or many (each row's looked up)."""

from __future__ import annotations

from datetime import date

from domain.caselog import CaseEvent, ReferenceKind, ReferenceValue, Sector
from domain.staff import StaffMember
from storage.database import Database
from storage.repositories import CaseEventQuery
from storage.repositories.base import PLACES_WRITTEN

# Code points would put Ä before Å and Ö, and "ahonen" after "Zetterberg"
OMBUDSMEN = ["Östman", "ahonen", "Ärölä", "Zetterberg", "Åberg", "Aalto"]
IN_FINNISH_ORDER = ["Aalto", "ahonen", "Zetterberg", "Åberg", "Ärölä", "Östman"]


def _ombudsmen(db: Database, names: list[str]) -> list[StaffMember]:
    members = [StaffMember(name, "Eija", "sosiaaliasiamies") for name in names]
    with db.unit_of_work() as uow:
        uow.staff.add_all(members)
        uow.commit()
    return members


def _events(db: Database, **named: list[str]) -> None:
    """One event a day in March for each value of the one keyword given."""
    ((field, ids),) = named.items()
    with db.unit_of_work() as uow:
        uow.case_events.add_all(
            CaseEvent(day=date(2026, 3, 1 + i), area="Eksote", sector=Sector.SOCIAL, **{field: x})
            for i, x in enumerate(ids)
        )
        uow.commit()


def _sorted(db: Database, sort: str, *, descending: bool = False) -> list[CaseEvent]:
    with db.unit_of_work() as uow:
        return uow.case_events.page(CaseEventQuery(sort=sort, descending=descending), 0, 50)


def _names(db: Database, events: list[CaseEvent]) -> list[str]:
    with db.unit_of_work() as uow:
        names = {member.id: member.last_name for member in uow.staff.all()}
    return [names[event.ombudsman_id] for event in events if event.ombudsman_id]


def test_events_sorted_by_ombudsman_follow_the_names_in_finnish_order(db):
    members = _ombudsmen(db, OMBUDSMEN)
    _events(db, ombudsman_id=[m.id for m in members])

    assert _names(db, _sorted(db, "ombudsman")) == IN_FINNISH_ORDER


def test_events_sorted_by_ombudsman_descending_reverse_the_names(db):
    members = _ombudsmen(db, OMBUDSMEN)
    _events(db, ombudsman_id=[m.id for m in members])

    assert _names(db, _sorted(db, "ombudsman", descending=True)) == IN_FINNISH_ORDER[::-1]


def test_events_of_one_ombudsman_come_by_date_and_those_of_nobody_together(db):
    aalto, berg = _ombudsmen(db, ["Aalto", "Berg"])
    _events(db, ombudsman_id=[berg.id, None, aalto.id, None, berg.id, aalto.id])

    listed = [(e.ombudsman_id, e.day.day) for e in _sorted(db, "ombudsman")]

    named = [x for x in listed if x[0] is not None]
    assert named == [(aalto.id, 3), (aalto.id, 6), (berg.id, 1), (berg.id, 5)]
    nobody = [i for i, x in enumerate(listed) if x[0] is None]
    assert nobody in ([0, 1], [4, 5])  # first on SQLite, last on PostgreSQL


def test_with_more_staff_than_are_written_into_the_query_the_order_is_the_same(db):
    many = _ombudsmen(db, [f"Zz{i:04d}" for i in range(PLACES_WRITTEN)])
    members = _ombudsmen(db, OMBUDSMEN)
    _events(db, ombudsman_id=[m.id for m in members] + [many[-1].id])

    last = f"Zz{PLACES_WRITTEN - 1:04d}"
    assert _names(db, _sorted(db, "ombudsman")) == [
        *IN_FINNISH_ORDER[:3],
        last,
        *IN_FINNISH_ORDER[3:],
    ]


def test_events_sorted_by_nature_follow_the_list_not_the_alphabet(db):
    natures = [
        ReferenceValue(ReferenceKind.NATURE, name, position=place)
        for name, place in (("aloite", 3), ("valitus", 1), ("neuvonta", 2))
    ]
    with db.unit_of_work() as uow:
        for value in natures:
            uow.references.add(value)
        uow.commit()
    _events(db, nature_id=[v.id for v in natures])

    listed = [e.nature_id for e in _sorted(db, "nature")]

    assert listed == [natures[1].id, natures[2].id, natures[0].id]


def test_events_sorted_by_service_area_come_sector_by_sector_in_the_lists_order(db):
    areas = [
        ReferenceValue(ReferenceKind.SERVICE_AREA, name, sector=sector, position=place)
        for name, sector, place in (
            ("aikuissosiaalityö", Sector.SOCIAL, 2),
            ("vammaispalvelut", Sector.SOCIAL, 1),
            ("ensihoito", Sector.HEALTH, 1),
        )
    ]
    with db.unit_of_work() as uow:
        for value in areas:
            uow.references.add(value)
        uow.commit()
    with db.unit_of_work() as uow:
        uow.case_events.add_all(
            CaseEvent(day=date(2026, 4, 1), area="Eksote", sector=a.sector, service_area_id=a.id)
            for a in areas
        )
        uow.commit()

    listed = [e.service_area_id for e in _sorted(db, "service_area")]

    assert listed == [areas[2].id, areas[1].id, areas[0].id]


def test_a_page_read_after_a_staff_member_was_added_goes_on_from_its_neighbour(db):
    members = _ombudsmen(db, ["Kulo", "Mäki", "Berg"])
    _events(db, ombudsman_id=[m.id for m in members for _ in range(2)])
    query = CaseEventQuery(sort="ombudsman")
    with db.unit_of_work() as uow:
        listed = uow.case_events.ids(query, 0, 50)
        key = uow.case_events.sort_key(query, listed[2])
    _ombudsmen(db, ["Aalto", "Lehto"])  # another workstation adds two, sorted among them

    with db.unit_of_work() as uow:
        rest = uow.case_events.ids_after(query, key, 50)

    assert rest == listed[3:]
