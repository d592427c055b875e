"""On a phone, the Encargado opens a colleague's account from «Equipo»; the colleague opens
the link of the mail, chooses a password and signs in with it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_colleague_gets_an_account_and_chooses_the_password(
    page_factory, live_server, settings
):
    settings.SITE_URL = live_server.url
    make_persona("encargado")
    page = page_factory(PHONE)
    log_in(page, "encargado", PASSWORD)

    page.goto("/equipo/")
    page.get_by_role("link", name="Nueva cuenta").click()
    page.get_by_role("button", name="Crear la cuenta y enviar el enlace").click()
    expect(page.get_by_text("Este campo es obligatorio.").first).to_be_in_viewport()
    page.get_by_label("Nombre de usuario").fill("fvaldes")
    page.locator("#id_first_name").fill("Francisca")
    page.get_by_label("Apellido").fill("Valdés")
    page.get_by_label("Correo").fill("fvaldes@municipalidad.cl")
    page.get_by_label("Rol").select_option("Administrativa")
    page.get_by_role("button", name="Crear la cuenta y enviar el enlace").click()

    expect(page.get_by_text("Se creó la cuenta de Francisca Valdés")).to_be_visible()
    row = page.locator('[data-username="fvaldes"]')
    expect(row).to_contain_text("Administrativa")
    expect(row).to_contain_text("Activa")
    assert page_width(page) <= PHONE["width"]

    [message] = mail.outbox
    [link] = re.findall(r"https?://\S+", message.body)
    colleague = page_factory(PHONE)
    colleague.goto(link)
    expect(colleague.get_by_role("heading", name="Elija su contraseña")).to_be_visible()
    colleague.locator("#id_new_password1").fill("bodega-norte-2026")
    colleague.locator("#id_new_password2").fill("bodega-norte-2026")
    colleague.get_by_role("button", name="Guardar la contraseña").click()
    expect(colleague.get_by_role("heading", name="Contraseña guardada")).to_be_visible()
    colleague.get_by_role("link", name="Ingresar").click()
    log_in(colleague, "fvaldes", "bodega-norte-2026")

    expect(colleague.get_by_text("Hola, Francisca")).to_be_visible()
