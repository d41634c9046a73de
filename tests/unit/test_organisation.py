import pytest

from domain.errors import ValidationError
from domain.identifiers import contains_personal_identity_code, is_valid_business_id
from domain.organisation import Organisation


def test_a_business_id_with_the_right_check_digit_is_valid():
    assert is_valid_business_id("1572860-0")


@pytest.mark.parametrize("text", ["1572860-1", "15728600", "1572860", "abcdefg-h", ""])
def test_a_business_id_with_a_wrong_check_digit_or_form_is_invalid(text):
    assert not is_valid_business_id(text)


def test_the_settings_refuse_an_invalid_business_id_on_its_field():
    with pytest.raises(ValidationError) as caught:
        Organisation(name="Pikassos Oy", business_id="1572860-1").validate()
    assert caught.value.field == "business_id"


def test_the_settings_need_a_name():
    with pytest.raises(ValidationError) as caught:
        Organisation(name=" ").validate()
    assert caught.value.field == "name"


def test_an_area_listed_twice_is_refused():
    with pytest.raises(ValidationError) as caught:
        Organisation(name="X", areas=["Eksote", "eksote"]).validate()
    assert caught.value.field == "areas"


@pytest.mark.parametrize("text", ["asiakas 131052-308T soitti", "010594Y9021"])
def test_a_personal_identity_code_is_detected(text):
    assert contains_personal_identity_code(text)


@pytest.mark.parametrize("text", ["puhelu 123456-1234", "tosite 2022-0001", "131052-308A"])
def test_ordinary_numbers_are_not_taken_for_identity_codes(text):
    assert not contains_personal_identity_code(text)
