"""Reminder emails (meeting reminders, the digest): subject and plain text carry names as they
were typed, only the HTML part escapes them, and a subject is always one header line."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Attendance, Meeting
from meetings.services import meeting_remind
from omil_crm.models import ReminderEmail

pytestmark = pytest.mark.django_db

TITLE = "Desayuno <b>Pérez & Hijos</b> con el alcalde"


@pytest.fixture
def breakfast(park, contact):
    starts_at = timezone.now() + timedelta(days=1)
    meeting = Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.BREAKFAST,
        title=TITLE,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Casino de Pérez & Hijos <Ltda>",
    )
    Attendance.objects.create(meeting=meeting, contact=contact)
    return meeting


def test_a_meeting_reminder_reads_the_title_and_place_as_typed(
    breakfast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_remind(meeting=breakfast, days=1) == 1

    [message] = mail.outbox
    assert message.subject.startswith(f"Recordatorio: {TITLE}, mañana")
    assert f"«{TITLE}»" in message.body
    assert "Lugar: Casino de Pérez & Hijos <Ltda>" in message.body
    [(html, _mimetype)] = message.alternatives
    assert "Desayuno &lt;b&gt;Pérez &amp; Hijos&lt;/b&gt;" in html
    assert "<b>Pérez" not in html


def test_line_breaks_in_a_meeting_title_stay_out_of_the_headers(
    breakfast, django_capture_on_commit_callbacks
):
    breakfast.title = "Desayuno\r\nBcc: todos@municipio.cl"
    breakfast.save()

    with django_capture_on_commit_callbacks(execute=True):
        meeting_remind(meeting=breakfast, days=1)

    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert ReminderEmail.objects.get().subject.startswith("Recordatorio: Desayuno Bcc:")
    headers = message.message().as_bytes().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers
