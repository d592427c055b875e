"""A company proposes a vacancy on its portal: stored pending («Propuesta por la empresa»),
the company's gestora is told, nothing counts it until she confirms it; bad input changes
nothing; a contact proposing too often is stopped."""

import pytest
from django.urls import reverse

from omil_crm.models import Notification
from tests.portal.company_world import make_far_contact
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

URL = reverse("portal:vacancy_propose")

PROPOSAL = {
    "title": "Operaria de envasado",
    "positions": "2",
    "requirements": "Enseñanza media completa",
    "shift": "Turno rotativo 4x4",
    "contract_type": "fixed_term",
    "salary_min": "600000",
    "salary_max": "750000",
    "closing_date": "",
}


def test_the_form_opens_and_writes_nothing(portal_client, contact):
    response = portal_client(contact).get(URL)

    assert response.status_code == 200
    assert "Proponer una vacante" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_a_proposal_is_stored_pending_and_the_gestora_is_told(portal_client, contact, gestora):
    client = portal_client(contact)

    response = client.post(URL, PROPOSAL)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:vacancies")
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.PROPOSED
    assert vacancy.proposed_by == contact
    assert vacancy.captured_by is None
    assert vacancy.positions == 2
    notice = Notification.objects.get(recipient=gestora, kind="vacancy_proposed")
    assert "Operaria de envasado" in notice.title
    assert notice.url == reverse("vacancies:vacancy_detail", args=[vacancy.pk])
    listed = client.get(reverse("portal:vacancies")).content.decode()
    assert "Operaria de envasado" in listed
    assert "Pendiente de confirmación" in listed


def test_a_proposal_counts_nowhere_until_confirmed(portal_client, contact, client, gestora):
    portal_client(contact).post(URL, PROPOSAL)
    client.force_login(gestora)

    staff_list = client.get(reverse("vacancies:vacancy_list")).content.decode()
    proposals = client.get(reverse("vacancies:vacancy_list") + "?status=proposed")

    assert "Operaria de envasado" not in staff_list
    assert "Operaria de envasado" in proposals.content.decode()
    assert not Vacancy.objects.captured().exists()


def test_a_salary_range_backwards_is_refused_and_nothing_is_saved(portal_client, contact):
    response = portal_client(contact).post(URL, {**PROPOSAL, "salary_max": "500000"})

    assert response.status_code == 400
    assert "La renta máxima no puede ser menor que la mínima." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_zero_positions_and_a_missing_title_are_refused(portal_client, contact):
    response = portal_client(contact).post(URL, {**PROPOSAL, "title": " ", "positions": "0"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Este campo es obligatorio." in page
    assert not Vacancy.objects.exists()


def test_a_closing_date_in_the_past_is_refused(portal_client, contact):
    response = portal_client(contact).post(URL, {**PROPOSAL, "closing_date": "2020-01-31"})

    assert response.status_code == 400
    assert "La fecha de cierre no puede ser pasada." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_a_contact_proposing_too_often_is_stopped(portal_client, contact, other_contact):
    client = portal_client(contact)
    for number in range(5):
        assert client.post(URL, {**PROPOSAL, "title": f"Cargo {number}"}).status_code == 302

    refused = client.post(URL, {**PROPOSAL, "title": "Uno más"})

    assert refused.status_code == 429
    assert "Ha propuesto varias vacantes en poco tiempo" in refused.content.decode()
    assert Vacancy.objects.count() == 5
    # Another contact keeps their own allowance.
    assert portal_client(other_contact).post(URL, PROPOSAL).status_code == 302


def test_the_proposal_belongs_to_the_proposing_contacts_company(
    portal_client, contact, other_contact, gestora
):
    portal_client(other_contact).post(URL, PROPOSAL)
    far = make_far_contact(gestora)
    portal_client(far).post(URL, {**PROPOSAL, "title": "Tornero"})

    assert Vacancy.objects.get(title="Operaria de envasado").company == other_contact.company
    assert Vacancy.objects.get(title="Tornero").company == far.company
    assert "Operaria de envasado" not in (
        portal_client(contact).get(reverse("portal:vacancies")).content.decode()
    )


def test_without_a_session_nothing_is_proposed(client):
    response = client.post(URL, PROPOSAL)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:enter")
    assert not Vacancy.objects.exists()
