"""Inclusion under Ley 21.015 in a real browser: the Psicóloga records a consenting person's
inclusion profile and evaluation; once the consent is withdrawn the page shows it sealed."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.vacancies.conftest import make_person
from tests.vacancies.inclusion_data import give_inclusion_consent, withdraw_inclusion_consent
from vacancies.inclusion_models import InclusionProfile, InclusionRead

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_psicologa_records_an_inclusion_profile_then_it_is_sealed(page_factory, psicologa):
    person = make_person(15333444, "Sofía", "Muñoz", consent_by=psicologa)
    give_inclusion_consent(person, psicologa)
    page = page_factory()
    log_in(page, "psicologa", PASSWORD)

    page.goto(f"/personas/{person.pk}/")
    page.get_by_test_id("inclusion-link").click()
    page.get_by_role("link", name="Registrar perfil").click()
    page.get_by_label("N.º de credencial").fill("RND-2201")
    page.get_by_role("button", name="Guardar perfil").click()
    expect(page.get_by_text("Marque que tiene credencial")).to_be_visible()

    page.get_by_label("Tiene credencial del Registro Nacional de la Discapacidad").check()
    page.get_by_label("Ajustes que necesita").fill("Intérprete de lengua de señas.")
    page.get_by_role("button", name="Guardar perfil").click()
    expect(page.get_by_test_id("profile-adjustments")).to_have_text(
        "Intérprete de lengua de señas."
    )
    assert InclusionProfile.objects.get(job_seeker=person).credential_number == "RND-2201"
    assert InclusionRead.objects.filter(reader=psicologa).count() == 1

    withdrawn = withdraw_inclusion_consent(person, psicologa)
    page.reload()
    day = timezone.localtime(withdrawn.withdrawn_at).strftime("%d-%m-%Y")
    expect(page.get_by_test_id("inclusion-sealed")).to_contain_text(
        f"Datos sellados: la persona retiró su consentimiento el {day}"
    )
    expect(page.get_by_text("Intérprete de lengua de señas.")).to_have_count(0)
