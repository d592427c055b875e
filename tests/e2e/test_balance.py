"""On a 375 px phone, the Encargado reads a company's give-and-get balance, changes its
period and goes on to the park's balance, whose companies read as cards."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, page_width
from tests.e2e.test_phone_lists import SIDEWAYS
from tests.omil_crm.balance_data import build_parks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_balance_reads_on_a_phone_from_the_company_to_its_park(page_factory):
    parks = build_parks()
    make_persona("encargado")
    page = page_factory(PHONE)
    log_in(page, "encargado", PASSWORD)

    page.goto(f"/empresas/{parks.aromos.pk}/?periodo=rango&desde=2026-10-01&hasta=2026-10-31")
    balance = page.get_by_test_id("balance")
    expect(balance.get_by_test_id("balance-period")).to_have_text("1 al 31 de octubre de 2026")
    expect(balance.get_by_test_id("balance-received")).to_have_text("3")
    expect(balance.get_by_test_id("balance-satisfaction")).to_have_text("sin encuestas")

    balance.get_by_label("Período").select_option(label="Personalizado (desde–hasta)")
    balance.get_by_label("Desde").fill("2026-10-01")
    balance.get_by_label("Hasta").fill("2026-10-15")
    balance.get_by_role("button", name="Ver").click()
    expect(balance.get_by_test_id("balance-period")).to_have_text("1 al 15 de octubre de 2026")
    expect(balance.get_by_test_id("balance-received")).to_have_text("2")
    assert page_width(page) <= PHONE["width"]

    balance.get_by_test_id("balance-park-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parque Industrial Gulmué")
    row = page.get_by_test_id("balance-company-row").filter(has_text="Maestranza Los Aromos")
    expect(row.locator('[data-label="Solicitudes recibidas"]')).to_have_text("2")
    expect(page.get_by_test_id("balance-companies").locator("thead")).to_be_hidden()
    assert page_width(page) <= PHONE["width"]
    assert page.evaluate(SIDEWAYS) == []
