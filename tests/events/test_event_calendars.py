"""Events in the staff calendar feed and on the timeline of the companies invited."""

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventCompany
from events.services import event_cancel
from omil_crm.calendar.feeds import feed_token_create
from tests.events.conftest import make_event


def feed_events(user) -> dict[str, icalendar.Event]:
    token = feed_token_create(user=user)
    response = Client().get(reverse("calendar_feed", args=[token.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_the_feed_carries_the_events_of_the_office(gestora, breakfast):
    events = feed_events(gestora)

    event = events[f"evento-{breakfast.pk}@omil-crm"]
    assert str(event["summary"]) == "Desayuno con el alcalde"
    assert str(event["location"]) == "Salón municipal de Concón"
    assert event["dtstart"].dt == breakfast.starts_at
    assert str(event["status"]) == "CONFIRMED"


@pytest.mark.django_db
def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(gestora, breakfast):
    event_cancel(event=breakfast, acting_user=gestora, reason="Lluvia")

    event = feed_events(gestora)[f"evento-{breakfast.pk}@omil-crm"]

    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1


@pytest.mark.django_db
def test_the_feed_costs_the_same_queries_whatever_the_events(gestora, park, breakfast):
    token = feed_token_create(user=gestora)
    url = reverse("calendar_feed", args=[token.token])
    with CaptureQueriesContext(connection) as few:
        Client().get(url)
    for days in range(1, 10):
        make_event(park=park, days=days, title=f"Encuentro {days}")
    with CaptureQueriesContext(connection) as many:
        Client().get(url)

    assert len(many) == len(few)


@pytest.mark.django_db
def test_an_invited_company_shows_the_event_on_its_timeline(
    client, gestora, breakfast, company, other_company
):
    EventCompany.objects.create(event=breakfast, company=company)
    client.force_login(gestora)
    link = f'href="{reverse("events:detail", args=[breakfast.pk])}"'

    invited = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    not_invited = client.get(reverse("companies:detail", args=[other_company.pk])).content.decode()

    assert link in invited
    assert "Desayuno empresarial · Programado" in invited
    assert link not in not_invited


@pytest.mark.django_db
def test_old_events_leave_the_feed(gestora, park):
    old = make_event(park=park, days=-200, title="Feria antigua")

    assert f"evento-{old.pk}@omil-crm" not in feed_events(gestora)
