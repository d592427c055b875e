"""Capturing a vacancy directly (not from a visit), editing it, and its printable posting."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from tests.vacancies.conftest import make_person, refer
from vacancies.models import Referral, Vacancy

CAPTURE = reverse("vacancies:vacancy_create")


def vacancy_data(**overrides) -> dict:
    data = {
        "title": "Operario de bodega",
        "positions": "2",
        "requirements": "Licencia clase D",
        "shift": "4x4 diurno",
        "contract_type": "fixed_term",
        "salary_min": "650000",
        "salary_max": "800000",
        "closing_date": "",
    }
    data.update(overrides)
    return data


# Capturing directly


def test_without_a_company_the_form_asks_for_one(as_gestora, company):
    content = as_gestora.get(CAPTURE).content.decode()

    assert 'name="company"' in content
    assert "Bodegas de Prueba SpA" in content


def test_a_vacancy_given_by_phone_is_captured_directly(as_gestora, company, gestora):
    response = as_gestora.post(CAPTURE, vacancy_data(company=company.pk))

    vacancy = Vacancy.objects.get()
    assert response["Location"] == reverse("vacancies:vacancy_detail", args=[vacancy.pk])
    assert (vacancy.company, vacancy.captured_by, vacancy.captured_on_visit) == (
        company,
        gestora,
        None,
    )
    assert (vacancy.positions, vacancy.salary_min, vacancy.salary_max) == (2, 650000, 800000)


def test_a_salary_range_upside_down_is_refused_next_to_the_maximum(as_gestora, company):
    content = as_gestora.post(
        CAPTURE, vacancy_data(company=company.pk, salary_min="900000", salary_max="600000")
    ).content.decode()

    field = content.split('id="div_id_salary_max"', 1)[1].split('id="div_id_closing_date"')[0]
    assert "La renta máxima no puede ser menor que la mínima." in field
    assert not Vacancy.objects.exists()


def test_a_closing_date_before_today_is_refused(as_gestora, company):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = as_gestora.post(
        CAPTURE, vacancy_data(company=company.pk, closing_date=yesterday.isoformat())
    )

    assert (
        "La fecha de cierre no puede ser anterior a la de captación." in response.content.decode()
    )
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("positions", ["0", "-1", "muchos"])
def test_positions_must_be_a_positive_number(as_gestora, company, positions):
    response = as_gestora.post(CAPTURE, vacancy_data(company=company.pk, positions=positions))

    assert response.status_code == 200
    assert 'id="div_id_positions"' in response.content.decode()
    assert not Vacancy.objects.exists()


def test_zero_positions_are_refused_in_spanish_next_to_the_positions(as_gestora, company):
    content = as_gestora.post(
        CAPTURE, vacancy_data(company=company.pk, positions="0")
    ).content.decode()

    field = content.split('id="div_id_positions"', 1)[1].split('id="div_id_requirements"')[0]
    assert "Los cupos deben ser al menos 1." in field
    assert "vacancy_positions_min" not in content
    assert "restricción" not in content
    assert not Vacancy.objects.exists()


def test_zero_positions_are_refused_when_editing_too(as_gestora, vacancy):
    content = edit(as_gestora, vacancy, positions="0").content.decode()

    field = content.split('id="div_id_positions"', 1)[1].split('id="div_id_requirements"')[0]
    assert "Los cupos deben ser al menos 1." in field
    vacancy.refresh_from_db()
    assert vacancy.positions == 2


def test_an_empty_form_shows_what_is_missing(as_gestora, company):
    response = as_gestora.post(CAPTURE, {})

    assert response.status_code == 200
    assert "Este campo es obligatorio." in response.content.decode()
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["psicologa", "administrativa", "encargado"])
def test_only_the_gestora_captures_vacancies(client, request, company, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(CAPTURE, vacancy_data(company=company.pk))

    assert response.status_code == 403
    assert not Vacancy.objects.exists()


# Editing


def edit(client, vacancy, **overrides):
    data = vacancy_data(**{"status": "open", **overrides})
    return client.post(reverse("vacancies:vacancy_edit", args=[vacancy.pk]), data)


def test_the_gestora_edits_and_closes_a_vacancy(as_gestora, vacancy):
    response = edit(as_gestora, vacancy, title="Bodeguero", status="closed")

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.status) == ("Bodeguero", Vacancy.Status.CLOSED)


def test_positions_cannot_drop_below_the_hires(as_gestora, vacancy, psicologa):
    for number, name in [(15111222, "Camila"), (16222333, "Pedro")]:
        person = make_person(number, name, "Araya", consent_by=psicologa)
        refer(person, vacancy, psicologa, Referral.Stage.HIRED)

    response = edit(as_gestora, vacancy, positions="1", status="open")

    assert "Ya hay 2 contratación(es); los cupos no pueden ser menos." in response.content.decode()
    vacancy.refresh_from_db()
    assert (vacancy.positions, vacancy.status) == (2, Vacancy.Status.FILLED)


def test_more_positions_reopen_a_filled_vacancy(as_gestora, vacancy, psicologa):
    for number, name in [(15111222, "Camila"), (16222333, "Pedro")]:
        person = make_person(number, name, "Araya", consent_by=psicologa)
        refer(person, vacancy, psicologa, Referral.Stage.HIRED)

    edit(as_gestora, vacancy, positions="3", status="open")

    vacancy.refresh_from_db()
    assert (vacancy.positions, vacancy.status) == (3, Vacancy.Status.OPEN)


def test_the_psicologa_may_not_edit_a_vacancy(client, psicologa, vacancy):
    client.force_login(psicologa)

    assert edit(client, vacancy, title="Otro").status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.title == "Operario de bodega"


# The printable posting


def test_the_posting_shows_the_offer(as_gestora, company, gestora):
    vacancy = Vacancy.objects.create(
        company=company,
        title="Soldador calificado",
        positions=3,
        shift="Turno noche",
        salary_min=900000,
        salary_max=1100000,
        closing_date=date(2026, 12, 20),
        requirements="Certificación 6G",
        captured_by=gestora,
    )

    content = as_gestora.get(reverse("vacancies:vacancy_posting", args=[vacancy.pk])).content
    content = content.decode()

    assert "Se busca: Soldador calificado" in content
    assert "$900.000 a $1.100.000" in content
    assert "20 de diciembre de 2026" in content
    assert "Certificación 6G" in content
    assert f"N.º {vacancy.pk}" in content
    assert "css/app.css" in content
    assert "<script>" not in content
    assert 'style="' not in content


def posting_of(client, vacancy) -> str:
    response = client.get(reverse("vacancies:vacancy_posting", args=[vacancy.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_posting_shows_the_positions_still_open(as_gestora, vacancy, psicologa):
    person = make_person(15111222, "Camila", "Araya", consent_by=psicologa)
    refer(person, vacancy, psicologa, Referral.Stage.HIRED)

    content = posting_of(as_gestora, vacancy)

    assert "Cupos disponibles" in content
    assert "1 de 2" in content


def test_a_filled_vacancy_has_no_positions_left(as_gestora, vacancy, psicologa):
    for number, name in [(15111222, "Camila"), (16222333, "Pedro")]:
        person = make_person(number, name, "Araya", consent_by=psicologa)
        refer(person, vacancy, psicologa, Referral.Stage.HIRED)

    content = posting_of(as_gestora, vacancy)

    assert "0 de 2" in content
    assert "Esta vacante está cubierta." in content


def test_the_posting_says_where_and_when_to_apply(as_gestora, vacancy, settings):
    settings.OMIL_OFFICE_NAME = "OMIL de Quintero"
    settings.OMIL_OFFICE_ADDRESS = "Normandie 1916, Quintero"
    settings.OMIL_OFFICE_PHONE = "+56 32 237 9000"
    settings.OMIL_OFFICE_EMAIL = "omil@quintero.example"
    settings.OMIL_OFFICE_HOURS = "Lunes a jueves, de 9:00 a 13:30"

    content = posting_of(as_gestora, vacancy)

    for shown in [
        "OMIL de Quintero",
        "Normandie 1916, Quintero",
        "+56 32 237 9000",
        "omil@quintero.example",
        "Horario de atención: Lunes a jueves, de 9:00 a 13:30",
    ]:
        assert shown in content, shown


def test_by_default_the_posting_gives_the_concon_office(as_gestora, vacancy):
    content = posting_of(as_gestora, vacancy)

    assert "Concón" in content
    assert "Horario de atención: Lunes a viernes" in content


def test_the_posting_carries_no_personal_data(as_psicologa, vacancy, consenting, psicologa):
    Contact.objects.create(company=vacancy.company, name="Ana Pérez", email="ana@bodegas.cl")
    refer(consenting, vacancy, psicologa)

    content = as_psicologa.get(reverse("vacancies:vacancy_posting", args=[vacancy.pk]))
    content = content.content.decode()

    for personal in ["Luis", "Tapia", "Ana Pérez", "ana@bodegas.cl", "Gestora", "Psicologa"]:
        assert personal not in content, personal


def test_the_administrativa_may_not_print_postings(client, administrativa, vacancy):
    client.force_login(administrativa)

    assert client.get(reverse("vacancies:vacancy_posting", args=[vacancy.pk])).status_code == 403


def test_the_bne_offer_code_is_kept_on_the_vacancy_and_shown(as_gestora, vacancy):
    response = edit(as_gestora, vacancy, bne_code=" 4512873 ")

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.bne_code == "4512873"
    page = as_gestora.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))
    assert "Código BNE" in page.content.decode() and "4512873" in page.content.decode()
