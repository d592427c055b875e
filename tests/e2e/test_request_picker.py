"""The Administrativa files a phoned-in request on her phone, finding the company as she
types its name."""

import pytest
from playwright.sync_api import expect

from companies.models import Company
from requests_routing.models import ServiceRequest
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, open_menu, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_administrativa_picks_the_company_by_typing_and_files_the_request(
    page_factory, administrativa, company, contact, pruning, park
):
    Company.objects.create(legal_name="Frigorífico Lote 9 SpA", park=park)
    page = page_factory(PHONE)
    log_in(page, "administrativa", PASSWORD)

    open_menu(page)
    page.get_by_test_id("main-menu").get_by_role("link", name="Solicitudes").click()
    page.get_by_role("link", name="Nueva solicitud").click()
    expect(page.get_by_role("heading", name="Nueva solicitud")).to_be_visible()
    page.get_by_label("Empresa (nombre o RUT)").press_sequentially("bodeg", delay=50)

    results = page.get_by_test_id("company-results")
    expect(results.get_by_role("link")).to_have_count(1)
    assert page_width(page) <= PHONE["width"]
    results.get_by_role("link", name="Bodegas de Prueba SpA").click()

    expect(page.get_by_role("heading", name="Solicitud de Bodegas de Prueba SpA")).to_be_visible()
    page.get_by_label("Categoría").select_option(index=1)
    page.get_by_label("Contacto").select_option(label="Ana Pérez (Bodegas de Prueba SpA)")
    page.get_by_label("Asunto").fill("Árbol caído en el acceso norte")
    assert page_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Registrar y derivar").click()

    request = ServiceRequest.objects.get()
    expect(page.get_by_text(f"Solicitud {request.reference} registrada")).to_be_visible()
    assert (request.company, request.contact, request.category) == (company, contact, pruning)
    assert request.subject == "Árbol caído en el acceso norte"
