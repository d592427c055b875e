"""Consents per purpose: sharing a profile with a company names the company, at most one live
consent per person, purpose and company, withdrawal ends it and is recorded; the Psicóloga
records and withdraws them on the person's page; erasing a person withdraws them all."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.models import Company
from tests.vacancies.conftest import make_person, refer
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give, consent_withdraw
from vacancies.people_services import job_seeker_erase
from vacancies.services import vacancy_create

pytestmark = pytest.mark.django_db

SHARE = Consent.Purpose.SHARE_PROFILE


@pytest.fixture
def other_company(park, gestora):
    return Company.objects.create(
        rut="76.543.210-3", legal_name="Envases del Pacífico SpA", park=park, owner=gestora
    )


@pytest.fixture
def person(psicologa, company, gestora):
    person = make_person(14_700_800, "Francisca", "Olivares", consent_by=psicologa)
    refer(
        person, vacancy_create(company=company, title="Bodeguera", captured_by=gestora), psicologa
    )
    return person


def give(person, company, psicologa, **extra):
    return consent_give(
        job_seeker=person,
        purpose=SHARE,
        company=company,
        method=Consent.Method.WRITTEN,
        recorded_by=psicologa,
        **extra,
    )


def test_sharing_a_profile_names_the_company(person, psicologa):
    with pytest.raises(ValidationError) as refused:
        give(person, None, psicologa)

    assert "Indique la empresa con la que se comparte el perfil." in str(refused.value)
    assert not Consent.objects.filter(purpose=SHARE).exists()


def test_a_live_consent_is_not_given_twice_but_can_be_given_again_after_withdrawal(
    person, company, psicologa
):
    first = give(person, company, psicologa)
    with pytest.raises(ValidationError, match="ya tiene este consentimiento vigente"):
        give(person, company, psicologa)

    consent_withdraw(consent=first, withdrawn_by=psicologa)
    again = give(person, company, psicologa)

    assert again.is_live
    assert Consent.objects.filter(purpose=SHARE).count() == 2


def test_withdrawal_records_who_and_when_and_happens_once(person, company, psicologa):
    consent = consent_withdraw(consent=give(person, company, psicologa), withdrawn_by=psicologa)

    assert consent.withdrawn_by == psicologa
    assert consent.withdrawn_at >= consent.given_at
    with pytest.raises(ValidationError, match="ya fue retirado"):
        consent_withdraw(consent=consent, withdrawn_by=psicologa)


def test_purposes_without_a_company_allow_one_live_consent(person, psicologa):
    purpose = Consent.Purpose.ELIGIBILITY_HINTS
    consent_give(job_seeker=person, purpose=purpose, method="in_person", recorded_by=psicologa)

    with pytest.raises(ValidationError):
        consent_give(job_seeker=person, purpose=purpose, method="email", recorded_by=psicologa)


def test_erasing_the_person_withdraws_every_consent(person, company, psicologa, encargado):
    give(person, company, psicologa)

    job_seeker_erase(job_seeker=person, erased_by=encargado)

    consent = Consent.objects.get(purpose=SHARE)
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == encargado


def test_the_psicologa_records_the_consent_on_the_persons_page(client, psicologa, person, company):
    client.force_login(psicologa)
    page = client.get(reverse("vacancies:job_seeker_detail", args=[person.pk])).content.decode()
    assert 'data-testid="share-form"' in page

    response = client.post(
        reverse("vacancies:consent_share", args=[person.pk]),
        {"company": company.pk, "method": "in_person"},
    )

    assert response.status_code == 302
    consent = Consent.objects.get(purpose=SHARE)
    assert (consent.company, consent.recorded_by, consent.method) == (
        company,
        psicologa,
        "in_person",
    )


def test_only_companies_the_person_was_referred_to_can_be_chosen(
    client, psicologa, person, other_company
):
    client.force_login(psicologa)

    response = client.post(
        reverse("vacancies:consent_share", args=[person.pk]),
        {"company": other_company.pk, "method": "in_person"},
    )

    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert not Consent.objects.filter(purpose=SHARE).exists()


def test_the_psicologa_withdraws_it_from_the_page(client, psicologa, person, company):
    consent = give(person, company, psicologa)
    client.force_login(psicologa)

    response = client.post(reverse("vacancies:consent_withdraw", args=[consent.pk]))

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == psicologa
    page = client.get(reverse("vacancies:job_seeker_detail", args=[person.pk])).content.decode()
    assert "Retirado" in page


def test_a_gestora_cannot_record_consents(client, gestora, person, company):
    client.force_login(gestora)

    response = client.post(
        reverse("vacancies:consent_share", args=[person.pk]),
        {"company": company.pk, "method": "in_person"},
    )

    assert response.status_code == 403
    assert not Consent.objects.filter(purpose=SHARE).exists()
