"""Board use cases on a real SQLite database: terms, seats, the board on a day, meetings."""

from datetime import date

import pytest

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.errors import ValidationError
from domain.organisation import Organisation
from services.board import board_on, save_meeting, save_seat, save_term


def term(db, start, end=None, **kw) -> BoardTerm:
    t = BoardTerm(start, end, **kw)
    save_term(db, t)
    return t


def seat(db, t, role, last, first, deputy=("", "")) -> BoardSeat:
    s = BoardSeat(t.id, role, last, first, deputy_last_name=deputy[0], deputy_first_name=deputy[1])
    save_seat(db, s, None)
    return s


@pytest.fixture
def two_terms(db):
    first = term(db, date(2022, 6, 7), date(2024, 6, 3))
    second = term(db, date(2024, 6, 4), date(2026, 6, 1))
    seat(db, first, BoardRole.CHAIR, "Lindqvist", "Marja", ("Koivisto", "Timo"))
    seat(db, first, BoardRole.MEMBER, "Hakala", "Tiina", ("Ilvonen", "Markku"))
    seat(db, second, BoardRole.CHAIR, "Räsänen", "Heikki")
    seat(db, second, BoardRole.MEMBER, "Ilvonen", "Markku", ("Hakala", "Tiina"))
    return first, second


def names(board) -> list[str]:
    return [s.member_name for s in board.seats]


def test_the_board_on_the_first_day_of_a_term_is_the_new_board(db, two_terms):
    assert names(board_on(db, date(2024, 6, 4))) == ["Räsänen Heikki", "Ilvonen Markku"]


def test_the_board_on_the_last_day_of_a_term_is_still_the_old_board(db, two_terms):
    board = board_on(db, date(2024, 6, 3))
    assert names(board) == ["Lindqvist Marja", "Hakala Tiina"]
    assert [s.deputy_name for s in board.seats] == ["Koivisto Timo", "Ilvonen Markku"]


def test_no_board_before_the_first_term_or_after_the_last(db, two_terms):
    assert board_on(db, date(2022, 6, 6)).term is None
    assert board_on(db, date(2026, 6, 2)).seats == []


def test_an_open_ended_term_covers_every_later_day(db):
    t = term(db, date(2024, 6, 4))
    seat(db, t, BoardRole.CHAIR, "Räsänen", "Heikki")
    assert names(board_on(db, date(2030, 1, 1))) == ["Räsänen Heikki"]


def test_a_person_may_be_a_deputy_in_one_term_and_a_member_in_the_next(db, two_terms):
    first, second = two_terms
    with db.unit_of_work() as uow:
        assert [s.deputy_name for s in uow.board_seats.of_term(first.id)][1] == "Ilvonen Markku"
        assert [s.member_name for s in uow.board_seats.of_term(second.id)][1] == "Ilvonen Markku"


def test_a_new_term_from_this_one_copies_every_seat_with_its_deputy(db, two_terms):
    _first, second = two_terms
    third = BoardTerm(date(2026, 6, 2), date(2028, 5, 31))
    save_term(db, third, copy_from=second.id)
    with db.unit_of_work() as uow:
        copied = uow.board_seats.of_term(third.id)
        original = uow.board_seats.of_term(second.id)
    assert [(s.role, s.member_name, s.deputy_name) for s in copied] == [
        (s.role, s.member_name, s.deputy_name) for s in original
    ]
    assert {s.id for s in copied}.isdisjoint({s.id for s in original})


def test_a_new_term_ends_the_open_term_before_it_the_day_before(db):
    old = term(db, date(2022, 6, 7))
    new = BoardTerm(date(2024, 6, 4))
    _saved, closed = save_term(db, new, close_previous=True)
    assert [t.id for t in closed] == [old.id]
    with db.unit_of_work() as uow:
        assert uow.board_terms.get(old.id).end == date(2024, 6, 3)


def test_an_overlapping_term_is_refused_and_nothing_is_saved(db):
    term(db, date(2022, 6, 7))
    with pytest.raises(ValidationError) as caught:
        save_term(db, BoardTerm(date(2024, 6, 4)), close_previous=False)
    assert "7.6.2022 alkaen" in caught.value.message
    with db.unit_of_work() as uow:
        assert len(uow.board_terms.all()) == 1


def test_a_term_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        save_term(db, BoardTerm(date(2024, 6, 4), date(2024, 1, 1)))
    assert caught.value.field == "end"


def test_a_second_chair_is_refused_and_not_stored(db, two_terms):
    first, _second = two_terms
    with pytest.raises(ValidationError) as caught:
        seat(db, first, BoardRole.CHAIR, "Aaltonen", "Riikka")
    assert (
        caught.value.by_field()["role"]
        == "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    )
    with db.unit_of_work() as uow:
        assert len(uow.board_seats.of_term(first.id)) == 2


def test_editing_the_chair_does_not_count_the_chair_twice(db, two_terms):
    first, _second = two_terms
    with db.unit_of_work() as uow:
        chair = uow.board_seats.of_term(first.id)[0]
    changed = BoardSeat(first.id, BoardRole.CHAIR, "Lindqvist", "Marja", member_title="johtaja")
    save_seat(db, changed, chair)
    with db.unit_of_work() as uow:
        assert uow.board_seats.get(chair.id).member_title == "johtaja"


def test_the_cap_of_the_settings_refuses_one_member_too_many(db):
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Osaamiskeskus", board_seat_cap=2))
        uow.commit()
    t = term(db, date(2024, 6, 4))
    seat(db, t, BoardRole.CHAIR, "Räsänen", "Heikki")
    seat(db, t, BoardRole.MEMBER, "Aaltonen", "Riikka")
    seat(db, t, BoardRole.SECRETARY, "Virtanen", "Helena")  # the secretary is not a member
    with pytest.raises(ValidationError) as caught:
        seat(db, t, BoardRole.MEMBER, "Forsman", "Elina")
    assert "enintään 2 jäsentä" in caught.value.by_field()["role"]


def test_deleting_a_term_deletes_its_seats(db, two_terms):
    first, _second = two_terms
    with db.unit_of_work() as uow:
        uow.board_terms.delete(first.id)
        uow.commit()
    with db.unit_of_work() as uow:
        assert uow.board_seats.of_term(first.id) == []
        assert len(uow.board_seats.all()) == 2


def test_two_meetings_of_one_kind_on_one_day_are_refused(db):
    save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.BOARD, "3/2022"), None)
    save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL), None)
    with pytest.raises(ValidationError) as caught:
        save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.BOARD), None)
    assert (
        caught.value.by_field()["held_on"] == "Päivälle 7.6.2022 on jo kirjattu hallituksen kokous"
    )


def test_a_meeting_without_a_date_is_refused_beside_the_date_and_nothing_is_saved(db):
    with pytest.raises(ValidationError) as caught:
        save_meeting(db, Meeting(None, MeetingKind.BOARD, "3/2022"), None)
    assert list(caught.value.by_field()) == ["held_on"]
    stored = Meeting(date(2022, 6, 7), MeetingKind.BOARD, "3/2022")
    save_meeting(db, stored, None)
    with pytest.raises(ValidationError) as caught:
        save_meeting(db, Meeting(None, MeetingKind.BOARD, "4/2022"), stored)
    assert list(caught.value.by_field()) == ["held_on"]
    with db.unit_of_work() as uow:
        assert [(m.held_on, m.number) for m in uow.meetings.all()] == [(date(2022, 6, 7), "3/2022")]


def test_the_meetings_of_a_year_are_read_in_date_order(db):
    for day in (date(2022, 9, 1), date(2022, 2, 1), date(2023, 1, 5)):
        save_meeting(db, Meeting(day, MeetingKind.BOARD), None)
    with db.unit_of_work() as uow:
        assert [m.held_on for m in uow.meetings.in_year(2022)] == [
            date(2022, 2, 1),
            date(2022, 9, 1),
        ]
        assert uow.meetings.years() == [2023, 2022]


def test_board_records_make_the_database_no_longer_empty(db):
    term(db, date(2024, 6, 4))
    with db.unit_of_work() as uow:
        assert not uow.settings.is_empty_database()
