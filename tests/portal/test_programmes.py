"""The SENCE programmes offered to a company, on its portal, with «Nos interesa» moving an
offer still «Ofrecido» to «Interesada» (and telling the gestora); another company's offers
are never shown and answer 404."""

import pytest
from django.urls import reverse

from omil_crm.models import Notification
from tests.portal.company_world import make_far_contact, make_representative
from vacancies.models import Programme, ProgrammeOffer
from vacancies.programme_services import programme_offer_create

pytestmark = pytest.mark.django_db

URL = reverse("portal:programmes")


@pytest.fixture
def offer(company, gestora):
    programme = Programme.objects.create(
        name="Subsidio al Empleo Joven",
        kind=Programme.Kind.SUBSIDY,
        description="Aporte mensual a quienes contratan jóvenes de 18 a 24 años.",
    )
    return programme_offer_create(
        company=company, programme=programme, offered_by=gestora, notes="Nota interna reservada"
    )


def interest_url(offer) -> str:
    return reverse("portal:programme_interest", args=[offer.pk])


def test_it_lists_the_offers_with_status_and_description(portal_client, contact, offer):
    page = portal_client(contact).get(URL).content.decode()

    assert "Subsidio al Empleo Joven" in page
    assert "Aporte mensual a quienes contratan jóvenes" in page
    assert "Ofrecido" in page
    assert "Nota interna reservada" not in page


def test_nos_interesa_moves_the_offer_and_tells_the_gestora(portal_client, contact, offer, gestora):
    client = portal_client(contact)

    response = client.post(interest_url(offer))

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == ProgrammeOffer.Status.INTERESTED
    assert "Ana Pérez indicó en el portal que les interesa" in offer.notes
    assert Notification.objects.filter(recipient=gestora, kind="programme_interest").exists()
    page = client.get(URL).content.decode()
    assert "Interesada" in page
    assert 'data-testid="programme-interest"' not in page


def test_an_offer_no_longer_pending_is_not_changed(portal_client, contact, offer):
    ProgrammeOffer.objects.filter(pk=offer.pk).update(status=ProgrammeOffer.Status.DECLINED)

    response = portal_client(contact).post(interest_url(offer), follow=True)

    assert "ya no está pendiente de respuesta" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == ProgrammeOffer.Status.DECLINED


def test_a_get_changes_nothing(portal_client, contact, offer):
    response = portal_client(contact).get(interest_url(offer))

    assert response.status_code == 405
    offer.refresh_from_db()
    assert offer.status == ProgrammeOffer.Status.OFFERED


@pytest.mark.parametrize("who", ["other_company", "representative", "other_park"])
def test_others_neither_see_nor_answer_the_offer(
    portal_client, offer, other_contact, park, gestora, who
):
    visitor = {
        "other_company": lambda: other_contact,
        "representative": lambda: make_representative(park, gestora),
        "other_park": lambda: make_far_contact(gestora),
    }[who]()
    client = portal_client(visitor)

    assert "Subsidio al Empleo Joven" not in client.get(URL).content.decode()
    assert client.post(interest_url(offer)).status_code == 404
    offer.refresh_from_db()
    assert offer.status == ProgrammeOffer.Status.OFFERED


def test_without_a_session_nothing_is_answered(client, offer):
    response = client.post(interest_url(offer))

    assert response["Location"] == reverse("portal:enter")
    offer.refresh_from_db()
    assert offer.status == ProgrammeOffer.Status.OFFERED
