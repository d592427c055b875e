"""On a phone-sized screen, the Psicóloga sets up two-factor sign-in with the secret the page
shows, keeps her recovery codes, and later signs in with one of them."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_from_secret(shown: str) -> str:
    secret = shown.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def no_sideways_scroll(page) -> bool:
    return page_width(page) <= PHONE["width"]


def test_set_up_and_sign_in_with_a_recovery_code_on_a_phone(page_factory, settings):
    settings.OMIL_REQUIRE_2FA = True
    make_persona("psicologa")
    page = page_factory(PHONE)

    log_in(page, "psicologa", PASSWORD, landing="**/cuenta/doble-factor/**")
    expect(
        page.get_by_role("heading", name="Configure la verificación en dos pasos")
    ).to_be_visible()
    expect(page.get_by_test_id("qr-code")).to_be_visible()
    assert no_sideways_scroll(page)

    page.get_by_label("Código de 6 dígitos").fill("000000")
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_text("El código no coincide")).to_be_visible()

    page.get_by_label("Código de 6 dígitos").fill(
        code_from_secret(page.get_by_test_id("totp-secret").inner_text())
    )
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_text("La verificación en dos pasos quedó activada.")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    expect(page.get_by_text("Hola, Psicologa")).to_be_visible()

    # Another day, another browser: the password alone opens nothing.
    page = page_factory(PHONE)
    log_in(page, "psicologa", PASSWORD, landing="**/ingresar/codigo/**")
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    expect(page.get_by_test_id("main-menu")).to_have_count(0)
    assert no_sideways_scroll(page)
    page.get_by_label("Código").fill(codes[0].strip())
    page.get_by_role("button", name="Verificar").click()

    expect(page.get_by_text("Ingresó con un código de recuperación; le quedan 9.")).to_be_visible()
    page.goto("/personas/")
    expect(page).to_have_url(re.compile(r"/personas/$"))
