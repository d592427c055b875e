import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from companies.models import Company
from companies.rut import format_rut, normalize_rut, rut_search_key


@pytest.mark.parametrize("typed", ["76.086.428-5", "76086428-5", "760864285", " 76.086.428-5 "])
def test_it_stores_any_common_spelling_in_one_form(typed):
    assert normalize_rut(typed) == "76086428-5"


def test_it_accepts_k_as_check_digit():
    assert normalize_rut("61.704.000-k") == "61704000-K"


def test_a_wrong_check_digit_gets_a_spanish_message():
    with pytest.raises(ValidationError) as error:
        normalize_rut("76.086.428-4")

    assert error.value.messages == ["El dígito verificador del RUT no corresponde."]


@pytest.mark.parametrize("typed", ["", "abc", "12-", "1234567890123-4"])
def test_garbage_gets_a_spanish_message(typed):
    with pytest.raises(ValidationError) as error:
        normalize_rut(typed)

    assert "El RUT no es válido" in error.value.messages[0]


def test_it_is_shown_with_dots_and_dash():
    assert format_rut("97030000-7") == "97.030.000-7"
    assert format_rut(None) == ""


def test_search_key_matches_the_stored_form():
    assert rut_search_key("76.086.428-5") == "76086428-5"
    assert rut_search_key("76.086") == "76086"
    assert rut_search_key("76086428") == "76086428"


@pytest.mark.django_db
def test_a_company_with_a_wrong_rut_does_not_validate(park):
    company = Company(rut="76.086.428-4", legal_name="Errada SpA", park=park)

    with pytest.raises(ValidationError) as error:
        company.full_clean()

    assert error.value.message_dict["rut"] == ["El dígito verificador del RUT no corresponde."]


@pytest.mark.django_db
def test_the_same_rut_spelled_differently_is_one_company(company):
    duplicate = Company(rut="76.086.428-5", legal_name="Otra SpA")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "rut" in error.value.message_dict

    with pytest.raises(IntegrityError):
        Company.objects.create(rut="760864285", legal_name="Otra SpA")


@pytest.mark.django_db
def test_companies_without_a_known_rut_can_coexist(park):
    Company.objects.create(legal_name="Sin RUT Uno", park=park, rut="")
    Company.objects.create(legal_name="Sin RUT Dos", park=park)

    assert Company.objects.filter(rut__isnull=True).count() == 2
