"""The Encargado (or the park's own Gestora) changes a park's meeting rule; the upcoming monthly
meeting follows it."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from companies.models import Weekday, WeekOfMonth
from meetings.services import schedule_next_meeting
from omil_crm.accounts import roles

SANTIAGO = ZoneInfo("America/Santiago")


def rule_data(**changes):
    data = {
        "meeting_week": WeekOfMonth.THIRD,
        "meeting_weekday": Weekday.THURSDAY,
        "meeting_time": "10:30",
        "meeting_place": "Casino de la empresa anfitriona",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_encargado_sees_every_park_rule(client, encargado, represented_park):
    client.force_login(encargado)

    html = client.get(reverse("meetings:park_rules")).content.decode()

    assert "Segundo miércoles de cada mes, 09:00" in html


@pytest.mark.django_db
def test_a_new_rule_moves_the_upcoming_monthly_meeting(client, encargado, represented_park):
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
    with time_machine.travel(moment, tick=False):
        meeting, _ = schedule_next_meeting(park=represented_park)
        client.force_login(encargado)
        response = client.post(
            reverse("meetings:park_rule_edit", args=[represented_park.pk]),
            rule_data(),
            follow=True,
        )

    represented_park.refresh_from_db()
    assert represented_park.meeting_rule_display == "tercer jueves de cada mes, 10:30"
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at) == datetime(2026, 12, 17, 10, 30, tzinfo=SANTIAGO)
    assert meeting.place == "Casino de la empresa anfitriona"
    assert meeting.sequence == 1
    assert "quedó para el 17-12-2026 10:30" in response.content.decode()


@pytest.mark.django_db
def test_a_rule_whose_day_has_passed_keeps_the_date_announced(client, encargado, represented_park):
    with time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=SANTIAGO), tick=False):
        meeting, _ = schedule_next_meeting(park=represented_park)
        client.force_login(encargado)
        client.post(
            reverse("meetings:park_rule_edit", args=[represented_park.pk]),
            rule_data(meeting_week=WeekOfMonth.FIRST, meeting_weekday=Weekday.MONDAY),
        )

    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date().isoformat() == "2026-12-09"


@pytest.mark.django_db
def test_a_bad_hour_is_refused_in_spanish(client, encargado, represented_park):
    client.force_login(encargado)

    response = client.post(
        reverse("meetings:park_rule_edit", args=[represented_park.pk]),
        rule_data(meeting_time="25:99"),
    )

    assert "Introduzca una hora válida." in response.content.decode()
    represented_park.refresh_from_db()
    assert represented_park.meeting_time == time(9, 0)


@pytest.mark.django_db
def test_the_parks_own_gestora_changes_its_rule(client, gestora, represented_park):
    client.force_login(gestora)

    response = client.post(
        reverse("meetings:park_rule_edit", args=[represented_park.pk]), rule_data()
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:park_edit", args=[represented_park.pk])
    represented_park.refresh_from_db()
    assert represented_park.meeting_weekday == Weekday.THURSDAY


@pytest.mark.django_db
def test_a_gestora_cannot_change_the_rule_of_a_park_not_in_her_charge(client, represented_park):
    colleague = get_user_model().objects.create_user(username="gestora-vecina")
    colleague.groups.add(Group.objects.get(name=roles.GESTORA))
    client.force_login(colleague)

    response = client.post(
        reverse("meetings:park_rule_edit", args=[represented_park.pk]), rule_data()
    )

    assert response.status_code == 403
    represented_park.refresh_from_db()
    assert represented_park.meeting_weekday == Weekday.WEDNESDAY
