"""Each meeting downloads as an .ics file that calendar clients open at the right hour."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from meetings.models import Meeting

SANTIAGO = ZoneInfo("America/Santiago")


def download(client, meeting):
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    return response, icalendar.Calendar.from_ical(response.content)


def meeting_at(park, moment):
    return Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.OTHER,
        title="Visita de SENCE",
        starts_at=moment,
        ends_at=moment + timedelta(hours=1),
        place="OMIL Concón",
        agenda="Programas de capacitación 2026",
    )


@pytest.mark.django_db
def test_the_download_is_a_valid_calendar_file(client, gestora, meeting):
    client.force_login(gestora)

    response, calendar = download(client, meeting)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="reunion-{meeting.pk}.ics"'
    assert calendar["version"] == "2.0"
    assert calendar["method"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Reunión mensual"
    assert str(event["location"]) == "Municipalidad"
    assert str(event["uid"]) == f"reunion-{meeting.pk}@omil-crm"
    assert event.decoded("dtstart") == meeting.starts_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # Summer time (UTC-3), then winter time (UTC-4) after the first Sunday of April…
        (datetime(2026, 4, 1, 9, 0), datetime(2026, 4, 1, 12, 0)),
        (datetime(2026, 4, 8, 9, 0), datetime(2026, 4, 8, 13, 0)),
        # …and back to summer time after the first Sunday of September.
        (datetime(2026, 9, 2, 9, 0), datetime(2026, 9, 2, 13, 0)),
        (datetime(2026, 9, 9, 9, 0), datetime(2026, 9, 9, 12, 0)),
    ],
)
def test_the_hour_is_right_on_both_sides_of_each_daylight_saving_change(
    client, gestora, park, local, utc
):
    meeting = meeting_at(park, local.replace(tzinfo=SANTIAGO))
    client.force_login(gestora)

    response, calendar = download(client, meeting)

    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == utc.replace(tzinfo=UTC)
    assert event.decoded("dtstart").astimezone(SANTIAGO).hour == 9
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in response.content.decode()


@pytest.mark.django_db
def test_the_uid_stays_and_the_version_rises_when_the_meeting_moves(client, gestora, meeting):
    client.force_login(gestora)
    _, before = download(client, meeting)
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    meeting.sequence += 1
    meeting.save()

    _, after = download(client, meeting)

    [old], [new] = before.walk("VEVENT"), after.walk("VEVENT")
    assert old["uid"] == new["uid"]
    assert (old["sequence"], new["sequence"]) == (0, 1)


@pytest.mark.django_db
def test_a_cancelled_meeting_is_marked_cancelled(client, gestora, meeting):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    client.force_login(gestora)

    _, calendar = download(client, meeting)

    assert calendar.walk("VEVENT")[0]["status"] == "CANCELLED"


@pytest.mark.django_db
def test_roles_without_meetings_cannot_download(client, administrativa, meeting):
    client.force_login(administrativa)

    assert client.get(reverse("meetings:ics", args=[meeting.pk])).status_code == 403
