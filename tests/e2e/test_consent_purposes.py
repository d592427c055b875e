"""Consents per purpose in a real browser: the Psicóloga records the hints consent and sees
the «posible Subsidio al Empleo Joven» hint; the person withdraws intermediation, confirmed on
its own page, and is no longer offered for the vacancy."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.vacancies.conftest import make_person
from vacancies.consent_models import Consent
from vacancies.eligibility import santiago_today
from vacancies.services import vacancy_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_psicologa_records_hints_and_withdraws_intermediation(
    page_factory, company, gestora, psicologa
):
    vacancy = vacancy_create(company=company, title="Operario de bodega", captured_by=gestora)
    person = make_person(
        17_333_444,
        "Benjamín",
        "Correa",
        consent_by=psicologa,
        birth_date=date(santiago_today().year - 20, 1, 1),
    )
    page = page_factory()
    log_in(page, "psicologa", PASSWORD)

    page.goto(f"/personas/{person.pk}/")
    expect(page.get_by_test_id("eligibility-hints")).to_have_count(0)
    hints = page.get_by_test_id("consent-form-eligibility_hints")
    hints.get_by_label("Cómo lo otorgó").select_option(label="Por escrito")
    hints.get_by_role("button", name="Registrar").click()

    expect(page.get_by_text("Se registró el consentimiento de Benjamín Correa")).to_be_visible()
    expect(page.get_by_test_id("eligibility-hints")).to_contain_text(
        "Posible Subsidio al Empleo Joven"
    )

    page.get_by_test_id("consent-intermediation").get_by_role("link", name="Retirar").click()
    expect(page.get_by_test_id("withdraw-confirm")).to_contain_text(
        "No se la podrá derivar a nuevas vacantes"
    )
    page.get_by_role("button", name="Sí, retirar el consentimiento").click()

    expect(page.get_by_test_id("consent-status")).to_have_text("Consentimiento retirado")
    expect(page.get_by_test_id("refer-form")).to_have_count(0)
    assert person.consents.get(purpose=Consent.Purpose.INTERMEDIATION).withdrawn_by == psicologa

    page.goto(f"/vacantes/{vacancy.pk}/")
    expect(page.get_by_test_id("candidate-table")).not_to_contain_text("Benjamín Correa")
