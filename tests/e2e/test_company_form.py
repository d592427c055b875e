"""The Gestora registers a company from her phone and then corrects its phone and sector."""

import pytest
from playwright.sync_api import expect

from companies.models import Company, Sector
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page_width(page) <= PHONE["width"]


def test_the_gestora_registers_a_company_on_a_phone_and_corrects_it(page_factory, park, gestora):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto("/empresas/")
    page.get_by_role("link", name="Nueva empresa").click()

    expect(page.get_by_role("heading", name="Nueva empresa")).to_be_visible()
    page.get_by_role("textbox", name="RUT").fill("77.123.456-9")
    page.get_by_label("Razón social").fill("Frigorífico Lote Nueve SpA")
    page.get_by_label("Rubro").select_option(label="Otro")
    page.get_by_label("Parque industrial").select_option(label=park.name)
    page.get_by_label("Dirección").fill("Camino Concón-Quintero 1200, Lote 9")
    page.get_by_label("sábado").check()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("heading", name="Frigorífico Lote Nueve SpA")).to_be_visible()
    expect(page.get_by_text("Se registró la empresa Frigorífico Lote Nueve SpA.")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("link", name="Editar", exact=True).click()

    expect(page.get_by_role("textbox", name="RUT")).to_be_disabled()
    page.get_by_label("Teléfono").fill("+56 32 281 4400")
    page.get_by_label("Rubro").select_option(label="Alimentos")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Guardar").click()

    expect(
        page.get_by_text("Se guardaron los datos de Frigorífico Lote Nueve SpA.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="+56 32 281 4400")).to_be_visible()
    company = Company.objects.get(rut="77123456-9")
    assert (company.phone, company.sector, company.owner, company.park) == (
        "+56 32 281 4400",
        Sector.FOOD,
        gestora,
        park,
    )
    assert company.visiting_weekdays == "012345"
    assert company.history.count() == 2


def test_a_refused_rut_is_shown_next_to_the_field_on_a_phone(page_factory, company, gestora):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto("/empresas/nueva/")

    page.get_by_role("textbox", name="RUT").fill(company.rut_display)
    page.get_by_label("Razón social").fill("Otra razón social SpA")
    page.get_by_role("button", name="Guardar").click()

    error = page.get_by_text(f"Ya existe una empresa con el RUT {company.rut_display}")
    expect(error).to_be_visible()
    expect(error).to_be_in_viewport()
    assert Company.objects.count() == 1
