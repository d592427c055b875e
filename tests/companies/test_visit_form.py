"""Logging a contact with a company from the visit form, and going on to a request or a vacancy."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact, FollowUp, Visit
from requests_routing.models import ServiceRequest
from vacancies.models import Vacancy


def form_url(company) -> str:
    return reverse("companies:visit_log", args=[company.pk])


def local_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def visit_data(**overrides) -> dict:
    data = {
        "kind": "field",
        "happened_at": local_minute(timezone.now() - timedelta(hours=1)),
        "summary": "Conversamos con la jefa de RR.HH. sobre la temporada alta.",
        "needs_detected": "Necesitan grueros",
        "next_step": "Enviar perfiles de operarios",
        "follow_up_due": "",
        "next": "done",
    }
    data.update(overrides)
    return data


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def assert_nothing_logged(company) -> None:
    assert not Visit.objects.exists()
    assert not FollowUp.objects.exists()
    company.refresh_from_db()
    assert company.last_contact_at is None


# Logging


def test_logging_a_visit_updates_the_last_contact(logged_in, company, contact):
    happened = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=1)

    response = logged_in.post(
        form_url(company),
        visit_data(happened_at=local_minute(happened), contacts=[contact.pk]),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:detail", args=[company.pk])
    visit = Visit.objects.get(company=company)
    assert (visit.status, visit.happened_at, list(visit.contacts.all())) == (
        Visit.Status.DONE,
        happened,
        [contact],
    )
    company.refresh_from_db()
    assert company.last_contact_at == happened


def test_the_company_page_confirms_the_visit(logged_in, company):
    response = logged_in.post(form_url(company), visit_data(), follow=True)

    assert "Se registró el contacto con Bodegas de Prueba SpA." in response.content.decode()


def test_a_follow_up_date_leaves_a_follow_up_for_the_user(logged_in, company, gestora):
    due = timezone.localdate() + timedelta(days=7)

    logged_in.post(form_url(company), visit_data(follow_up_due=due.isoformat()))

    follow_up = FollowUp.objects.get(company=company)
    assert (follow_up.title, follow_up.due_date, follow_up.assigned_to) == (
        "Enviar perfiles de operarios",
        due,
        gestora,
    )
    assert follow_up.source == Visit.objects.get()


def test_without_a_follow_up_date_no_follow_up_is_created(logged_in, company):
    logged_in.post(form_url(company), visit_data())

    assert Visit.objects.count() == 1
    assert not FollowUp.objects.exists()


# Going on to a vacancy or a request


def test_save_and_capture_a_vacancy_leads_to_the_vacancy_form(logged_in, company):
    response = logged_in.post(form_url(company), visit_data(next="vacancy"))

    visit = Visit.objects.get()
    expected = f"{reverse('vacancies:vacancy_create')}?empresa={company.pk}&visita={visit.pk}"
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_vacancy_form_shows_the_company(logged_in, company):
    target = logged_in.post(form_url(company), visit_data(next="vacancy"))["Location"]

    page = logged_in.get(target).content.decode()

    assert "Vacante de Bodegas de Prueba SpA" in page


def test_the_vacancy_is_captured_on_the_visit(logged_in, company, gestora):
    target = logged_in.post(form_url(company), visit_data(next="vacancy"))["Location"]

    response = logged_in.post(
        target, {"title": "Operario de grúa", "positions": "3", "contract_type": "fixed_term"}
    )

    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert (vacancy.company, vacancy.captured_on_visit, vacancy.captured_by) == (
        company,
        Visit.objects.get(),
        gestora,
    )
    assert (vacancy.title, vacancy.positions) == ("Operario de grúa", 3)


def test_save_and_register_a_request_leads_to_the_request_form(logged_in, company):
    response = logged_in.post(form_url(company), visit_data(next="request"))

    visit = Visit.objects.get()
    expected = (
        f"{reverse('requests_routing:request_create')}?empresa={company.pk}&visita={visit.pk}"
    )
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_request_is_registered_from_the_visit(logged_in, company, pruning):
    target = logged_in.post(form_url(company), visit_data(next="request"))["Location"]

    response = logged_in.post(
        target,
        {"category": pruning.pk, "channel": "visit", "subject": "Poda de árboles en la entrada"},
        follow=True,
    )

    request = ServiceRequest.objects.get()
    assert (request.company, request.origin_visit) == (company, Visit.objects.get())
    assert request.reference.startswith("SOL-")
    assert f"Solicitud {request.reference} registrada" in response.content.decode()


# Refusals


def test_an_empty_summary_is_refused(logged_in, company):
    response = logged_in.post(form_url(company), visit_data(summary="   "))

    assert response.status_code == 200
    assert "Este campo es obligatorio." in response.content.decode()
    assert_nothing_logged(company)


def test_a_past_follow_up_date_is_refused(logged_in, company):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = logged_in.post(form_url(company), visit_data(follow_up_due=yesterday.isoformat()))

    assert response.status_code == 200
    assert "La fecha del seguimiento no puede ser pasada." in response.content.decode()
    assert_nothing_logged(company)


def test_a_visit_dated_tomorrow_is_refused(logged_in, company):
    tomorrow = local_minute(timezone.now() + timedelta(days=1))

    response = logged_in.post(form_url(company), visit_data(happened_at=tomorrow))

    assert response.status_code == 200
    assert "Una visita realizada no puede tener fecha futura" in response.content.decode()
    assert_nothing_logged(company)


def test_a_contact_of_another_company_is_refused(logged_in, company, contact, park):
    elsewhere = Company.objects.create(legal_name="Otra Empresa SpA", park=park)
    stranger = Contact.objects.create(company=elsewhere, name="Rosa Díaz")

    response = logged_in.post(form_url(company), visit_data(contacts=[stranger.pk]))

    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert_nothing_logged(company)


def test_a_refused_visit_keeps_the_previous_last_contact(logged_in, company):
    before = timezone.now() - timedelta(days=30)
    Company.objects.filter(pk=company.pk).update(last_contact_at=before)

    logged_in.post(form_url(company), visit_data(summary=""))

    company.refresh_from_db()
    assert company.last_contact_at == before


def test_the_psicologa_may_not_log_a_visit(client, psicologa, company):
    client.force_login(psicologa)

    response = client.post(form_url(company), visit_data())

    assert response.status_code == 403
    assert_nothing_logged(company)
