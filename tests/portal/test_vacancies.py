"""A company's vacancies on its portal: open first, with how many people were referred, are
in interview and were hired; a candidate's profile only while that person shares it with this
company; nothing of another company, whoever asks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.portal.company_world import (
    candidate,
    make_far_contact,
    make_representative,
    share_with,
)
from tests.vacancies.conftest import refer
from vacancies.consent_services import consent_withdraw
from vacancies.models import Referral, Vacancy
from vacancies.proposal_services import vacancy_proposal_decline, vacancy_propose
from vacancies.services import referral_move, vacancy_create, vacancy_update

pytestmark = pytest.mark.django_db

URL = reverse("portal:vacancies")


@pytest.fixture
def vacancy(company, gestora):
    return vacancy_create(
        company=company, title="Operario de grúa horquilla", captured_by=gestora, positions=3
    )


@pytest.fixture
def sharing(vacancy, company, psicologa):
    """Camila shares her profile with the company; Jorge was referred without sharing it."""
    camila = candidate(
        15_100_200,
        "Camila",
        "Rojas Fuentes",
        vacancy,
        psicologa,
        comuna="05103",
        phone="+56 9 8765 4321",
        email="camila.rojas@correo.cl",
        address="Los Aromos 123",
        skills="Licencia clase D, grúa horquilla",
        experience="Tres años como bodeguera en una distribuidora.",
    )
    share_with(camila, company, psicologa)
    candidate(16_200_300, "Jorge", "Muñoz Tapia", vacancy, psicologa)
    return camila


def page_of(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_it_counts_referred_interviewed_and_hired_people(
    portal_client, contact, vacancy, psicologa
):
    stages = {"Ana": None, "Berta": Referral.Stage.INTERVIEW, "Carla": Referral.Stage.HIRED}
    for number, (name, stage) in enumerate({**stages, "Diana": None}.items()):
        person = candidate(10_000_000 + number, name, "Prueba", vacancy, psicologa)
        if stage:
            referral = Referral.objects.get(job_seeker=person)
            referral_move(referral=referral, stage=stage, changed_by=psicologa)

    response = portal_client(contact).get(URL)

    counts = response.content.decode().split('data-testid="portal-vacancy-counts"')[1]
    numbers = [part.split("<")[0] for part in counts.split('fs-5 mb-0">')[1:4]]
    assert numbers == ["4", "1", "1"]


def test_open_vacancies_come_first(portal_client, contact, company, gestora, vacancy):
    closed = vacancy_create(company=company, title="Guardia nocturno", captured_by=gestora)
    vacancy_update(vacancy=closed, title=closed.title, positions=1, status=Vacancy.Status.CLOSED)
    newer_open = vacancy_create(company=company, title="Soldador MIG", captured_by=gestora)

    page = page_of(portal_client(contact))

    assert page.index("Soldador MIG") < page.index("Guardia nocturno")
    assert page.index("Operario de grúa horquilla") < page.index("Guardia nocturno")
    assert newer_open.status == Vacancy.Status.OPEN


def test_a_candidate_who_shares_their_profile_is_shown_without_private_data(
    portal_client, contact, sharing
):
    page = page_of(portal_client(contact))

    assert "Camila Rojas Fuentes" in page
    assert "Concón" in page
    assert "Licencia clase D" in page
    assert "Derivado" in page
    for private in ("15.100.200", "8765 4321", "camila.rojas@correo.cl", "Los Aromos"):
        assert private not in page


def test_a_candidate_without_consent_is_counted_but_never_named(portal_client, contact, sharing):
    page = page_of(portal_client(contact))

    assert "Jorge" not in page
    assert "Muñoz Tapia" not in page


def test_a_consent_given_to_another_company_shows_nothing_here(
    portal_client, contact, other_company, vacancy, psicologa
):
    person = candidate(17_300_400, "Valentina", "Herrera", vacancy, psicologa)
    other_vacancy = vacancy_create(company=other_company, title="Envasador", captured_by=psicologa)
    refer(person, other_vacancy, psicologa)
    share_with(person, other_company, psicologa)

    assert "Valentina" not in page_of(portal_client(contact))


def test_a_withdrawn_consent_hides_the_candidate_from_then_on(
    portal_client, contact, sharing, psicologa
):
    client = portal_client(contact)
    assert "Camila" in page_of(client)

    consent_withdraw(consent=sharing.consents.get(purpose="share_profile"), withdrawn_by=psicologa)

    assert "Camila" not in page_of(client)


def test_another_company_of_the_park_sees_none_of_these_vacancies(
    portal_client, other_contact, sharing
):
    page = page_of(portal_client(other_contact))

    assert "Operario de grúa horquilla" not in page
    assert "Camila" not in page
    assert 'data-testid="no-vacancies"' in page


def test_the_representative_sees_only_their_own_companys_vacancies(
    portal_client, park, gestora, sharing
):
    representative = make_representative(park, gestora)

    page = page_of(portal_client(representative))

    assert "Operario de grúa horquilla" not in page
    assert "Camila" not in page


def test_a_contact_of_another_park_sees_nothing_of_them(portal_client, gestora, sharing):
    page = page_of(portal_client(make_far_contact(gestora)))

    assert "Operario de grúa horquilla" not in page
    assert "Camila" not in page


def test_without_a_session_it_sends_to_the_entry_page(client, sharing):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:enter")


def test_the_page_runs_the_same_queries_for_one_vacancy_or_many(
    portal_client, contact, company, gestora, sharing, psicologa
):
    client = portal_client(contact)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for number in range(4):
        more = vacancy_create(company=company, title=f"Cargo {number}", captured_by=gestora)
        person = candidate(18_000_000 + number, "Persona", f"Número {number}", more, psicologa)
        share_with(person, company, psicologa)

    assert queries() == few


def test_a_declined_proposal_shows_the_omils_reason(portal_client, contact, gestora):
    proposal = vacancy_propose(contact=contact, title="Ayudante de cocina")
    vacancy_proposal_decline(
        vacancy=proposal, user=gestora, reason="La renta está bajo el mínimo legal."
    )

    page = page_of(portal_client(contact))

    assert "Propuesta no aceptada" in page
    assert "La renta está bajo el mínimo legal." in page
