"""Everyone invited to a meeting is reminded a week and a day before, at the digest hour,
with the .ics invitation attached, and each reminder goes out once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail

from meetings.models import Attendance, Meeting
from meetings.services import meeting_update
from omil_crm.models import Notification, ReminderEmail

SANTIAGO = ZoneInfo("America/Santiago")
MEETING_AT = datetime(2026, 12, 9, 9, 0, tzinfo=SANTIAGO)


@pytest.fixture
def december_meeting(represented_park, gestora, contact):
    meeting = Meeting.objects.create(
        park=represented_park,
        kind=Meeting.Kind.MONTHLY,
        title="Reunión mensual Parque de Prueba — diciembre 2026",
        cycle_month=MEETING_AT.date().replace(day=1),
        starts_at=MEETING_AT,
        ends_at=MEETING_AT + timedelta(hours=2),
        place="Sala de la asociación",
        agenda="1. Luminarias\n2. Vacantes",
    )
    Attendance.objects.create(meeting=meeting, staff=gestora)
    Attendance.objects.create(meeting=meeting, contact=contact)
    return meeting


@pytest.fixture
def remind_at(run_job, django_capture_on_commit_callbacks):
    def run(moment: datetime) -> str:
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return run_job("meetings.tasks.send_meeting_reminders")

    return run


@pytest.mark.django_db
def test_a_week_before_staff_and_company_contacts_are_reminded(december_meeting, remind_at):
    result = remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))

    assert result == "2 recordatorios de reunión."
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@bodegas.cl",
        "gestora@example.cl",
    ]
    message = mail.outbox[0]
    assert message.subject == (
        "Recordatorio: Reunión mensual Parque de Prueba — diciembre 2026, "
        "el miércoles 9 de diciembre a las 09:00"
    )
    assert "Lugar: Sala de la asociación" in message.body
    notification = Notification.objects.get(kind="meeting_reminder")
    assert notification.title.endswith(", el 09-12-2026")


@pytest.mark.django_db
def test_the_reminder_carries_the_invitation_for_the_calendar(december_meeting, remind_at):
    remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))

    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert filename == "invitacion.ics"
    assert mimetype.startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(SANTIAGO) == MEETING_AT
    assert str(event["uid"]) == f"reunion-{december_meeting.pk}@omil-crm"


@pytest.mark.django_db
def test_nothing_goes_out_before_the_digest_hour(december_meeting, remind_at):
    assert remind_at(datetime(2026, 12, 2, 7, 59, tzinfo=SANTIAGO)) == "0 recordatorios de reunión."
    assert mail.outbox == []


@pytest.mark.django_db
def test_each_reminder_is_sent_once_however_often_the_job_runs(december_meeting, remind_at):
    for hour in (8, 8, 9, 10, 23):
        remind_at(datetime(2026, 12, 2, hour, 0, tzinfo=SANTIAGO))
    remind_at(datetime(2026, 12, 5, 8, 0, tzinfo=SANTIAGO))

    assert len(mail.outbox) == 2
    assert ReminderEmail.objects.filter(sent_at__isnull=False).count() == 2
    assert Notification.objects.filter(kind="meeting_reminder").count() == 1


@pytest.mark.django_db
def test_the_day_before_a_second_reminder_says_tomorrow(december_meeting, remind_at):
    remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))
    mail.outbox.clear()

    remind_at(datetime(2026, 12, 8, 8, 0, tzinfo=SANTIAGO))

    assert len(mail.outbox) == 2
    assert "diciembre 2026, mañana a las 09:00" in mail.outbox[0].subject
    titles = set(Notification.objects.values_list("title", flat=True))
    assert "Recordatorio: Reunión mensual Parque de Prueba — diciembre 2026, mañana" in titles


@pytest.mark.django_db
def test_a_meeting_set_up_for_tomorrow_gets_only_the_one_day_reminder(december_meeting, remind_at):
    remind_at(datetime(2026, 12, 8, 15, 0, tzinfo=SANTIAGO))
    remind_at(datetime(2026, 12, 8, 16, 0, tzinfo=SANTIAGO))

    assert len(mail.outbox) == 2
    assert all("mañana" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_a_cancelled_meeting_reminds_nobody(december_meeting, remind_at):
    december_meeting.status = Meeting.Status.CANCELLED
    december_meeting.save()

    remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))

    assert mail.outbox == []


@pytest.mark.django_db
def test_a_moved_meeting_is_reminded_again_with_the_new_date(december_meeting, remind_at, gestora):
    remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 12, 2, 12, 0, tzinfo=SANTIAGO), tick=False):
        meeting_update(
            meeting=december_meeting,
            acting_user=gestora,
            starts_at=MEETING_AT + timedelta(days=1),
            ends_at=MEETING_AT + timedelta(days=1, hours=2),
        )

    remind_at(datetime(2026, 12, 3, 8, 0, tzinfo=SANTIAGO))

    assert len(mail.outbox) == 2
    assert "el jueves 10 de diciembre" in mail.outbox[0].subject
    [event] = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    assert event["sequence"] == 1


@pytest.mark.django_db
def test_people_without_email_or_no_longer_active_get_no_email(
    december_meeting, remind_at, contact, other_contact
):
    contact.email = ""
    contact.save()
    other_contact.is_active = False
    other_contact.save()
    Attendance.objects.create(meeting=december_meeting, contact=other_contact)

    remind_at(datetime(2026, 12, 2, 8, 0, tzinfo=SANTIAGO))

    assert [message.to[0] for message in mail.outbox] == ["gestora@example.cl"]
