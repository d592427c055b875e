"""Each demo role logs in through the real login form and sees its own navigation."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, open_menu, page_width
from tests.omil_crm.test_navigation import EXPECTED_MENU

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("persona", list(EXPECTED_MENU))
def test_each_role_sees_its_navigation(page_factory, persona):
    make_persona(persona)
    page = page_factory()

    log_in(page, persona, PASSWORD)

    menu = page.get_by_test_id("main-menu").get_by_role("link")
    expect(menu).to_have_text(EXPECTED_MENU[persona])


def test_on_a_phone_the_menu_opens_from_the_toggle(page_factory):
    make_persona("gestora")
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)

    agenda = page.get_by_test_id("main-menu").get_by_role("link", name="Agenda")
    expect(agenda).to_be_hidden()
    open_menu(page)

    expect(agenda).to_be_visible()
    assert page_width(page) <= PHONE["width"]


def test_a_wrong_password_keeps_the_visitor_out(page_factory):
    make_persona("administrativa")
    page = page_factory()
    page.goto("/ingresar/")
    page.get_by_label("Nombre de usuario").fill("administrativa")
    page.get_by_label("Contraseña").fill("incorrecta")
    page.get_by_role("button", name="Ingresar").click()

    expect(page.get_by_text("introduzca un nombre de usuario y clave correctos")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/ingresar/$"))
