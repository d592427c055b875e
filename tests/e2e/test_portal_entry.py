"""On a phone, a company contact asks for a link on /portal/entrar/, opens it from the mail
(the page signs in nobody by itself), presses «Entrar al portal» and lands on the portal's
home; the same browser still opens no staff page. The Gestora sends a contact a link from the
company page and closes the contact's portal sessions."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from companies.models import Company, Contact, IndustrialPark
from omil_crm.portal import sessions
from omil_crm.portal.models import PortalLinkToken, PortalSession
from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_phone(page) -> bool:
    return page_width(page) <= PHONE["width"]


def test_a_contact_enters_the_portal_by_a_mailed_link(page_factory, live_server, settings):
    settings.SITE_URL = live_server.url
    park = IndustrialPark.objects.create(name="Parque Industrial Gulmué", comuna="05103")
    company = Company.objects.create(
        rut="76086428-5", legal_name="Bodegas del Pacífico SpA", park=park
    )
    Contact.objects.create(company=company, name="Ana Pérez Rojas", email="ana@bodegas.cl")
    page = page_factory(PHONE)

    page.goto("/portal/entrar/")
    page.get_by_label("Su correo electrónico").fill("ana-bodegas.cl")
    page.get_by_role("button", name="Enviarme un enlace").click()
    expect(page.get_by_text("Escriba un correo válido, como nombre@empresa.cl.")).to_be_visible()
    page.get_by_label("Su correo electrónico").fill("Ana@Bodegas.cl")
    page.get_by_role("button", name="Enviarme un enlace").click()
    expect(page.get_by_text("Si el correo está registrado, le enviamos un enlace")).to_be_visible()
    assert fits_the_phone(page)

    [message] = mail.outbox
    [link] = re.findall(r"https?://\S+/portal/enlace/\S+/", message.body)
    page.goto(link)
    expect(page.get_by_text("Entrar al portal como Ana Pérez Rojas")).to_be_visible()
    assert fits_the_phone(page)
    assert PortalLinkToken.objects.get().used_at is None
    assert not PortalSession.objects.exists()

    page.get_by_role("button", name="Entrar al portal").click()
    expect(page.get_by_role("heading", name="Hola, Ana Pérez Rojas")).to_be_visible()
    assert page.url == f"{live_server.url}/portal/"
    expect(page.get_by_test_id("portal-who")).to_contain_text("Bodegas del Pacífico SpA")
    assert fits_the_phone(page)

    page.goto(link)
    expect(page.get_by_role("heading", name="El enlace ya se usó o venció")).to_be_visible()

    page.goto("/empresas/")
    assert page.url.startswith(f"{live_server.url}/ingresar/")


def test_the_gestora_sends_a_link_and_closes_the_contacts_sessions_on_a_phone(
    page_factory, live_server, settings
):
    settings.SITE_URL = live_server.url
    gestora = make_persona("gestora")
    park = IndustrialPark.objects.create(name="Parque Industrial Gulmué", comuna="05103")
    company = Company.objects.create(
        rut="76086428-5", legal_name="Bodegas del Pacífico SpA", park=park, owner=gestora
    )
    contact = Contact.objects.create(company=company, name="Ana Pérez Rojas", email="ana@b.cl")
    sessions.start_session(contact=contact, user_agent="Mozilla/5.0 (iPhone) Safari/604.1")
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)

    page.goto(f"/empresas/{company.pk}/")
    expect(page.get_by_test_id("contact-portal-state")).to_have_text("Portal: puede entrar")
    page.get_by_role("button", name="Enviar enlace al portal").click()
    expect(page.get_by_text("Se envió a ana@b.cl un enlace al portal")).to_be_visible()
    assert len(mail.outbox) == 1
    assert fits_the_phone(page)

    page.get_by_role("link", name="Acceso al portal").click()
    expect(page.get_by_test_id("portal-sessions-summary")).to_contain_text("1 sesión abierta")
    expect(page.get_by_text("Safari en iPhone/iPad")).to_be_visible()
    assert fits_the_phone(page)
    page.get_by_role("button", name="Cerrar sesiones del portal").click()
    expect(page.get_by_text("Se cerró la sesión del portal de Ana Pérez Rojas.")).to_be_visible()
    expect(page.get_by_test_id("portal-sessions-summary")).to_contain_text("0 sesiones abiertas")
    assert PortalSession.objects.get().revoked_by == gestora
