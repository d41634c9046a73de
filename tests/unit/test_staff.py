from datetime import date
from decimal import Decimal

import pytest

from domain.errors import ValidationError
from domain.staff import StaffMember, Trainee, TraineeKind, headcount_on


def member(start=None, end=None, fte="100", **kw) -> StaffMember:
    return StaffMember(
        "Kantola",
        "Marjo",
        "hallintoassistentti",
        fte_percent=Decimal(fte),
        start=start,
        end=end,
        **kw,
    )


def test_a_person_is_employed_on_their_first_day():
    assert member(start=date(2022, 4, 1)).employed_on(date(2022, 4, 1))


def test_a_person_is_employed_on_their_last_day():
    assert member(end=date(2022, 10, 26)).employed_on(date(2022, 10, 26))


def test_a_person_is_not_employed_the_day_after_their_last_day():
    assert not member(end=date(2022, 10, 26)).employed_on(date(2022, 10, 27))


def test_a_person_is_not_employed_before_their_first_day():
    assert not member(start=date(2022, 4, 1)).employed_on(date(2022, 3, 31))


def test_open_start_and_end_mean_employed_all_along():
    assert member().employed_on(date(1990, 1, 1))


def test_headcount_counts_people_and_sums_their_working_time():
    staff = [
        member(fte="100"),
        member(start=date(2022, 4, 1), fte="80"),
        member(end=date(2022, 3, 31), fte="50"),
        member(start=date(2022, 1, 1), end=date(2022, 12, 31), fte="62.5"),
    ]
    hc = headcount_on(staff, date(2022, 4, 1))
    assert (hc.people, hc.fte) == (3, Decimal("2.425"))


def test_headcount_of_nobody_is_zero():
    hc = headcount_on([], date(2022, 1, 1))
    assert (hc.people, hc.fte) == (0, Decimal(0))


def errors_of(record) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        record.validate()
    return caught.value.by_field()


def test_an_end_before_the_start_is_refused_on_the_end_field():
    errors = errors_of(member(start=date(2022, 5, 1), end=date(2022, 4, 30)))
    assert errors == {"end": "Päättymispäivä on ennen alkamispäivää"}


@pytest.mark.parametrize("fte", ["0", "150", "0.5", "100.01"])
def test_working_time_outside_1_to_100_is_refused(fte):
    assert "fte_percent" in errors_of(member(fte=fte))


def test_working_time_of_1_and_100_is_accepted():
    member(fte="1").validate()
    member(fte="100").validate()


def test_a_malformed_email_is_refused():
    assert "email" in errors_of(member(email="marjo.kantola@"))


def test_a_well_formed_email_is_accepted():
    member(email="marjo.kantola@pikassos.fi").validate()


def test_missing_names_and_title_are_all_reported_at_once():
    errors = errors_of(StaffMember(" ", "", "", fte_percent=Decimal(100)))
    assert set(errors) == {"last_name", "first_name", "title"}


def test_a_trainee_needs_a_start_date():
    trainee = Trainee("Saarinen", "Veera", TraineeKind.THESIS, None)
    assert "start" in errors_of(trainee)


def test_the_full_name_is_last_name_first():
    assert member().full_name == "Kantola Marjo"
