"""Editing a meeting: its data, minutes and status; moving it tells the calendars."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting


def edit_url(meeting):
    return reverse("meetings:edit", args=[meeting.pk])


def form_data(meeting, **changes):
    data = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "status": meeting.status,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_gestora_writes_the_minutes(client, gestora, meeting):
    client.force_login(gestora)

    response = client.post(
        edit_url(meeting),
        form_data(meeting, minutes="El representante pide rondas nocturnas."),
        follow=True,
    )

    assert "Se guardaron los datos de la reunión." in response.content.decode()
    assert "El representante pide rondas nocturnas." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 0


@pytest.mark.django_db
def test_moving_a_meeting_raises_its_calendar_version(client, gestora, meeting):
    client.force_login(gestora)
    later = timezone.localtime(meeting.starts_at) + timedelta(days=1)

    client.post(
        edit_url(meeting),
        form_data(
            meeting,
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )

    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at) == later
    assert meeting.sequence == 1


@pytest.mark.django_db
def test_a_future_meeting_cannot_be_marked_held(client, gestora, meeting):
    client.force_login(gestora)

    response = client.post(edit_url(meeting), form_data(meeting, status="held"))

    assert "Una reunión que aún no empieza no puede quedar como realizada." in (
        response.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


@pytest.mark.django_db
def test_an_end_before_the_start_changes_nothing(client, gestora, meeting):
    client.force_login(gestora)
    before = meeting.ends_at

    response = client.post(
        edit_url(meeting),
        form_data(
            meeting, ends_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
        ),
    )

    assert "El término debe ser posterior al inicio." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.ends_at == before


@pytest.mark.django_db
def test_the_encargado_cannot_edit(client, encargado, meeting):
    client.force_login(encargado)

    assert client.get(edit_url(meeting)).status_code == 403
