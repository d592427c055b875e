"""Cancelling an event tells the invited companies, with a calendar file that strikes it out."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import EmployerEvent


@pytest.mark.django_db
def test_cancelling_mails_the_invited_companies(
    client, gestora, breakfast, invitation, django_capture_on_commit_callbacks
):
    client.force_login(gestora)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:cancel", args=[breakfast.pk]), {"reason": "Agenda del alcalde"}
        )

    assert response.status_code == 302
    breakfast.refresh_from_db()
    assert breakfast.status == EmployerEvent.Status.CANCELLED
    assert [message.to for message in mail.outbox] == [["ana@bodegas.cl"]]
    assert mail.outbox[0].subject.startswith("Cancelado: Desayuno con el alcalde")
    assert "Motivo: Agenda del alcalde" in mail.outbox[0].body
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]


@pytest.mark.django_db
def test_cancelling_needs_a_reason(client, gestora, breakfast, invitation):
    client.force_login(gestora)

    response = client.post(reverse("events:cancel", args=[breakfast.pk]), {"reason": "  "})

    assert response.status_code == 400
    assert "Este campo es obligatorio." in response.content.decode()
    breakfast.refresh_from_db()
    assert breakfast.status == EmployerEvent.Status.SCHEDULED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_held_event_cannot_be_cancelled(client, gestora, fair):
    client.force_login(gestora)

    response = client.post(
        reverse("events:cancel", args=[fair.pk]), {"reason": "Error"}, follow=True
    )

    assert "El evento ya se realizó: no se puede cancelar." in response.content.decode()
    fair.refresh_from_db()
    assert fair.status == EmployerEvent.Status.SCHEDULED


@pytest.mark.django_db
def test_the_administrativa_cannot_cancel(client, administrativa, breakfast):
    client.force_login(administrativa)

    response = client.post(reverse("events:cancel", args=[breakfast.pk]), {"reason": "No"})

    assert response.status_code == 403
