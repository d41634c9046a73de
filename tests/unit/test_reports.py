"""The rules behind the reports' printed phrases: which dates of an employment the annual
report's staff list shows, how a person and a trainee are written, who is listed and in
which order."""

from datetime import date
from decimal import Decimal

from domain.i18n import set_language
from domain.projects import OurRole, Project
from domain.reports import during_year, period_in_year, staff_line, staff_of_year, trainee_line
from domain.staff import StaffMember, Trainee, TraineeKind

DASH = "\u2013"


def person(
    last="Kantola", first="Marjo", title="hallintoassistentti", start=None, end=None
) -> StaffMember:
    return StaffMember(last, first, title, fte_percent=Decimal(100), start=start, end=end)


# ----------------------------------------------------------------------------- during_year


def test_a_period_that_ends_on_the_first_day_of_the_year_touches_the_year():
    assert during_year(date(2020, 3, 1), date(2022, 1, 1), 2022)


def test_a_period_that_starts_on_the_last_day_of_the_year_touches_the_year():
    assert during_year(date(2022, 12, 31), None, 2022)


def test_a_period_that_ended_the_year_before_does_not_touch_the_year():
    assert not during_year(date(2020, 3, 1), date(2021, 12, 31), 2022)


def test_a_period_that_starts_the_year_after_does_not_touch_the_year():
    assert not during_year(date(2023, 1, 1), None, 2022)


def test_a_period_open_at_both_ends_touches_every_year():
    assert during_year(None, None, 1990)


# ----------------------------------------------------------------------------- period_in_year


def test_a_person_employed_the_whole_year_gets_no_date():
    assert period_in_year(date(2019, 8, 1), date(2025, 5, 31), 2022) == ""


def test_a_person_employed_with_open_dates_gets_no_date():
    assert period_in_year(None, None, 2022) == ""


def test_a_start_inside_the_year_reads_alkaen():
    assert period_in_year(date(2022, 4, 1), None, 2022) == "1.4.2022 alkaen"


def test_an_end_inside_the_year_reads_saakka():
    assert period_in_year(date(2018, 2, 1), date(2022, 10, 26), 2022) == "26.10.2022 saakka"


def test_a_start_and_an_end_inside_the_year_read_as_a_period_with_the_year_once():
    assert period_in_year(date(2022, 2, 1), date(2022, 3, 31), 2022) == f"1.2.{DASH}31.3.2022"


def test_a_start_on_the_first_of_january_is_printed_as_a_new_employment():
    assert period_in_year(date(2022, 1, 1), None, 2022) == "1.1.2022 alkaen"


def test_an_end_on_the_last_of_december_is_printed():
    assert period_in_year(date(2015, 4, 1), date(2022, 12, 31), 2022) == "31.12.2022 saakka"


def test_a_period_from_the_first_of_january_to_an_end_inside_the_year_is_printed_whole():
    # the staff list of an annual report: "Kulo Outi, toimistosihteeri (1.1.–31.3.2022)"
    assert period_in_year(date(2022, 1, 1), date(2022, 3, 31), 2022) == f"1.1.{DASH}31.3.2022"


def test_an_end_in_a_later_year_is_not_printed_in_this_years_list():
    assert period_in_year(date(2022, 9, 1), date(2023, 8, 31), 2022) == "1.9.2022 alkaen"


def test_the_english_report_says_from_and_until():
    set_language("en")
    assert period_in_year(date(2022, 4, 1), None, 2022) == "from 1.4.2022"
    assert period_in_year(None, date(2022, 10, 26), 2022) == "until 26.10.2022"


# ----------------------------------------------------------------------------- staff_line


def test_a_staff_line_is_name_title_and_the_date_inside_the_year():
    line = staff_line(person(start=date(2022, 4, 1)), 2022)
    assert line == "Kantola Marjo, hallintoassistentti 1.4.2022 alkaen"


def test_a_staff_line_of_someone_employed_all_year_ends_with_the_title():
    line = staff_line(
        person("Bragge", "Kaisa", "kehittämispäällikkö", start=date(2015, 1, 1)), 2022
    )
    assert line == "Bragge Kaisa, kehittämispäällikkö"


def test_a_staff_line_without_a_title_has_no_stray_comma():
    assert (
        staff_line(person(title="  ", end=date(2022, 10, 26)), 2022)
        == "Kantola Marjo 26.10.2022 saakka"
    )


def test_a_staff_line_keeps_markup_characters_as_typed():
    line = staff_line(person("<b>Kulo & Co", "Outi", "toimistosihteeri"), 2022)
    assert line == "<b>Kulo & Co Outi, toimistosihteeri"


# ----------------------------------------------------------------------------- trainee_line


def test_a_trainee_line_names_kind_institution_project_and_period():
    project = Project("TulLas", "Tulevaisuuden lastensuojelu", OurRole.CO_IMPLEMENTER)
    trainee = Trainee(
        "Laine",
        "Aino",
        TraineeKind.INTERNSHIP,
        date(2022, 9, 1),
        date(2022, 11, 30),
        institution="Tampereen yliopisto",
        project_id=project.id,
    )
    assert trainee_line(trainee, project) == (
        f"Laine Aino, harjoittelu, Tampereen yliopisto, TulLas, 1.9.{DASH}30.11.2022"
    )


def test_a_trainee_line_leaves_out_what_is_not_known():
    trainee = Trainee("Laine", "Aino", TraineeKind.WORK_TRIAL, date(2022, 9, 1))
    assert trainee_line(trainee, None) == "Laine Aino, työkokeilu, 1.9.2022 alkaen"


# ----------------------------------------------------------------------------- staff_of_year


def test_the_staff_of_a_year_are_those_employed_some_day_of_it():
    left = person("Aalto", "Ville", end=date(2021, 12, 31))
    joined_later = person("Berg", "Anna", start=date(2023, 1, 1))
    last_day = person("Carlsson", "Eva", end=date(2022, 1, 1))
    first_day = person("Dahl", "Jan", start=date(2022, 12, 31))
    kept = staff_of_year([left, joined_later, last_day, first_day], 2022)
    assert [p.last_name for p in kept] == ["Carlsson", "Dahl"]


def test_the_staff_of_a_year_are_sorted_by_last_name_then_first_name_whatever_the_case():
    staff = [
        person("virtanen", "Helena"),
        person("Kantola", "Marjo"),
        person("Aho", "Pekka"),
        person("Kantola", "Anni"),
        person("Bragge", "Kaisa"),
    ]
    names = [p.full_name for p in staff_of_year(staff, 2022)]
    assert names == [
        "Aho Pekka",
        "Bragge Kaisa",
        "Kantola Anni",
        "Kantola Marjo",
        "virtanen Helena",
    ]


def test_the_same_name_twice_is_listed_by_start_date():
    later = person("Kantola", "Marjo", start=date(2022, 9, 1))
    earlier = person("Kantola", "Marjo", start=date(2020, 1, 1), end=date(2022, 3, 31))
    assert staff_of_year([later, earlier], 2022) == [earlier, later]


def test_the_staff_list_follows_the_finnish_alphabet_with_a_ring_before_a_umlaut_and_o_umlaut():
    names = ["Östman", "Åberg", "Ärölä", "Zetterberg", "Aalto"]
    people = [person(n, "Eija") for n in names]
    assert [s.last_name for s in staff_of_year(people, 2022)] == [
        "Aalto",
        "Zetterberg",
        "Åberg",
        "Ärölä",
        "Östman",
    ]
