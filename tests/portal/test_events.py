"""Employer events on the portal: the company sees the upcoming events it is invited to and
answers «Asistiremos» / «No podremos asistir»; staff then read «Confirmó por el portal».
Another company neither sees nor answers them."""

import pytest
from django.urls import reverse

from events.models import EventCompany
from events.services import event_cancel
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

URL = reverse("portal:events")


@pytest.fixture
def breakfast(park, company):
    event = make_event(park=park, title="Desayuno empresarial de enero")
    EventCompany.objects.create(event=event, company=company)
    return event


def respond(client, event, answer):
    return client.post(reverse("portal:event_respond", args=[event.pk]), {"respuesta": answer})


def test_the_invited_company_sees_its_upcoming_event(portal_client, contact, breakfast, park):
    make_event(park=park, days=-5, title="Desayuno de noviembre")

    page = portal_client(contact).get(URL).content.decode()

    assert "Desayuno empresarial de enero" in page
    assert "Desayuno de noviembre" not in page
    assert "Aún no responden si asistirán." in page


def test_confirming_on_the_portal_shows_to_staff(
    portal_client, contact, breakfast, client, gestora
):
    response = respond(portal_client(contact), breakfast, "confirmed")

    assert response["Location"] == URL
    invitation = EventCompany.objects.get(event=breakfast)
    assert invitation.response_source == EventCompany.Source.PORTAL
    client.force_login(gestora)
    staff_page = client.get(reverse("events:detail", args=[breakfast.pk])).content.decode()
    assert "Confirmó por el portal" in staff_page


def test_declining_is_remembered_on_the_page(portal_client, contact, breakfast):
    signed_in = portal_client(contact)

    respond(signed_in, breakfast, "declined")
    page = signed_in.get(URL).content.decode()

    assert "Avisaron que no asistirán" in page


def test_an_unknown_answer_changes_nothing(portal_client, contact, breakfast):
    response = respond(portal_client(contact), breakfast, "tal vez")

    assert response.status_code == 302
    assert EventCompany.objects.get(event=breakfast).response == EventCompany.Response.PENDING


def test_another_company_neither_sees_nor_answers(portal_client, other_contact, breakfast):
    signed_in = portal_client(other_contact)

    page = signed_in.get(URL).content.decode()
    response = respond(signed_in, breakfast, "confirmed")

    assert "Desayuno empresarial de enero" not in page
    assert response.status_code == 404
    assert EventCompany.objects.get(event=breakfast).response == EventCompany.Response.PENDING


def test_a_cancelled_event_cannot_be_answered(portal_client, contact, breakfast, gestora):
    event_cancel(event=breakfast, acting_user=gestora, reason="Agenda del alcalde")
    signed_in = portal_client(contact)

    respond(signed_in, breakfast, "confirmed")
    page = signed_in.get(URL).content.decode()

    assert "Evento cancelado" in page
    assert EventCompany.objects.get(event=breakfast).response == EventCompany.Response.PENDING
