"""Each staff member's calendar feed: a secret, revocable address that calendar clients read
without logging in, with her planned visits, meetings and open follow-ups, valid RFC 5545."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Visit
from companies.services import follow_up_complete, follow_up_create
from meetings.models import Attendance, Meeting
from omil_crm.calendar.feeds import feed_token_create
from omil_crm.models import CalendarFeedToken
from tests.conftest import make_persona

SANTIAGO = ZoneInfo("America/Santiago")


def feed_url(token) -> str:
    return reverse("calendar_feed", args=[token.token])


def read_feed(token) -> icalendar.Calendar:
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def plan_visit(company, staff, moment, status=Visit.Status.PLANNED):
    return Visit.objects.create(
        company=company,
        staff=staff,
        status=status,
        planned_for=moment,
        happened_at=moment if status == Visit.Status.DONE else None,
        next_step="Presentar el Bono al Trabajo de la Mujer",
    )


@pytest.fixture
def token(gestora):
    return feed_token_create(user=gestora)


@pytest.fixture
def agenda(gestora, company, park):
    """A planned visit, a meeting she is invited to and an open follow-up of the Gestora."""
    start = (timezone.localtime() + timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    visit = plan_visit(company, gestora, start)
    meeting = Meeting.objects.create(
        park=None,
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno empresarial",
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2),
        place="Salón municipal",
    )
    Attendance.objects.create(meeting=meeting, staff=gestora)
    follow_up = follow_up_create(
        company=company,
        title="Enviar perfiles",
        assigned_to=gestora,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    return visit, meeting, follow_up


@pytest.mark.django_db
def test_the_feed_has_her_visits_meetings_and_follow_ups(token, agenda, company):
    visit, meeting, follow_up = agenda

    found = events(read_feed(token))

    assert set(found) == {
        f"visita-{visit.pk}@omil-crm",
        f"reunion-{meeting.pk}@omil-crm",
        f"seguimiento-{follow_up.pk}@omil-crm",
    }
    visit_event = found[f"visita-{visit.pk}@omil-crm"]
    assert str(visit_event["summary"]) == f"Visita en terreno: {company}"
    assert visit_event.decoded("dtstart") == visit.planned_for
    assert str(found[f"reunion-{meeting.pk}@omil-crm"]["location"]) == "Salón municipal"
    due = found[f"seguimiento-{follow_up.pk}@omil-crm"]
    assert str(due["summary"]) == "Seguimiento: Enviar perfiles"
    assert due.decoded("dtstart") == follow_up.due_date
    assert due.decoded("dtend") == follow_up.due_date + timedelta(days=1)


@pytest.mark.django_db
def test_the_feed_is_a_valid_calendar_for_clients(token, agenda):
    raw = Client().get(feed_url(token)).content.decode()

    calendar = icalendar.Calendar.from_ical(raw)
    assert raw.startswith("BEGIN:VCALENDAR\r\n")
    assert calendar["version"] == "2.0"
    assert str(calendar["prodid"]).startswith("-//OMIL CRM//")
    assert str(calendar["x-wr-timezone"]) == "America/Santiago"
    for event in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart", "summary"):
            assert required in event
        assert event.decoded("dtstamp").tzinfo is not None
        start = event.decoded("dtstart")
        # Timed events in UTC, whole days as dates: no floating times a client could misread.
        assert isinstance(start, date) and (
            not isinstance(start, datetime) or start.utcoffset() == timedelta(0)
        )
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


@pytest.mark.django_db
def test_refreshing_gives_the_same_uids_and_the_same_file(token, agenda):
    first = Client().get(feed_url(token)).content
    second = Client().get(feed_url(token)).content

    assert first == second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 4, 3, 9, 0), datetime(2026, 4, 3, 12, 0)),  # Friday, UTC-3
        (datetime(2026, 4, 6, 9, 0), datetime(2026, 4, 6, 13, 0)),  # Monday, UTC-4
        (datetime(2026, 9, 4, 9, 0), datetime(2026, 9, 4, 13, 0)),  # Friday, UTC-4
        (datetime(2026, 9, 7, 9, 0), datetime(2026, 9, 7, 12, 0)),  # Monday, UTC-3
    ],
)
def test_a_nine_oclock_visit_is_nine_in_santiago_on_both_sides_of_each_change(
    token, gestora, company, local, utc, monkeypatch
):
    monkeypatch.setattr("omil_crm.calendar.feeds.FEED_PAST", timedelta(days=3650))
    visit = plan_visit(company, gestora, local.replace(tzinfo=SANTIAGO))

    event = events(read_feed(token))[f"visita-{visit.pk}@omil-crm"]

    assert event.decoded("dtstart") == utc.replace(tzinfo=UTC)
    assert event.decoded("dtstart").astimezone(SANTIAGO).hour == 9
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=1)


@pytest.mark.django_db
def test_what_is_done_or_belongs_to_others_is_not_in_her_feed(token, agenda, company, gestora):
    visit, meeting, follow_up = agenda
    colleague = make_persona("administrativa")
    plan_visit(company, colleague, visit.planned_for)
    follow_up_create(
        company=company, title="De otra", assigned_to=colleague, due_date=follow_up.due_date
    )
    follow_up_complete(follow_up=follow_up, user=gestora)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CANCELLED)

    assert set(events(read_feed(token))) == {f"reunion-{meeting.pk}@omil-crm"}


@pytest.mark.django_db
def test_the_meetings_of_the_park_she_is_in_charge_of_are_in_her_feed(token, park):
    meeting = Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.MONTHLY,
        title="Reunión mensual",
        cycle_month=date(2026, 12, 1),
        starts_at=timezone.now() + timedelta(days=9),
        ends_at=timezone.now() + timedelta(days=9, hours=2),
    )

    assert f"reunion-{meeting.pk}@omil-crm" in events(read_feed(token))


@pytest.mark.django_db
def test_a_meeting_she_scheduled_is_in_her_feed_without_an_attendance(token, gestora):
    meeting = Meeting.objects.create(
        park=None,
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno con empresas de logística",
        starts_at=timezone.now() + timedelta(days=4),
        ends_at=timezone.now() + timedelta(days=4, hours=2),
        created_by=gestora,
    )
    other = Meeting.objects.create(
        park=None,
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno de otra oficina",
        starts_at=timezone.now() + timedelta(days=4),
        ends_at=timezone.now() + timedelta(days=4, hours=2),
    )

    found = events(read_feed(token))
    assert f"reunion-{meeting.pk}@omil-crm" in found
    assert f"reunion-{other.pk}@omil-crm" not in found


@pytest.mark.django_db
def test_the_page_creates_the_address_and_shows_it(client, gestora):
    client.force_login(gestora)
    assert "Todavía no tiene una dirección" in client.get(reverse("calendar_page")).content.decode()

    response = client.post(reverse("calendar_token_create"), follow=True)

    token = CalendarFeedToken.objects.get(user=gestora)
    assert f"http://testserver{feed_url(token)}" in response.content.decode()
    assert len(token.token) >= 40


@pytest.mark.django_db
def test_a_new_address_stops_the_old_one(client, gestora, token):
    client.force_login(gestora)

    response = client.post(reverse("calendar_token_create"), follow=True)

    assert "la anterior dejó de funcionar" in response.content.decode()
    assert Client().get(feed_url(token)).status_code == 302
    new = CalendarFeedToken.objects.get(user=gestora, revoked_at__isnull=True)
    assert Client().get(feed_url(new)).status_code == 200


@pytest.mark.django_db
def test_a_revoked_address_gives_nothing_to_a_calendar_client(client, gestora, token):
    client.force_login(gestora)

    client.post(reverse("calendar_token_revoke"))

    anonymous = Client().get(feed_url(token))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert client.get(feed_url(token)).status_code == 404


@pytest.mark.django_db
def test_the_feed_of_a_disabled_account_stops(gestora, token):
    gestora.is_active = False
    gestora.save()

    assert Client().get(feed_url(token)).status_code == 302


@pytest.mark.django_db
def test_reading_the_feed_is_remembered_on_the_page(client, gestora, token):
    Client().get(feed_url(token))
    client.force_login(gestora)

    html = client.get(reverse("calendar_page")).content.decode()

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "leída por última vez" in html


@pytest.mark.django_db
def test_the_feed_costs_the_same_queries_whatever_its_size(token, agenda, company, gestora):
    with CaptureQueriesContext(connection) as small:
        Client().get(feed_url(token))
    for days in range(1, 20):
        plan_visit(company, gestora, timezone.now() + timedelta(days=days))
        follow_up_create(
            company=company,
            title=f"Tarea {days}",
            assigned_to=gestora,
            due_date=timezone.localdate() + timedelta(days=days),
        )

    with CaptureQueriesContext(connection) as large:
        Client().get(feed_url(token))

    assert len(large) == len(small)


@pytest.mark.django_db
def test_the_user_menu_links_to_the_calendar_page(client, gestora):
    client.force_login(gestora)

    assert reverse("calendar_page") in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_role_without_agenda_has_no_calendar_page(client, psicologa):
    client.force_login(psicologa)

    assert client.get(reverse("calendar_page")).status_code == 403
    assert client.post(reverse("calendar_token_create")).status_code == 403
    assert not CalendarFeedToken.objects.exists()
