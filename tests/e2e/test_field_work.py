"""The Gestora's field work on a phone, and the Alcaldía's flag reaching her."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import FollowUp, Visit
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, open_menu, page_width
from vacancies.models import Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_gestora_logs_a_visit_on_a_phone_and_captures_a_vacancy(
    page_factory, company, contact, gestora
):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/")
    page.get_by_role("link", name="Registrar contacto").click()

    due = timezone.localdate() + timedelta(days=3)
    page.get_by_label(contact.name).check()
    page.get_by_label("Resumen").fill("Jefa de RR.HH. necesita dos operarios de bodega.")
    page.get_by_label("Necesidades detectadas").fill("Operarios de bodega")
    page.get_by_label("Próximo paso").fill("Enviar perfiles de candidatos")
    page.get_by_label("Fecha del seguimiento").fill(due.isoformat())
    assert page_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Guardar y captar una vacante").click()

    expect(page.get_by_role("heading", name=f"Vacante de {company}")).to_be_visible()
    page.get_by_label("Cargo").fill("Operario de bodega")
    page.get_by_label("Cupos").fill("2")
    page.get_by_role("button", name="Guardar vacante").click()

    expect(page.get_by_text("Vacante «Operario de bodega» captada")).to_be_visible()
    visit = Visit.objects.get(company=company)
    assert list(visit.contacts.all()) == [contact]
    follow_up = FollowUp.objects.get(company=company)
    assert (follow_up.title, follow_up.due_date, follow_up.assigned_to) == (
        "Enviar perfiles de candidatos",
        due,
        gestora,
    )
    vacancy = Vacancy.objects.get(company=company)
    assert (vacancy.positions, vacancy.captured_on_visit) == (2, visit)

    page.goto("/seguimientos/")
    expect(page.get_by_text("Enviar perfiles de candidatos")).to_be_visible()


def test_a_flag_by_the_alcaldia_reaches_the_gestora(page_factory, park, gestora, alcaldia):
    mayor = page_factory()
    log_in(mayor, "alcaldia", PASSWORD, landing="**/admin/companies/companyflag/")
    mayor.get_by_role("link", name="Añadir aviso de empresa nueva").click()
    mayor.get_by_label("Nombre o razón social").fill("Frigorífico Lote 9 SpA")
    mayor.get_by_label("RUT (si se conoce)").fill("77.123.456-9")
    mayor.get_by_label("Nota").fill("Se instaló la semana pasada.")
    mayor.get_by_role("button", name="Guardar", exact=True).click()
    expect(mayor.get_by_text("Pendiente de visita")).to_be_visible()

    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    open_menu(page)
    expect(page.get_by_test_id("unread-count")).to_contain_text("1")
    page.get_by_test_id("notifications-link").click()
    page.wait_for_url("**/notificaciones/")
    expect(
        page.get_by_text("La Alcaldía señaló una empresa nueva: Frigorífico Lote 9 SpA")
    ).to_be_visible()
    page.goto("/seguimientos/")
    item = page.get_by_test_id("follow-up").filter(has_text="Visitar empresa nueva")
    expect(item).to_contain_text("Frigorífico Lote 9 SpA")


def test_the_alcaldia_is_forbidden_on_staff_pages(page_factory, alcaldia):
    page = page_factory()
    log_in(page, "alcaldia", PASSWORD, landing="**/admin/companies/companyflag/")

    response = page.goto("/empresas/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Acceso denegado")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/empresas/$"))
