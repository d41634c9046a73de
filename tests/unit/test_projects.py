"""The project register's rules as a user meets them: budgets, dates, states, shares and roles.

Plain domain objects only, no database; messages are checked in Finnish, the default
interface language (money and per cents are written with no-break spaces).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.errors import ValidationError
from domain.projects import (
    AssignmentRow,
    FundingLine,
    OurRole,
    Project,
    ProjectAssignment,
    ProjectState,
    ProjectStatus,
    check_assignment,
    check_shares,
    code_key,
    funding_warning,
)

NBSP = "\xa0"
START, END = date(2023, 3, 1), date(2025, 2, 28)


def project(**changes) -> Project:
    """TulLas, a granted project running 1.3.2023–28.2.2025."""
    fields = {
        "code": "TulLas",
        "name": "Tulevaisuuden lastensuojelu",
        "our_role": OurRole.CO_IMPLEMENTER,
        "start": START,
        "end": END,
        "lead_organisation": "Turun AMK",
    }
    fields.update(changes)
    return Project(**fields)


def line(
    funder: str, share: str | int | None, amount: str | None = None, project_id: str = "p"
) -> FundingLine:
    return FundingLine(
        project_id,
        funder,
        None if share is None else Decimal(share),
        None if amount is None else Decimal(amount),
    )


def role(start: date | None = None, end: date | None = None, **changes) -> ProjectAssignment:
    fields = {
        "project_id": "p",
        "staff_id": "s",
        "role": "projektipäällikkö",
        "fte_percent": Decimal(50),
    }
    fields.update(changes)
    return ProjectAssignment(start=start, end=end, **fields)


def problems(action) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value.by_field()


def eur(amount: str) -> str:
    """A sum as the Finnish format writes it: ``2 000 000,00 €`` with no-break spaces."""
    return f"{amount.replace(' ', NBSP)}{NBSP}€"


# ----------------------------------------------------------------------------- Project.validate


def test_a_complete_project_is_accepted():
    project(total_budget=Decimal("988216.00"), our_budget=Decimal("348854.40")).validate()


def test_a_project_without_code_or_name_is_refused_naming_both_fields():
    assert problems(lambda: project(code=" ", name="").validate()) == {
        "code": "Lyhenne on pakollinen tieto",
        "name": "Nimi on pakollinen tieto",
    }


def test_a_project_that_ends_before_it_starts_is_refused_at_the_end_date():
    found = problems(lambda: project(end=START - timedelta(days=1)).validate())

    assert found == {"end": "Päättymispäivä on ennen alkamispäivää"}


def test_a_project_that_starts_and_ends_on_the_same_day_is_accepted():
    project(end=START).validate()


def test_a_project_with_open_dates_is_accepted():
    project(start=None, end=None).validate()


def test_our_budget_above_the_total_budget_is_refused_naming_both_sums():
    found = problems(
        lambda: project(total_budget=Decimal(988216), our_budget=Decimal(2000000)).validate()
    )

    assert found == {
        "our_budget": (
            f"Oma osuus {eur('2 000 000,00')} on suurempi kuin kokonaisbudjetti {eur('988 216,00')}"
        )
    }


def test_our_budget_equal_to_the_total_budget_is_accepted():
    project(total_budget=Decimal("87213.60"), our_budget=Decimal("87213.6")).validate()


def test_our_budget_without_a_total_budget_is_accepted():
    project(our_budget=Decimal("348854.40")).validate()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("total_budget", "Kokonaisbudjetti ei voi olla negatiivinen"),
        ("our_budget", "Oma osuus ei voi olla negatiivinen"),
    ],
)
def test_negative_money_is_refused(key, message):
    assert problems(lambda: project(**{key: Decimal("-0.01")}).validate()) == {key: message}


def test_a_zero_budget_is_accepted():
    project(total_budget=Decimal(0), our_budget=Decimal(0)).validate()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("total_budget", "Kokonaisbudjetti: enintään kaksi desimaalia (senttiä)"),
        ("our_budget", "Oma osuus: enintään kaksi desimaalia (senttiä)"),
    ],
)
def test_money_with_more_than_two_decimals_is_refused(key, message):
    assert problems(lambda: project(**{key: Decimal("10.005")}).validate()) == {key: message}


def test_trailing_zeros_beyond_the_cents_are_not_extra_decimals():
    project(total_budget=Decimal("988216.000"), our_budget=Decimal("348854.4000")).validate()


def test_a_negative_our_budget_is_not_also_compared_with_the_total():
    found = problems(lambda: project(total_budget=Decimal(-5), our_budget=Decimal(-1)).validate())

    assert found == {
        "total_budget": "Kokonaisbudjetti ei voi olla negatiivinen",
        "our_budget": "Oma osuus ei voi olla negatiivinen",
    }


def test_tidy_trims_the_code_name_lead_organisation_and_description():
    p = project(
        code="  TulLas ",
        name=" Tulevaisuuden lastensuojelu ",
        lead_organisation=" Turun AMK",
        description="x ",
    )

    p.tidy()

    assert (p.code, p.name, p.lead_organisation, p.description) == (
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        "Turun AMK",
        "x",
    )


def test_codes_compare_whatever_their_case_and_surrounding_spaces():
    assert code_key(" TulLas ") == code_key("TULLAS") == code_key("tullas")
    assert code_key(None) == ""


def test_the_period_is_written_as_in_the_annual_report():
    assert project().period == "1.3.2023–28.2.2025"
    assert project(end=None).period == "1.3.2023 alkaen"


# ----------------------------------------------------------------------------- state_on


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (START - timedelta(days=1), ProjectState.UPCOMING),
        (START, ProjectState.RUNNING),
        (date(2024, 6, 15), ProjectState.RUNNING),
        (END, ProjectState.RUNNING),
        (END + timedelta(days=1), ProjectState.ENDED),
    ],
    ids=["day-before-start", "start-day", "middle", "end-day", "day-after-end"],
)
def test_a_granted_project_is_upcoming_running_or_ended_by_its_dates(day, state):
    assert project().state_on(day) is state


def test_a_granted_project_with_open_dates_is_running_whatever_the_day():
    assert project(start=None, end=None).state_on(date(1999, 1, 1)) is ProjectState.RUNNING
    assert project(end=None).state_on(date(2099, 1, 1)) is ProjectState.RUNNING


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (ProjectStatus.PLANNED, ProjectState.PLANNED),
        (ProjectStatus.APPLIED, ProjectState.APPLIED),
        (ProjectStatus.REJECTED, ProjectState.REJECTED),
    ],
)
@pytest.mark.parametrize(
    "day", [START - timedelta(days=1), START, END, END + timedelta(days=1)], ids=str
)
def test_a_planned_applied_or_rejected_project_keeps_its_status_whatever_the_date(
    status, state, day
):
    assert project(status=status).state_on(day) is state


# ----------------------------------------------------------------------------- check_shares


def test_shares_of_60_and_50_percent_are_refused_with_the_total():
    found = problems(lambda: check_shares([line("ESR", 60), line("VTR", 50)]))

    assert found == {
        "share_percent": f"Rahoittajien osuudet ovat yhteensä 110{NBSP}%; enintään 100 % on mahdollista"
    }


def test_shares_of_80_and_20_percent_are_accepted():
    check_shares([line("ESR", 80), line("omarahoitus", 20)])


def test_shares_with_decimals_adding_up_to_100_are_accepted():
    check_shares([line("Erasmus+", "62.5"), line("omarahoitus", "37.5")])


def test_shares_a_cent_over_100_percent_are_refused():
    found = problems(lambda: check_shares([line("Erasmus+", "62.5"), line("omarahoitus", "37.51")]))

    assert found == {
        "share_percent": f"Rahoittajien osuudet ovat yhteensä 100,01{NBSP}%; enintään 100 % on mahdollista"
    }


def test_empty_shares_count_as_zero():
    check_shares([line("ESR", 60), line("STM", None), line("omarahoitus", 40)])
    check_shares([line("STM", None)])
    check_shares([])


def test_empty_shares_do_not_hide_a_total_over_100_percent():
    found = problems(lambda: check_shares([line("STM", None), line("ESR", 60), line("VTR", 50)]))

    assert "110" in found["share_percent"]


# ----------------------------------------------------------------------------- check_assignment


def test_a_role_inside_the_project_and_the_employment_is_accepted():
    check_assignment(
        role(date(2023, 6, 1), date(2024, 5, 31)), project(), (date(2022, 1, 1), date(2025, 12, 31))
    )


def test_a_role_that_starts_before_the_project_is_refused_naming_both_periods():
    found = problems(
        lambda: check_assignment(
            role(date(2023, 1, 1), date(2023, 12, 31)), project(), (date(2020, 1, 1), None)
        )
    )

    assert found == {
        "start": "Tehtävän aika 1.1.–31.12.2023 ei ole hankkeen ajan 1.3.2023–28.2.2025 sisällä"
    }


def test_a_role_that_ends_after_the_project_is_refused_naming_both_periods():
    found = problems(
        lambda: check_assignment(role(date(2024, 1, 1), date(2025, 3, 1)), project(), (None, None))
    )

    assert found == {
        "start": "Tehtävän aika 1.1.2024–1.3.2025 ei ole hankkeen ajan 1.3.2023–28.2.2025 sisällä"
    }


def test_a_role_outside_the_employment_is_refused_naming_both_periods():
    found = problems(
        lambda: check_assignment(
            role(date(2023, 3, 1), date(2024, 12, 31)),
            project(),
            (date(2023, 6, 1), date(2024, 5, 31)),
        )
    )

    assert found == {
        "start": "Tehtävän aika 1.3.2023–31.12.2024 ei ole palvelussuhteen 1.6.2023–31.5.2024 sisällä"
    }


def test_a_role_outside_both_periods_names_each_problem_in_its_own_field():
    found = problems(
        lambda: check_assignment(
            role(date(2022, 3, 1), date(2024, 12, 31)),
            project(),
            (date(2023, 6, 1), date(2024, 5, 31)),
        )
    )

    assert found == {
        "start": "Tehtävän aika 1.3.2022–31.12.2024 ei ole hankkeen ajan 1.3.2023–28.2.2025 sisällä",
        "end": "Tehtävän aika 1.3.2022–31.12.2024 ei ole palvelussuhteen 1.6.2023–31.5.2024 sisällä",
    }


def test_a_role_without_dates_runs_for_the_whole_project():
    check_assignment(role(), project(), (date(2023, 3, 1), date(2025, 2, 28)))


def test_a_role_without_dates_is_checked_with_the_projects_period_against_the_employment():
    found = problems(lambda: check_assignment(role(), project(), (date(2023, 6, 1), None)))

    assert found == {
        "start": "Tehtävän aika 1.3.2023–28.2.2025 ei ole palvelussuhteen 1.6.2023 alkaen sisällä"
    }


def test_a_role_without_an_end_ends_with_the_project():
    check_assignment(role(date(2024, 1, 1), None), project(), (date(2020, 1, 1), date(2025, 2, 28)))

    found = problems(
        lambda: check_assignment(
            role(date(2024, 1, 1), None), project(), (None, date(2024, 12, 31))
        )
    )
    assert found == {
        "start": "Tehtävän aika 1.1.2024–28.2.2025 ei ole palvelussuhteen 31.12.2024 saakka sisällä"
    }


def test_a_role_without_a_start_starts_with_the_project():
    found = problems(
        lambda: check_assignment(role(None, date(2024, 5, 31)), project(), (date(2023, 6, 1), None))
    )

    assert found == {
        "start": "Tehtävän aika 1.3.2023–31.5.2024 ei ole palvelussuhteen 1.6.2023 alkaen sisällä"
    }


def test_an_open_employment_end_is_accepted():
    check_assignment(role(date(2023, 3, 1), date(2025, 2, 28)), project(), (date(2020, 1, 1), None))
    check_assignment(role(), project(), (None, None))


def test_a_role_on_the_first_and_last_day_of_the_employment_is_accepted():
    check_assignment(
        role(date(2023, 6, 1), date(2024, 5, 31)), project(), (date(2023, 6, 1), date(2024, 5, 31))
    )


def test_a_role_is_checked_without_an_employment_when_none_is_given():
    check_assignment(role(date(2023, 6, 1), date(2024, 5, 31)), project(), None)


def test_check_assignment_first_checks_the_role_itself():
    found = problems(
        lambda: check_assignment(role(date(2024, 2, 1), date(2024, 1, 1), role=""), project(), None)
    )

    assert found == {
        "role": "Rooli on pakollinen tieto",
        "end": "Päättymispäivä on ennen alkamispäivää",
    }


# ----------------------------------------------------------------------------- funding_warning


def test_funding_amounts_that_differ_from_our_budget_give_a_warning_with_both_sums():
    p = project(our_budget=Decimal("87213.60"))

    warning = funding_warning(
        p, [line("Erasmus+", "62.5", "54508.50"), line("omarahoitus", "37.5", "32000.00")]
    )

    assert warning == (
        f"Rahoitusrivit ovat yhteensä {eur('86 508,50')}, oma osuus on {eur('87 213,60')}"
    )


def test_funding_amounts_equal_to_our_budget_give_no_warning():
    p = project(our_budget=Decimal("348854.40"))

    assert (
        funding_warning(p, [line("ESR", 80, "279083.52"), line("omarahoitus", 20, "69770.88")])
        == ""
    )


def test_funding_lines_without_amounts_give_no_warning():
    p = project(our_budget=Decimal("348854.40"))

    assert funding_warning(p, [line("ESR", 80), line("omarahoitus", 20)]) == ""
    assert funding_warning(p, []) == ""


def test_a_project_without_our_budget_gives_no_funding_warning():
    assert funding_warning(project(), [line("ESR", 80, "1000.00")]) == ""


def test_funding_lines_without_an_amount_are_left_out_of_the_sum():
    p = project(our_budget=Decimal("1000.00"))

    assert funding_warning(p, [line("ESR", 80, "1000.00"), line("omarahoitus", 20)]) == ""


# ----------------------------------------------------------------------------- AssignmentRow


def row(**changes) -> AssignmentRow:
    fields = {
        "project_id": "p",
        "last_name": "Virtanen",
        "first_name": "Anna",
        "role": "projektipäällikkö",
        "fte_percent": Decimal(50),
        "start": date(2023, 6, 1),
        "end": date(2024, 5, 31),
    }
    fields.update(changes)
    return AssignmentRow(**fields)


def test_a_complete_role_row_is_accepted():
    row().validate()
    row(fte_percent=None, start=None, end=None).validate()


def test_a_role_row_without_names_or_role_is_refused_naming_each_field():
    assert problems(lambda: row(last_name=" ", first_name="", role="").validate()) == {
        "last_name": "Sukunimi on pakollinen tieto",
        "first_name": "Etunimi on pakollinen tieto",
        "role": "Rooli on pakollinen tieto",
    }


@pytest.mark.parametrize("fte", ["0", "100.01", "-5"])
def test_a_role_row_with_an_fte_outside_1_to_100_is_refused(fte):
    assert problems(lambda: row(fte_percent=Decimal(fte)).validate()) == {
        "fte_percent": "Työaika-%: arvon on oltava välillä 1–100"
    }


def test_a_role_row_with_an_fte_of_more_than_two_decimals_is_refused():
    assert problems(lambda: row(fte_percent=Decimal("50.555")).validate()) == {
        "fte_percent": "Työaika-%: arvossa saa olla enintään kaksi desimaalia"
    }


def test_a_role_row_that_ends_before_it_starts_is_refused():
    assert problems(lambda: row(start=date(2024, 1, 2), end=date(2024, 1, 1)).validate()) == {
        "end": "Päättymispäivä on ennen alkamispäivää"
    }


def test_a_role_row_names_the_person_as_the_workbook_does_and_becomes_an_assignment():
    r = row(last_name=" Virtanen ", first_name="Anna ")

    assignment = r.assignment("staff-1")

    assert r.full_name == "Virtanen Anna"
    assert (assignment.id, assignment.project_id, assignment.staff_id, assignment.role) == (
        r.id,
        "p",
        "staff-1",
        "projektipäällikkö",
    )
    assert (assignment.fte_percent, assignment.start, assignment.end) == (
        Decimal(50),
        date(2023, 6, 1),
        date(2024, 5, 31),
    )
