"""The beat job keeps each park's next monthly meeting created, once, on the right local day
and hour, across holidays and both Chilean daylight-saving changes."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import schedule_next_meeting

SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def run_the_beat_job(run_job):
    return lambda: run_job("meetings.tasks.schedule_next_meetings")


def the_meeting(park):
    return Meeting.objects.get(park=park, kind=Meeting.Kind.MONTHLY)


@pytest.mark.django_db
def test_after_this_months_meeting_the_next_month_is_created(represented_park, run_the_beat_job):
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=SANTIAGO), tick=False):
        run_the_beat_job()

    meeting = the_meeting(represented_park)
    assert timezone.localtime(meeting.starts_at) == datetime(2026, 12, 9, 9, 0, tzinfo=SANTIAGO)
    assert meeting.title == "Reunión mensual Parque de Prueba — diciembre 2026"
    assert meeting.place == "Sala de la asociación"


@pytest.mark.django_db
def test_before_this_months_meeting_this_month_is_created(represented_park, run_the_beat_job):
    with time_machine.travel(datetime(2026, 12, 1, 6, 0, tzinfo=SANTIAGO), tick=False):
        run_the_beat_job()

    assert timezone.localdate(the_meeting(represented_park).starts_at).isoformat() == "2026-12-09"


@pytest.mark.django_db
def test_a_meeting_that_falls_on_a_holiday_moves_to_the_next_working_day(
    represented_park, run_the_beat_job
):
    # The second Wednesday of December 2027 is the 8th, la Inmaculada Concepción.
    with time_machine.travel(datetime(2027, 11, 20, 6, 0, tzinfo=SANTIAGO), tick=False):
        run_the_beat_job()

    meeting = the_meeting(represented_park)
    assert timezone.localtime(meeting.starts_at) == datetime(2027, 12, 9, 9, 0, tzinfo=SANTIAGO)


@pytest.mark.django_db
def test_the_meeting_keeps_its_local_hour_after_clocks_go_back_in_april(
    represented_park, run_the_beat_job
):
    # Scheduled in March (UTC-3) for 8 April 2026, after the change to winter time (UTC-4).
    with time_machine.travel(datetime(2026, 3, 20, 6, 0, tzinfo=SANTIAGO), tick=False):
        run_the_beat_job()

    meeting = the_meeting(represented_park)
    assert meeting.starts_at == datetime(2026, 4, 8, 13, 0, tzinfo=UTC)
    assert timezone.localtime(meeting.starts_at).time() == time(9, 0)


@pytest.mark.django_db
def test_the_meeting_keeps_its_local_hour_after_clocks_go_forward_in_september(
    represented_park, run_the_beat_job
):
    # Scheduled in August (UTC-4) for 9 September 2026, after the change to summer time.
    with time_machine.travel(datetime(2026, 8, 20, 6, 0, tzinfo=SANTIAGO), tick=False):
        run_the_beat_job()

    meeting = the_meeting(represented_park)
    assert meeting.starts_at == datetime(2026, 9, 9, 12, 0, tzinfo=UTC)
    assert timezone.localtime(meeting.starts_at).time() == time(9, 0)


@pytest.mark.django_db
def test_running_the_job_again_creates_nothing_more(represented_park, run_the_beat_job):
    with time_machine.travel(datetime(2026, 11, 20, 6, 0, tzinfo=SANTIAGO), tick=False):
        first = run_the_beat_job()
        second = run_the_beat_job()
        third = run_the_beat_job()

    assert first.startswith("Creadas: Reunión mensual Parque de Prueba")
    assert second == third == "Todas las próximas reuniones mensuales ya estaban creadas."
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_the_park_gestora_and_representative_are_invited(represented_park, gestora, contact):
    with time_machine.travel(datetime(2026, 11, 20, 6, 0, tzinfo=SANTIAGO), tick=False):
        meeting, created = schedule_next_meeting(park=represented_park)

    assert created
    invited = {(a.staff, a.contact) for a in meeting.attendances.all()}
    assert invited == {(gestora, None), (None, contact)}


@pytest.mark.django_db
def test_a_meeting_moved_by_hand_is_not_created_again(represented_park):
    with time_machine.travel(datetime(2026, 12, 1, 6, 0, tzinfo=SANTIAGO), tick=False):
        meeting, _ = schedule_next_meeting(park=represented_park)
        meeting.starts_at = datetime(2026, 12, 2, 9, 0, tzinfo=SANTIAGO)
        meeting.ends_at = datetime(2026, 12, 2, 11, 0, tzinfo=SANTIAGO)
        meeting.save()
    with time_machine.travel(datetime(2026, 12, 2, 6, 0, tzinfo=SANTIAGO), tick=False):
        again, created = schedule_next_meeting(park=represented_park)

    assert (again, created) == (meeting, False)
