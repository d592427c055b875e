"""Changing a request's status: the usual next step is offered first, resolving asks how it
was resolved and the company reads it, and the page's hints fit the request's state."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from requests_routing.models import RequestEvent, ServiceRequest
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_route,
)

Status = ServiceRequest.Status


@pytest.fixture
def sr(company, contact, pruning, administrativa):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="phone",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=2),
    )


@pytest.fixture
def in_progress(sr, administrativa):
    service_request_route(request=sr, actor=administrativa)
    service_request_change_status(request=sr, status=Status.IN_PROGRESS, actor=administrativa)
    mail.outbox.clear()
    sr.refresh_from_db()
    return sr


def offered_statuses(html: str) -> list[str]:
    select = re.search(r'<select name="status".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r'<option value="(\w+)"', select)


def selected_status(html: str) -> str:
    select = re.search(r'<select name="status".*?</select>', html, re.DOTALL).group(0)
    return re.search(r'<option value="(\w+)" selected>', select).group(1)


def page(client, sr) -> str:
    return client.get(reverse("requests_routing:request_detail", args=[sr.pk])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, expected",
    [
        ([], ["routed", "in_progress", "rejected", "duplicate"]),
        (["routed"], ["in_progress", "resolved", "rejected", "duplicate"]),
        (["routed", "in_progress"], ["resolved", "routed", "rejected"]),
        (["routed", "in_progress", "resolved"], ["closed", "in_progress"]),
    ],
)
def test_it_offers_the_natural_next_status_first_and_the_ends_last(
    client, administrativa, sr, path, expected
):
    for status in path:
        service_request_change_status(
            request=sr, status=status, actor=administrativa, note="Trabajo hecho", send_emails=False
        )
    client.force_login(administrativa)

    html = page(client, sr)

    assert offered_statuses(html) == expected
    assert selected_status(html) == expected[0]


@pytest.mark.django_db
def test_a_resolved_request_shows_no_routing_hint(client, administrativa, in_progress):
    service_request_change_status(
        request=in_progress, status=Status.RESOLVED, actor=administrativa, note="Poda hecha"
    )
    client.force_login(administrativa)

    html = page(client, in_progress)

    assert "«Derivada» envía" not in html
    assert "«Cerrada» la da por terminada" in html
    assert "Referencia de la solicitud original" not in html


@pytest.mark.django_db
def test_a_new_request_explains_routing(client, administrativa, sr):
    client.force_login(administrativa)

    html = page(client, sr)

    assert "«Derivada» envía la solicitud por correo a Aseo y Ornato" in html
    assert "«Cerrada»" not in html


@pytest.mark.django_db
def test_resolving_without_a_note_is_refused_next_to_the_note(client, administrativa, in_progress):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:request_change_status", args=[in_progress.pk]),
        {"status": "resolved", "note": "   "},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Escriba cómo se resolvió" in html
    assert "is-invalid" in html
    assert "/estado/#cambiar-estado" in html  # the page opens at the form and its error
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_service_refuses_to_resolve_without_a_note(administrativa, in_progress):
    with pytest.raises(ValidationError) as error:
        service_request_change_status(
            request=in_progress, status=Status.RESOLVED, actor=administrativa
        )

    assert "Escriba cómo se resolvió" in error.value.message_dict["note"][0]
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_the_resolution_note_enters_the_timeline_and_the_companys_notice(
    client, administrativa, in_progress, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)
    note = "Aseo y Ornato podó los tres árboles del acceso el martes."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests_routing:request_change_status", args=[in_progress.pk]),
            {"status": "resolved", "note": note},
            follow=True,
        )

    assert note in response.content.decode()
    change = in_progress.events.get(kind=RequestEvent.Kind.STATUS_CHANGE, to_status="resolved")
    assert change.text == note
    notice, survey = mail.outbox  # the survey follows (test_resolution_survey)
    assert notice.to == ["ana@bodegas.cl"]
    assert note in notice.body
    assert note in survey.body
    html_part = notice.alternatives[0][0]
    assert "podó los tres árboles del acceso el martes." in html_part


@pytest.mark.django_db
def test_the_gestora_cannot_resolve(client, gestora, in_progress):
    client.force_login(gestora)

    response = client.post(
        reverse("requests_routing:request_change_status", args=[in_progress.pk]),
        {"status": "resolved", "note": "Hecho"},
    )

    assert response.status_code == 403
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
