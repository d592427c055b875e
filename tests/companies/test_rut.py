import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from companies.models import Company
from companies.rut import format_rut, join_rut, normalize_rut, rut_search_key


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


# --- RUTs as people type them --------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("060.803.000-K", "60803000-K"),
        ("0076.086.428-5", "76086428-5"),
        ("RUT 76.086.428-5", "76086428-5"),
        ("R.U.T.: 76.086.428-5", "76086428-5"),
        ("Rut N° 61.704.000-k", "61704000-K"),
        ("76.086\u200b.428-5", "76086428-5"),
        ("\ufeff76086428-5\u200d", "76086428-5"),
        ("61.704.000-\u041a", "61704000-K"),  # Cyrillic Ka
        ("61.704.000-\u212a", "61704000-K"),  # Kelvin sign
        ("61.704.000-\uff2b", "61704000-K"),  # fullwidth K
        ("76.086.428\u20135", "76086428-5"),  # en dash
        ("76086428 5", "76086428-5"),
        ("76.086.4285", "76086428-5"),
        ("61704000K", "61704000-K"),
    ],
)
def test_it_reads_a_rut_with_the_noise_people_type_around_it(typed, stored):
    assert normalize_rut(typed) == stored


@pytest.mark.parametrize("typed", ["61704000", "61.704.000", "6170400"])
def test_a_number_without_dash_that_may_lack_its_check_digit_is_refused_not_guessed(typed):
    with pytest.raises(ValidationError) as error:
        normalize_rut(typed)

    (message,) = error.value.messages
    assert message.startswith(f"Falta el guion antes del dígito verificador: «{typed}»")
    assert "dígito verificador no corresponde" not in message


def test_the_refusal_of_a_bare_number_names_both_readings():
    with pytest.raises(ValidationError) as error:
        normalize_rut("61704000")

    assert (
        "el RUT 61.704.000 sin su dígito verificador o el RUT 6.170.400-0"
        in (error.value.messages[0])
    )


def test_nine_bare_digits_are_a_full_rut_because_no_rut_has_more_than_eight():
    assert normalize_rut("760864285") == "76086428-5"


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("76.086.42B-5", "tiene caracteres que no van en un RUT («B»)"),
        ("76086428-X", "el dígito verificador es un número del 0 al 9 o la letra K, no «X»"),
        ("76086428-", "falta el dígito verificador después del guion"),
        ("7K086428-5", "la K solo puede ir al final, como dígito verificador"),
        ("76-086-428-5", "tiene más de un guion"),
        ("000-0", "el número es cero"),
        ("123456789-0", "tiene 9 dígitos antes del dígito verificador"),
    ],
)
def test_what_is_not_a_rut_is_refused_saying_what_is_wrong(typed, reason):
    with pytest.raises(ValidationError) as error:
        normalize_rut(typed)

    (message,) = error.value.messages
    assert message.startswith("El RUT no es válido: ")
    assert reason in message


def test_a_rut_in_two_columns_is_joined():
    assert normalize_rut(join_rut("61.704.000", "k")) == "61704000-K"
    assert join_rut("61.704.000-K", "K") == "61.704.000-K"
    assert join_rut("76086428", "") == "76086428"


def test_a_search_for_a_bare_number_looks_for_it_as_typed_not_as_another_rut():
    assert rut_search_key("61704000") == "61704000"


@pytest.mark.django_db
def test_a_company_typed_without_its_check_digit_is_not_saved_as_another_rut(park):
    company = Company(rut="61704000", legal_name="Cobre Andino S.A.", park=park)

    with pytest.raises(ValidationError) as error:
        company.full_clean()

    assert error.value.message_dict["rut"][0].startswith("Falta el guion")
    assert not Company.objects.filter(rut="6170400-0").exists()
