"""The portal's home shows the company's give-and-get balance for the chosen period, without
a single link to a staff page; the park's representative also sees the park's balance."""

import re

import pytest
from django.urls import reverse

from tests.portal.company_world import make_representative
from vacancies.proposal_services import vacancy_propose
from vacancies.services import vacancy_create

pytestmark = pytest.mark.django_db

URL = reverse("portal:home")


def figure(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    return found.group(1).strip()


@pytest.fixture
def shared(company, other_company, gestora, contact):
    vacancy_create(company=company, title="Operario de bodega", captured_by=gestora, positions=3)
    vacancy_create(company=other_company, title="Envasador", captured_by=gestora, positions=2)
    # A proposal still pending counts nowhere.
    vacancy_propose(contact=contact, title="Ayudante de cocina", positions=5)


def test_the_company_sees_its_own_balance_without_staff_links(portal_client, contact, shared):
    page = portal_client(contact).get(URL).content.decode()

    assert figure(page, "balance-vacancies") == "1"
    assert figure(page, "balance-positions") == "3"
    section = page.split('data-testid="balance"')[1]
    assert reverse("vacancies:vacancy_list") not in section
    assert 'data-testid="park-balance"' not in page


def test_the_representative_also_sees_the_parks_balance(portal_client, park, gestora, shared):
    page = portal_client(make_representative(park, gestora)).get(URL).content.decode()

    park_section = page.split('data-testid="park-balance"')[1]
    assert figure(park_section, "balance-vacancies") == "2"
    assert figure(park_section, "balance-positions") == "5"
    assert "Bodegas de Prueba SpA" in park_section
    assert "Envases del Pacífico SpA" in park_section
    assert "/empresas/" not in park_section


def test_a_period_that_cannot_be_used_says_why_and_shows_this_month(portal_client, contact):
    response = portal_client(contact).get(URL, {"periodo": "siglo"})

    assert response.status_code == 200
    assert "Elija un período de la lista" in response.content.decode()
