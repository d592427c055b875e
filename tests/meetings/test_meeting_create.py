"""Meetings made by hand: a business breakfast with the mayor, a visit from SENCE."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting

URL = reverse("meetings:create")


def form_data(**changes):
    start = (timezone.localtime() + timedelta(days=7)).replace(hour=8, minute=30)
    data = {
        "kind": "breakfast",
        "title": "Desayuno empresarial con el alcalde",
        "park": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salón municipal",
        "agenda": "Presentación del plan de empleo",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_gestora_creates_a_breakfast_and_is_invited(client, gestora, park):
    client.force_login(gestora)

    response = client.post(URL, form_data(park=park.pk))

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.kind == Meeting.Kind.BREAKFAST
    assert meeting.park == park
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "08:30"
    assert [a.staff for a in meeting.attendances.all()] == [gestora]


@pytest.mark.django_db
def test_a_meeting_ending_before_it_starts_is_refused_in_spanish(client, gestora):
    client.force_login(gestora)
    data = form_data()
    data["ends_at"] = (datetime.fromisoformat(data["starts_at"]) - timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "El término debe ser posterior al inicio." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_monthly_meeting_cannot_be_made_by_hand(client, gestora):
    client.force_login(gestora)

    response = client.post(URL, form_data(kind="monthly"))

    assert "Escoja una opción válida" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_missing_title_is_reported_next_to_the_field(client, gestora):
    client.force_login(gestora)

    response = client.post(URL, form_data(title=""))

    assert response.context["form"].errors["title"] == ["Este campo es obligatorio."]
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_encargado_cannot_create_meetings(client, encargado):
    client.force_login(encargado)

    assert client.post(URL, form_data()).status_code == 403
    assert not Meeting.objects.exists()
