"""A company comments on its open request: a public entry of the timeline, its owner told."""

import pytest
from django.test import override_settings
from django.urls import reverse

from omil_crm.models import Notification
from requests_routing.models import RequestEvent
from requests_routing.portal_intake import CLOSED_REQUEST, TOO_MANY_COMMENTS
from requests_routing.services import service_request_change_status

pytestmark = pytest.mark.django_db


def comment(client, request, text="¿Cuándo pasa la cuadrilla?"):
    return client.post(reverse("portal:request_comment", args=[request.reference]), {"text": text})


def test_a_comment_joins_the_timeline_as_the_companys(portal_client, contact, own_request):
    client = portal_client(contact)

    response = comment(client, own_request)

    assert response.status_code == 302
    event = own_request.events.get(kind=RequestEvent.Kind.COMPANY_COMMENT)
    assert (event.public, event.contact, event.text) == (
        True,
        contact,
        "¿Cuándo pasa la cuadrilla?",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Comentario de la empresa" in page
    assert "¿Cuándo pasa la cuadrilla?" in page
    assert "Comentario enviado a la OMIL." in page


def test_the_owner_is_notified(portal_client, contact, own_request, administrativa):
    comment(portal_client(contact), own_request)

    notification = Notification.objects.get()
    assert notification.recipient == administrativa
    assert own_request.reference in notification.title
    assert notification.url == reverse("requests_routing:request_detail", args=[own_request.pk])


def test_without_an_owner_the_administrativas_are_notified(
    portal_client, contact, own_request, administrativa, gestora
):
    # The gestora exists too, and is not told: triage is the Administrativa's.
    own_request.owner = None
    own_request.save(update_fields=["owner"])

    comment(portal_client(contact), own_request)

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "administrativa"
    ]


def test_a_closed_request_refuses_comments_in_spanish(
    portal_client, contact, own_request, administrativa
):
    service_request_change_status(
        request=own_request, status="rejected", actor=administrativa, note="No corresponde."
    )

    response = comment(portal_client(contact), own_request)

    assert response.status_code == 400
    assert CLOSED_REQUEST in response.content.decode()
    assert not own_request.events.filter(kind=RequestEvent.Kind.COMPANY_COMMENT).exists()


def test_an_empty_comment_is_refused(portal_client, contact, own_request):
    response = comment(portal_client(contact), own_request, text="   ")

    assert response.status_code == 400
    assert "Este campo es obligatorio" in response.content.decode()
    assert not own_request.events.filter(kind=RequestEvent.Kind.COMPANY_COMMENT).exists()


@override_settings(PORTAL_COMMENTS_PER_HOUR=2)
def test_comments_are_rate_limited(portal_client, contact, own_request):
    client = portal_client(contact)
    for _ in range(2):
        assert comment(client, own_request).status_code == 302

    refused = comment(client, own_request)

    assert refused.status_code == 400
    assert TOO_MANY_COMMENTS in refused.content.decode()
    assert own_request.events.filter(kind=RequestEvent.Kind.COMPANY_COMMENT).count() == 2


def test_another_company_cannot_comment(portal_client, other_contact, own_request):
    response = comment(portal_client(other_contact), own_request)

    assert response.status_code == 404
    assert not own_request.events.filter(kind=RequestEvent.Kind.COMPANY_COMMENT).exists()


def test_a_get_is_refused(portal_client, contact, own_request):
    url = reverse("portal:request_comment", args=[own_request.reference])

    assert portal_client(contact).get(url).status_code == 405
