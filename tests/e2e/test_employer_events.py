"""An employer event in a real browser: the Gestora creates a business breakfast on her phone
and invites a company; its contact confirms on the portal; the Gestora reads «Confirmó por el
portal». No page scrolls sideways on a 375 px phone."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EmployerEvent, EventCompany
from omil_crm.portal import sessions
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, open_menu, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_phone(page) -> bool:
    return page_width(page) <= PHONE["width"]


def portal_phone(page_factory, live_server, contact):
    page = page_factory(PHONE)
    _, raw_key = sessions.start_session(contact=contact)
    page.context.add_cookies(
        [
            {
                "name": sessions.COOKIE_NAME,
                "value": raw_key,
                "domain": urlparse(live_server.url).hostname,
                "path": sessions.COOKIE_PATH,
            }
        ]
    )
    return page


def test_a_breakfast_is_created_invited_and_confirmed_on_the_portal(
    page_factory, live_server, gestora, company, contact
):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    open_menu(page)
    page.get_by_test_id("main-menu").get_by_role("link", name="Eventos").click()
    page.get_by_role("link", name="Nuevo evento").click()
    page.get_by_label("Tipo").select_option(label="Desayuno empresarial")
    page.get_by_label("Título").fill("Desayuno con el alcalde")
    day = timezone.localdate() + timedelta(days=8)
    page.get_by_label("Fecha").fill(day.isoformat())
    page.get_by_label("Hora de inicio").fill("08:30")
    page.get_by_label("Hora de término").fill("10:30")
    page.get_by_label("Lugar").fill("Salón municipal")
    page.locator("#id_organiser").select_option(label="Alcaldía")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Evento «Desayuno con el alcalde» creado.")).to_be_visible()
    assert fits_the_phone(page)

    page.get_by_role("link", name="Invitar empresas").click()
    page.get_by_label("Bodegas de Prueba SpA").check()
    page.get_by_role("button", name="Invitar").click()
    expect(page.get_by_text("1 empresa(s) invitada(s)")).to_be_visible()
    event = EmployerEvent.objects.get()
    assert EventCompany.objects.filter(event=event, company=company).exists()

    portal = portal_phone(page_factory, live_server, contact)
    portal.goto("/portal/eventos/")
    card = portal.get_by_test_id("portal-event").filter(has_text="Desayuno con el alcalde")
    card.get_by_role("button", name="Asistiremos").click()
    expect(portal.get_by_text("Gracias: confirmó la asistencia")).to_be_visible()
    assert fits_the_phone(portal)

    page.reload()
    expect(page.get_by_test_id("invitation")).to_contain_text("Confirmó por el portal")
