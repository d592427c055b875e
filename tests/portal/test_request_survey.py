"""«¿Quedó resuelto?» on the portal: a resolved request's page shows the pending survey's form;
its POST answers through the survey's service, «No» reopening the request."""

import pytest
from django.urls import reverse

from requests_routing.services import service_request_change_status, service_request_route
from requests_routing.survey_models import ResolutionSurvey

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(own_request, administrativa):
    service_request_route(request=own_request, actor=administrativa)
    return service_request_change_status(
        request=own_request, status="resolved", actor=administrativa, note="Árbol podado."
    )


def answer(client, request, **data):
    return client.post(reverse("portal:request_survey", args=[request.reference]), data)


def page_of(client, request):
    return client.get(reverse("portal:request_detail", args=[request.reference])).content.decode()


def test_a_resolved_request_shows_the_survey(portal_client, contact, resolved):
    page = page_of(portal_client(contact), resolved)

    assert 'data-testid="portal-survey"' in page
    assert "¿Quedó resuelto?" in page


def test_an_open_request_shows_no_survey(portal_client, contact, own_request):
    assert 'data-testid="portal-survey"' not in page_of(portal_client(contact), own_request)


def test_a_yes_is_recorded_as_answered_on_the_portal(portal_client, contact, resolved):
    client = portal_client(contact)

    response = answer(client, resolved, answer="si", rating="5", comment="Muy rápido.")

    assert response.status_code == 302
    survey = ResolutionSurvey.objects.get()
    assert (survey.resolved, survey.rating, survey.answered_via) == (True, 5, "portal")
    assert survey.answered_by == contact
    assert 'data-testid="portal-survey"' not in page_of(client, resolved)


def test_a_no_reopens_the_request(portal_client, contact, resolved):
    answer(portal_client(contact), resolved, answer="no", rating="2", comment="Quedó una rama.")

    resolved.refresh_from_db()
    assert resolved.status == "in_progress"


def test_a_no_without_comment_is_refused_in_spanish(portal_client, contact, resolved):
    response = answer(portal_client(contact), resolved, answer="no", rating="2")

    assert response.status_code == 400
    assert "Cuéntenos qué sigue pendiente" in response.content.decode()
    assert ResolutionSurvey.objects.get().answered_at is None


def test_another_company_gets_404(portal_client, other_contact, resolved):
    response = answer(portal_client(other_contact), resolved, answer="si", rating="5")

    assert response.status_code == 404
    assert ResolutionSurvey.objects.get().answered_at is None


def test_answering_twice_is_refused(portal_client, contact, resolved):
    client = portal_client(contact)
    answer(client, resolved, answer="si", rating="4")

    response = answer(client, resolved, answer="no", rating="1", comment="Cambié de idea.")

    assert response.status_code == 302
    assert ResolutionSurvey.objects.get().resolved is True
    assert (
        "no tiene una encuesta por responder" in client.get(response["Location"]).content.decode()
    )
