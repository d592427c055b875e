"""A company's vacancy proposal on the staff side: the gestora (or the Encargado) confirms it,
which opens it, or declines it with a reason the company reads; until then it takes no
referral, has no posting and cannot be edited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from omil_crm.models import Notification
from tests.vacancies.conftest import make_person
from vacancies.models import Vacancy
from vacancies.proposal_services import (
    vacancy_proposal_confirm,
    vacancy_proposal_decline,
    vacancy_propose,
)
from vacancies.services import referral_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(contact):
    return vacancy_propose(contact=contact, title="Ayudante de cocina", positions=2)


def test_confirming_opens_it_captured_by_whoever_confirms(proposal, encargado):
    vacancy = vacancy_proposal_confirm(vacancy=proposal, user=encargado)

    assert vacancy.status == Vacancy.Status.OPEN
    assert vacancy.captured_by == encargado
    assert vacancy.reviewed_by == encargado
    assert vacancy.opened_on == timezone.localdate()
    assert Vacancy.objects.captured().filter(pk=vacancy.pk).exists()


def test_nobody_is_referred_to_a_proposal(proposal, psicologa):
    person = make_person(13_500_600, "Ignacio", "Reyes", consent_by=psicologa)

    with pytest.raises(ValidationError, match="no está abierta"):
        referral_create(job_seeker=person, vacancy=proposal, referred_by=psicologa)

    vacancy_proposal_confirm(vacancy=proposal, user=psicologa)
    assert referral_create(job_seeker=person, vacancy=proposal, referred_by=psicologa)


def test_declining_needs_a_reason(proposal, gestora):
    with pytest.raises(ValidationError, match="por qué no se acepta"):
        vacancy_proposal_decline(vacancy=proposal, user=gestora, reason="  ")

    proposal.refresh_from_db()
    assert proposal.status == Vacancy.Status.PROPOSED


def test_a_declined_proposal_keeps_its_reason_and_counts_nowhere(proposal, gestora):
    vacancy_proposal_decline(
        vacancy=proposal, user=gestora, reason="La renta está bajo el mínimo legal."
    )

    proposal.refresh_from_db()
    assert proposal.status == Vacancy.Status.DECLINED
    assert proposal.decline_reason == "La renta está bajo el mínimo legal."
    assert not Vacancy.objects.captured().exists()


def test_a_proposal_is_reviewed_only_once(proposal, gestora):
    vacancy_proposal_confirm(vacancy=proposal, user=gestora)

    with pytest.raises(ValidationError, match="no es una propuesta pendiente"):
        vacancy_proposal_decline(vacancy=proposal, user=gestora, reason="Tarde")


def test_the_gestora_confirms_it_from_the_vacancy_page(client, gestora, proposal):
    client.force_login(gestora)
    page = client.get(reverse("vacancies:vacancy_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="proposal-confirm"' in page
    assert reverse("vacancies:vacancy_posting", args=[proposal.pk]) not in page

    response = client.post(reverse("vacancies:vacancy_proposal_confirm", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Vacancy.Status.OPEN


def test_a_decline_without_reason_stays_on_the_page_with_the_message(client, gestora, proposal):
    client.force_login(gestora)

    response = client.post(
        reverse("vacancies:vacancy_proposal_decline", args=[proposal.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "Indique a la empresa por qué no se acepta la vacante." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Vacancy.Status.PROPOSED


def test_the_psicologa_cannot_review_proposals(client, psicologa, proposal):
    client.force_login(psicologa)

    response = client.post(reverse("vacancies:vacancy_proposal_confirm", args=[proposal.pk]))

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Vacancy.Status.PROPOSED


def test_a_proposal_has_no_posting_and_is_not_edited(client, gestora, proposal):
    client.force_login(gestora)

    posting = client.get(reverse("vacancies:vacancy_posting", args=[proposal.pk]))
    edit = client.get(reverse("vacancies:vacancy_edit", args=[proposal.pk]))

    assert posting.status_code == 404
    assert edit.status_code == 302
    assert edit["Location"] == reverse("vacancies:vacancy_detail", args=[proposal.pk])


def test_an_ownerless_company_s_proposal_reaches_the_parks_gestora(
    company, contact, gestora, encargado
):
    company.owner = None
    company.save(update_fields=["owner"])

    vacancy_propose(contact=contact, title="Electricista")

    assert Notification.objects.filter(recipient=gestora, kind="vacancy_proposed").exists()
    assert not Notification.objects.filter(recipient=encargado).exists()
