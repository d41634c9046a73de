"""The board (hallitus): the rules of a term's seats, term dates, and the annual report's texts.

Plain domain objects only; messages are checked in Finnish, the default interface language.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.board import (
    BoardRole,
    BoardSeat,
    BoardTerm,
    Meeting,
    MeetingKind,
    TermSeat,
    board_meeting_count,
    check_seat,
    check_term,
    check_term_dates,
    copy_seats,
    meeting_summary,
    meeting_years,
    next_meeting_number,
)
from domain.errors import ValidationError

TERM = "term-2022"
OTHER_TERM = "term-2023"


def seat(
    last: str,
    first: str,
    role: BoardRole = BoardRole.MEMBER,
    *,
    deputy: tuple[str, str] | None = None,
    term_id: str = TERM,
    **kw,
) -> BoardSeat:
    if deputy is not None:
        kw["deputy_last_name"], kw["deputy_first_name"] = deputy
    return BoardSeat(term_id, role, last, first, **kw)


def messages(problems) -> list[str]:
    return [p.message for p in problems]


def refused(new: BoardSeat, others, cap=None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_seat(new, others, cap)
    return caught.value.by_field()


def meeting(day: date, kind: MeetingKind = MeetingKind.BOARD) -> Meeting:
    return Meeting(day, kind)


# ----------------------------------------------------------------------------- one chair, one vice chair


def test_a_second_chair_in_a_term_is_refused_naming_the_chair_already_elected():
    chair = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    second = seat("Heino", "Pekka", BoardRole.CHAIR)

    assert refused(second, [chair]) == {
        "role": "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    }


def test_a_second_vice_chair_in_a_term_is_refused_naming_the_vice_chair_already_elected():
    vice = seat("Lindqvist", "Marja", BoardRole.VICE_CHAIR)
    second = seat("Heino", "Pekka", BoardRole.VICE_CHAIR)

    assert refused(second, [vice]) == {
        "role": "Tällä toimikaudella on jo varapuheenjohtaja: Lindqvist Marja"
    }


def test_check_term_blames_the_later_of_two_chairs_and_lets_the_first_stand():
    first = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    later = seat("Heino", "Pekka", BoardRole.CHAIR)

    (problem,) = check_term([first, later])

    assert (problem.seat_id, problem.field) == (later.id, "role")
    assert problem.message == "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"


def test_a_term_may_have_one_chair_one_vice_chair_and_several_members_and_expert_members():
    seats = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Heino", "Pekka", BoardRole.VICE_CHAIR),
        seat("Aalto", "Anu"),
        seat("Berg", "Bo"),
        seat("Carlsson", "Cia", BoardRole.EXPERT_MEMBER),
        seat("Dahl", "Dan", BoardRole.EXPERT_MEMBER),
        seat("Eskola", "Eeva", BoardRole.SECRETARY),
    ]

    assert check_term(seats) == []


def test_editing_the_chairs_own_seat_is_not_a_second_chair():
    chair = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    edited = seat("Lindqvist", "Marja", BoardRole.CHAIR, member_title="johtaja")
    edited.id = chair.id

    check_seat(edited, [chair])  # no error


# ----------------------------------------------------------------------------- nobody twice


def test_a_member_who_already_has_a_seat_in_the_term_is_refused():
    first = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    again = seat("Lindqvist", "Marja")

    assert refused(again, [first]) == {
        "member_last_name": "Lindqvist Marja on jo jäsenenä tällä toimikaudella"
    }


def test_a_member_who_is_already_a_deputy_in_the_term_is_refused_naming_whom_they_stand_in_for():
    levonen = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"))
    jarvinen = seat("Järvinen", "Matti")

    assert refused(jarvinen, [levonen]) == {
        "member_last_name": "Järvinen Matti on jo varajäsen tällä toimikaudella "
        "(jäsenen Levonen Mari varalla); kukaan ei voi olla molempia"
    }


def test_a_deputy_who_is_already_a_member_in_the_term_is_refused():
    jarvinen = seat("Järvinen", "Matti")
    levonen = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"))

    assert refused(levonen, [jarvinen]) == {
        "deputy_last_name": "Järvinen Matti on jo jäsen tällä toimikaudella; kukaan ei voi olla molempia"
    }


def test_one_deputy_for_two_members_is_refused_naming_the_first_member():
    levonen = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"))
    heino = seat("Heino", "Pekka", deputy=("Järvinen", "Matti"))

    assert refused(heino, [levonen]) == {
        "deputy_last_name": "Järvinen Matti on jo tällä toimikaudella jäsenen Levonen Mari varajäsen"
    }


def test_a_deputy_who_is_the_member_themself_is_refused():
    own = seat("Levonen", "Mari", deputy=("Levonen", "Mari"))

    assert refused(own, []) == {"deputy_last_name": "Varajäsen ei voi olla jäsen itse"}


def test_a_deputy_who_is_the_member_themself_gets_one_message_not_two():
    own = seat("Levonen", "Mari", deputy=("Levonen", "Mari"))

    with pytest.raises(ValidationError) as caught:
        check_seat(own, [])

    assert len(caught.value.errors) == 1


def test_a_deputy_with_only_a_last_name_is_refused_asking_for_the_first_name():
    partial = seat("Levonen", "Mari", deputy=("Järvinen", ""))

    assert refused(partial, []) == {
        "deputy_first_name": "Anna myös varajäsenen etunimi, tai ei kumpaakaan nimeä"
    }


def test_a_deputy_with_only_a_first_name_is_refused_asking_for_the_last_name():
    partial = seat("Levonen", "Mari", deputy=("", "Matti"))

    assert refused(partial, []) == {
        "deputy_last_name": "Anna myös varajäsenen sukunimi, tai ei kumpaakaan nimeä"
    }


def test_a_seat_without_a_deputy_is_fine():
    check_seat(seat("Levonen", "Mari"), [seat("Heino", "Pekka", deputy=("Järvinen", "Matti"))])


def test_check_seat_reports_every_problem_of_the_seat_at_once():
    chair = seat("Lindqvist", "Marja", BoardRole.CHAIR, deputy=("Järvinen", "Matti"))
    bad = seat("Lindqvist", "Marja", BoardRole.CHAIR, deputy=("Järvinen", "Matti"))

    assert set(refused(bad, [chair])) == {"role", "member_last_name", "deputy_last_name"}


# ----------------------------------------------------------------------------- names


def test_names_match_regardless_of_case():
    first = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    shouted = seat("LINDQVIST", "marja")

    assert "member_last_name" in refused(shouted, [first])


def test_names_match_regardless_of_stray_spaces():
    first = seat("Lindqvist", "Marja", BoardRole.CHAIR)
    spaced = seat("  Lindqvist ", " Marja  ")

    assert "member_last_name" in refused(spaced, [first])


def test_a_deputy_named_in_other_case_and_spacing_is_still_the_same_person_as_a_member():
    jarvinen = seat("Järvinen", "Matti")
    levonen = seat("Levonen", "Mari", deputy=(" JÄRVINEN", "matti "))

    assert "deputy_last_name" in refused(levonen, [jarvinen])


def test_a_deputy_who_is_the_member_in_other_case_is_still_the_member_themself():
    own = seat("Levonen", "Mari", deputy=("LEVONEN ", " mari"))

    assert refused(own, []) == {"deputy_last_name": "Varajäsen ei voi olla jäsen itse"}


def test_tidy_removes_stray_spaces_from_the_names():
    s = seat("  Levonen ", " Mari  Anneli ", deputy=(" Järvinen", "Matti "))
    s.tidy()

    assert (s.member_last_name, s.member_first_name) == ("Levonen", "Mari Anneli")
    assert (s.deputy_last_name, s.deputy_first_name) == ("Järvinen", "Matti")


def test_tidy_drops_a_deputy_organisation_when_there_is_no_deputy():
    s = seat("Levonen", "Mari", deputy_organisation="Porin kaupunki")
    s.tidy()

    assert s.deputy_organisation == ""


# ----------------------------------------------------------------------------- terms are separate


def test_the_same_person_may_be_a_member_in_one_term_and_a_deputy_in_another():
    in_2022 = seat("Järvinen", "Matti", term_id=TERM)
    in_2023 = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"), term_id=OTHER_TERM)

    # Each term is checked over its own seats.
    assert check_term([in_2022]) == []
    assert check_term([in_2023]) == []
    check_seat(in_2023, [])


def test_the_same_person_may_sit_in_two_terms():
    assert check_term([seat("Lindqvist", "Marja", BoardRole.CHAIR, term_id=TERM)]) == []
    check_seat(seat("Lindqvist", "Marja", BoardRole.CHAIR, term_id=OTHER_TERM), [])


# ----------------------------------------------------------------------------- the cap of the articles


def test_the_cap_refuses_one_member_more_than_the_articles_allow():
    board = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Heino", "Pekka"),
        seat("Aalto", "Anu"),
    ]

    assert refused(seat("Berg", "Bo"), board, cap=3) == {
        "role": "Hallituksessa voi olla enintään 3 jäsentä (Asetukset); tällä toimikaudella ne ovat jo kaikki"
    }


def test_the_cap_counts_the_chair_vice_chair_members_and_expert_members():
    board = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Heino", "Pekka", BoardRole.VICE_CHAIR),
        seat("Aalto", "Anu"),
        seat("Carlsson", "Cia", BoardRole.EXPERT_MEMBER),
    ]

    assert check_term(board, cap=4) == []
    problems = check_term([*board, seat("Berg", "Bo", BoardRole.EXPERT_MEMBER)], cap=4)
    assert [p.field for p in problems] == ["role"]


def test_the_cap_does_not_count_the_secretary():
    board = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Heino", "Pekka"),
        seat("Aalto", "Anu"),
    ]

    check_seat(seat("Eskola", "Eeva", BoardRole.SECRETARY), board, cap=3)
    assert check_term([*board, seat("Eskola", "Eeva", BoardRole.SECRETARY)], cap=3) == []


def test_the_cap_blames_only_the_seats_beyond_it():
    board = [seat(f"Jäsen{i}", "Etu") for i in range(5)]

    problems = check_term(board, cap=3)

    assert [p.seat_id for p in problems] == [board[3].id, board[4].id]


def test_without_a_cap_any_number_of_members_is_accepted():
    board = [seat(f"Jäsen{i}", "Etu") for i in range(40)]

    assert check_term(board, cap=None) == []
    check_seat(seat("Viimeinen", "Etu"), board, cap=None)


def test_editing_a_seat_already_counted_does_not_count_it_twice():
    board = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Heino", "Pekka"),
        seat("Aalto", "Anu"),
    ]
    edited = seat("Aalto", "Anu", member_title="johtaja")
    edited.id = board[2].id

    check_seat(edited, board, cap=3)


# ----------------------------------------------------------------------------- term dates


def test_a_term_that_ends_before_it_starts_is_refused():
    term = BoardTerm(date(2022, 6, 1), date(2022, 5, 31))

    with pytest.raises(ValidationError) as caught:
        term.validate()

    assert caught.value.by_field() == {"end": "Päättymispäivä on ennen alkamispäivää"}


def test_a_term_without_a_start_is_refused():
    with pytest.raises(ValidationError) as caught:
        BoardTerm(None, date(2022, 5, 31)).validate()

    assert caught.value.by_field() == {"start": "Alkaen on pakollinen tieto"}


def test_a_term_that_ends_the_day_it_starts_is_accepted():
    BoardTerm(date(2022, 6, 1), date(2022, 6, 1)).validate()


def test_an_overlapping_term_is_refused_naming_the_other_terms_period():
    earlier = BoardTerm(date(2021, 6, 1), date(2022, 5, 31))
    later = BoardTerm(date(2022, 5, 1), date(2023, 5, 31))

    with pytest.raises(ValidationError) as caught:
        check_term_dates(later, [earlier])

    assert caught.value.field == "start"
    assert caught.value.message == (
        "Toimikausi on päällekkäin toimikauden 1.6.2021–31.5.2022 kanssa; "
        "kunakin päivänä vain yksi hallitus on toimessa"
    )


def test_a_term_starting_the_day_after_the_previous_ends_is_accepted():
    earlier = BoardTerm(date(2021, 6, 1), date(2022, 5, 31))
    later = BoardTerm(date(2022, 6, 1), date(2023, 5, 31))

    check_term_dates(later, [earlier])
    check_term_dates(earlier, [later])
    assert not later.overlaps(earlier) and not earlier.overlaps(later)


def test_a_term_starting_on_the_last_day_of_the_previous_overlaps_it():
    earlier = BoardTerm(date(2021, 6, 1), date(2022, 5, 31))
    later = BoardTerm(date(2022, 5, 31), None)

    assert later.overlaps(earlier) and earlier.overlaps(later)


def test_a_new_term_overlaps_an_open_ended_term_still_in_office():
    in_office = BoardTerm(date(2021, 6, 1), None)
    new = BoardTerm(date(2022, 6, 1), date(2023, 5, 31))

    with pytest.raises(ValidationError) as caught:
        check_term_dates(new, [in_office])

    assert "toimikauden 1.6.2021 alkaen kanssa" in caught.value.message


def test_an_open_ended_term_overlaps_every_later_term():
    open_ended = BoardTerm(date(2022, 6, 1), None)
    much_later = BoardTerm(date(2030, 6, 1), date(2031, 5, 31))

    assert open_ended.overlaps(much_later) and much_later.overlaps(open_ended)


def test_an_open_ended_term_does_not_overlap_a_term_that_ended_before_it():
    ended = BoardTerm(date(2020, 6, 1), date(2021, 5, 31))
    open_ended = BoardTerm(date(2021, 6, 1), None)

    check_term_dates(open_ended, [ended])


def test_a_term_is_not_checked_against_itself():
    term = BoardTerm(date(2022, 6, 1), None)

    check_term_dates(term, [term])


def test_check_term_dates_refuses_a_term_that_ends_before_it_starts_before_looking_at_others():
    with pytest.raises(ValidationError) as caught:
        check_term_dates(BoardTerm(date(2022, 6, 1), date(2022, 1, 1)), [])

    assert caught.value.field == "end"


def test_a_term_period_is_printed_the_finnish_way():
    assert BoardTerm(date(2022, 6, 1), date(2023, 5, 31)).period == "1.6.2022–31.5.2023"
    assert BoardTerm(date(2022, 1, 1), date(2022, 12, 31)).period == "1.1.–31.12.2022"
    assert BoardTerm(date(2022, 6, 1)).period == "1.6.2022 alkaen"


# ----------------------------------------------------------------------------- copying a board


def test_copy_seats_puts_every_seat_in_the_new_term_with_new_ids():
    old = [
        seat(
            "Aalto",
            "Anu",
            deputy=("Berg", "Bo"),
            member_title="johtaja",
            member_organisation="Porin kaupunki",
            deputy_organisation="Rauman kaupunki",
        ),
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
        seat("Eskola", "Eeva", BoardRole.SECRETARY),
    ]
    new_term = BoardTerm(date(2023, 6, 1))

    copies = copy_seats(old, new_term)

    assert len(copies) == 3
    assert all(c.term_id == new_term.id for c in copies)
    assert not {c.id for c in copies} & {s.id for s in old}
    assert len({c.id for c in copies}) == 3
    aalto = next(c for c in copies if c.member_last_name == "Aalto")
    assert (
        aalto.role,
        aalto.member_first_name,
        aalto.member_title,
        aalto.member_organisation,
        aalto.deputy_last_name,
        aalto.deputy_first_name,
        aalto.deputy_organisation,
    ) == (BoardRole.MEMBER, "Anu", "johtaja", "Porin kaupunki", "Berg", "Bo", "Rauman kaupunki")


def test_copy_seats_lists_chair_vice_chair_members_expert_members_and_secretary_in_that_order():
    old = [
        seat("Eskola", "Eeva", BoardRole.SECRETARY),
        seat("Nieminen", "Nina", BoardRole.EXPERT_MEMBER),
        seat("Virta", "Ville"),
        seat("Heino", "Pekka", BoardRole.VICE_CHAIR),
        seat("Aalto", "Anu"),
        seat("Lindqvist", "Marja", BoardRole.CHAIR),
    ]

    copies = copy_seats(old, BoardTerm(date(2023, 6, 1)))

    assert [(c.role, c.member_last_name) for c in copies] == [
        (BoardRole.CHAIR, "Lindqvist"),
        (BoardRole.VICE_CHAIR, "Heino"),
        (BoardRole.MEMBER, "Aalto"),
        (BoardRole.MEMBER, "Virta"),
        (BoardRole.EXPERT_MEMBER, "Nieminen"),
        (BoardRole.SECRETARY, "Eskola"),
    ]


def test_copy_seats_leaves_the_original_seats_as_they_were():
    original = seat("Aalto", "Anu")
    old_id = original.id

    copy_seats([original], BoardTerm(date(2023, 6, 1)))

    assert (original.id, original.term_id) == (old_id, TERM)


def test_copied_seats_pass_the_rules_of_the_new_term():
    old = [
        seat("Lindqvist", "Marja", BoardRole.CHAIR, deputy=("Järvinen", "Matti")),
        seat("Aalto", "Anu"),
    ]

    assert check_term(copy_seats(old, BoardTerm(date(2023, 6, 1)))) == []


# ----------------------------------------------------------------------------- printed


def test_a_member_is_printed_with_title_name_and_organisation():
    s = seat(
        "Levonen",
        "Mari",
        member_title="sosiaali- ja perhepalvelujen johtaja",
        member_organisation="Porin kaupunki",
        deputy=("Järvinen", "Matti"),
    )

    assert s.printed_member() == (
        "sosiaali- ja perhepalvelujen johtaja Mari Levonen, Porin kaupunki"
    )


def test_a_member_without_title_or_organisation_is_printed_by_name_alone():
    assert seat("Levonen", "Mari").printed_member() == "Mari Levonen"


def test_a_seat_without_a_deputy_prints_no_deputy():
    s = seat("Levonen", "Mari", member_title="johtaja", member_organisation="Porin kaupunki")

    assert s.printed_deputy() == ""


def test_a_deputy_without_an_organisation_is_printed_by_name_alone():
    s = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"))

    assert s.printed_deputy() == "Matti Järvinen"


def test_a_deputy_is_printed_with_their_organisation_on_its_own():
    s = seat("Levonen", "Mari", deputy=("Järvinen", "Matti"), deputy_organisation="Rauman kaupunki")

    assert s.printed_deputy() == "Matti Järvinen, Rauman kaupunki"


# ----------------------------------------------------------------------------- meetings


def seven_board_meetings_and_the_agm() -> list[Meeting]:
    days = [date(2022, m, 10) for m in (1, 2, 3, 5, 8, 10, 12)]
    return [meeting(d) for d in days] + [meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL)]


def test_the_annual_report_sentence_counts_board_meetings_and_names_the_agm_date():
    assert meeting_summary(seven_board_meetings_and_the_agm(), 2022) == (
        "Hallitus kokoontui 7 kertaa vuonna 2022; varsinainen yhtiökokous pidettiin 7.6.2022."
    )


def test_the_annual_report_sentence_says_once_for_a_single_board_meeting():
    assert (
        meeting_summary([meeting(date(2022, 3, 1))], 2022)
        == "Hallitus kokoontui kerran vuonna 2022."
    )


def test_the_annual_report_sentence_says_the_board_did_not_meet():
    assert meeting_summary([], 2022) == "Hallitus ei kokoontunut vuonna 2022."


def test_an_association_holds_a_vuosikokous_not_a_yhtiokokous():
    text = meeting_summary(seven_board_meetings_and_the_agm(), 2022, association=True)

    assert text == "Hallitus kokoontui 7 kertaa vuonna 2022; vuosikokous pidettiin 7.6.2022."


def test_an_extraordinary_general_meeting_is_named_after_the_annual_one():
    meetings = [
        meeting(date(2022, 3, 1)),
        meeting(date(2022, 3, 15)),
        meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL),
        meeting(date(2022, 11, 20), MeetingKind.EXTRAORDINARY_GENERAL),
    ]

    assert meeting_summary(meetings, 2022) == (
        "Hallitus kokoontui 2 kertaa vuonna 2022; varsinainen yhtiökokous pidettiin 7.6.2022; "
        "ylimääräinen yhtiökokous pidettiin 20.11.2022."
    )


def test_two_extraordinary_meetings_are_joined_with_ja_in_date_order():
    meetings = [
        meeting(date(2022, 11, 20), MeetingKind.EXTRAORDINARY_GENERAL),
        meeting(date(2022, 2, 1), MeetingKind.EXTRAORDINARY_GENERAL),
    ]

    assert meeting_summary(meetings, 2022) == (
        "Hallitus ei kokoontunut vuonna 2022; ylimääräinen yhtiökokous pidettiin 1.2.2022 ja 20.11.2022."
    )


def test_meetings_of_other_years_are_not_counted():
    meetings = [
        *seven_board_meetings_and_the_agm(),
        meeting(date(2021, 12, 31)),
        meeting(date(2023, 1, 1)),
        meeting(date(2021, 6, 8), MeetingKind.ANNUAL_GENERAL),
    ]

    assert meeting_summary(meetings, 2022) == (
        "Hallitus kokoontui 7 kertaa vuonna 2022; varsinainen yhtiökokous pidettiin 7.6.2022."
    )
    assert board_meeting_count(meetings, 2022) == 7
    assert meeting_summary(meetings, 2021) == (
        "Hallitus kokoontui kerran vuonna 2021; varsinainen yhtiökokous pidettiin 8.6.2021."
    )


def test_general_meetings_are_not_counted_as_board_meetings():
    meetings = [
        meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL),
        meeting(date(2022, 9, 7), MeetingKind.EXTRAORDINARY_GENERAL),
    ]

    assert board_meeting_count(meetings, 2022) == 0


def test_the_next_board_meeting_number_follows_the_board_meetings_of_that_year():
    meetings = [
        meeting(date(2022, 1, 10)),
        meeting(date(2022, 2, 10)),
        meeting(date(2022, 3, 10)),
        meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL),
        meeting(date(2021, 12, 1)),
    ]

    assert next_meeting_number(meetings, 2022) == "4/2022"
    assert next_meeting_number(meetings, 2021) == "2/2021"


def test_the_first_board_meeting_of_a_year_is_number_one():
    assert next_meeting_number([], 2024) == "1/2024"


def test_meeting_years_are_every_year_with_a_meeting_and_this_year_newest_first():
    assert meeting_years([2021, 2022, 2022], date(2024, 5, 1)) == [2024, 2022, 2021]
    assert meeting_years([], date(2024, 5, 1)) == [2024]


def test_a_meeting_without_a_date_is_refused():
    with pytest.raises(ValidationError) as caught:
        Meeting(None, MeetingKind.BOARD).validate()

    assert caught.value.by_field() == {"held_on": "Päivämäärä on pakollinen tieto"}


def test_a_meeting_is_named_by_its_kind_and_date():
    assert Meeting(date(2022, 6, 7), MeetingKind.BOARD).full_name == "hallituksen kokous 7.6.2022"


# ----------------------------------------------------------------------------- the workbook's row


def test_a_workbook_row_whose_term_ends_before_it_starts_is_refused_on_the_term_end():
    row = TermSeat(
        date(2022, 6, 1), BoardRole.MEMBER, "Levonen", "Mari", term_end=date(2022, 5, 31)
    )

    with pytest.raises(ValidationError) as caught:
        row.validate()

    assert caught.value.by_field() == {"term_end": "Toimikausi päättyy ennen kuin se alkaa"}


def test_a_workbook_row_without_a_term_start_is_refused():
    row = TermSeat(None, BoardRole.MEMBER, "Levonen", "Mari")

    with pytest.raises(ValidationError) as caught:
        row.validate()

    assert caught.value.by_field() == {"term_start": "Toimikausi alkaa on pakollinen tieto"}


def test_a_workbook_row_reports_term_and_seat_problems_together():
    row = TermSeat(
        date(2022, 6, 1),
        BoardRole.MEMBER,
        "Levonen",
        "Mari",
        term_end=date(2022, 1, 1),
        deputy_last_name="Levonen",
        deputy_first_name="Mari",
    )

    with pytest.raises(ValidationError) as caught:
        row.validate()

    assert caught.value.by_field() == {
        "term_end": "Toimikausi päättyy ennen kuin se alkaa",
        "deputy_last_name": "Varajäsen ei voi olla jäsen itse",
    }


def test_a_workbook_row_with_an_open_term_end_is_fine():
    TermSeat(date(2022, 6, 1), BoardRole.CHAIR, "Levonen", "Mari").validate()


def test_a_workbook_row_carries_its_seat_and_the_terms_dates_and_back():
    term = BoardTerm(date(2022, 6, 1), date(2023, 5, 31))
    original = seat(
        "Levonen", "Mari", BoardRole.CHAIR, deputy=("Järvinen", "Matti"), term_id=term.id
    )

    row = TermSeat.of(original, term)
    back = row.seat(term.id)

    assert (row.term_start, row.term_end, row.id) == (term.start, term.end, original.id)
    assert (back.id, back.term_id, back.role, back.member_last_name, back.deputy_first_name) == (
        original.id,
        term.id,
        BoardRole.CHAIR,
        "Levonen",
        "Matti",
    )
