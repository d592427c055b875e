"""The companies' answers and attendance, recorded by staff on one page."""

import pytest
from django.urls import reverse

from events.models import EventCompany
from events.services import event_company_respond


@pytest.mark.django_db
def test_staff_record_answers_and_the_detail_shows_them(client, gestora, breakfast, invitation):
    client.force_login(gestora)

    client.post(
        reverse("events:companies", args=[breakfast.pk]),
        {f"response_{invitation.pk}": "declined"},
    )
    detail = client.get(reverse("events:detail", args=[breakfast.pk])).content.decode()

    invitation.refresh_from_db()
    assert invitation.response == EventCompany.Response.DECLINED
    assert "No asistirá" in detail


@pytest.mark.django_db
def test_staff_see_a_portal_confirmation(client, gestora, breakfast, invitation, company):
    event_company_respond(event=breakfast, company=company, response="confirmed")
    client.force_login(gestora)

    detail = client.get(reverse("events:detail", args=[breakfast.pk])).content.decode()

    assert "Confirmó por el portal" in detail


@pytest.mark.django_db
def test_attendance_of_a_future_event_is_refused_and_nothing_changes(
    client, gestora, breakfast, invitation
):
    client.force_login(gestora)

    response = client.post(
        reverse("events:companies", args=[breakfast.pk]),
        {f"response_{invitation.pk}": "confirmed", f"attended_{invitation.pk}": "on"},
    )

    assert response.status_code == 400
    assert "El evento aún no se realiza" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.response == EventCompany.Response.PENDING
    assert not invitation.attended


@pytest.mark.django_db
def test_an_unknown_answer_is_refused_in_spanish(client, gestora, breakfast, invitation):
    client.force_login(gestora)

    response = client.post(
        reverse("events:companies", args=[breakfast.pk]), {f"response_{invitation.pk}": "quizás"}
    )

    assert response.status_code == 400
    assert "Escoja una opción válida" in response.content.decode()


@pytest.mark.django_db
def test_the_administrativa_only_reads(client, administrativa, breakfast, invitation):
    client.force_login(administrativa)

    page = client.get(reverse("events:detail", args=[breakfast.pk]))
    refused = client.post(
        reverse("events:companies", args=[breakfast.pk]),
        {f"response_{invitation.pk}": "declined"},
    )

    assert "Bodegas de Prueba SpA" in page.content.decode()
    assert refused.status_code == 403
