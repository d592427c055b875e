"""The daily digest: at 08:00 Santiago on working days, each staff member gets what is due,
by email and in the app, once, even when the job runs twice at the same moment."""

import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.beat import ScheduleEntry
from django.conf import settings
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from companies.models import Visit
from companies.services import follow_up_create
from meetings.models import Meeting
from meetings.services import agreement_create
from omil_crm.celery import app
from omil_crm.models import Notification, PeriodicJobRun, ReminderEmail
from omil_crm.reminders import digest
from requests_routing.services import service_request_create

SANTIAGO = ZoneInfo("America/Santiago")
MONDAY = date(2026, 12, 14)
EIGHT = datetime(2026, 12, 14, 8, 0, tzinfo=SANTIAGO)
DIGEST_TASK = "omil_crm.tasks.send_daily_digests"


@pytest.fixture
def run_digest(django_capture_on_commit_callbacks):
    app.loader.import_default_modules()

    def run(moment: datetime = EIGHT) -> str:
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return app.tasks[DIGEST_TASK].apply().get()

    return run


@pytest.fixture
def work_due(gestora, company, pruning, park):
    """One of each thing the digest lists, due on MONDAY."""
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO), tick=False):
        follow_up_create(
            company=company, title="Llamar por la vacante", assigned_to=gestora, due_date=MONDAY
        )
        follow_up_create(
            company=company,
            title="Enviar perfiles",
            assigned_to=gestora,
            due_date=MONDAY - timedelta(days=3),
        )
        follow_up_create(
            company=company,
            title="Más adelante",
            assigned_to=gestora,
            due_date=MONDAY + timedelta(days=3),
        )
        service_request_create(
            company=company,
            category=pruning,
            subject="Poda del acceso norte",
            channel="phone",
            created_by=gestora,
        )
        Visit.objects.create(
            company=company,
            staff=gestora,
            status=Visit.Status.PLANNED,
            planned_for=datetime(2026, 12, 14, 11, 30, tzinfo=SANTIAGO),
        )
        meeting = Meeting.objects.create(
            park=park,
            kind=Meeting.Kind.OTHER,
            title="Desayuno empresarial",
            starts_at=datetime(2026, 12, 2, 9, 0, tzinfo=SANTIAGO),
            ends_at=datetime(2026, 12, 2, 10, 0, tzinfo=SANTIAGO),
        )
        agreement_create(
            meeting=meeting,
            description="Coordinar rondas de Seguridad Pública",
            responsible=gestora,
            due_date=MONDAY,
            company=company,
        )


@pytest.mark.django_db
def test_the_digest_lists_what_is_due_by_email_and_in_the_app(run_digest, gestora, work_due):
    assert run_digest() == "1 resúmenes enviados para el 14-12-2026."

    notification = Notification.objects.get(recipient=gestora, kind="digest")
    assert notification.title == "Resumen del día 14-12-2026"
    assert notification.body == (
        "2 seguimientos vencidos o para hoy, 1 solicitud fuera de plazo, "
        "1 visita planificada hoy, 1 acuerdo de reunión por cumplir."
    )
    [message] = mail.outbox
    assert message.to == ["gestora@example.cl"]
    assert message.subject.startswith("Su resumen del día 14-12-2026")
    body = message.body
    assert "- 11-12-2026 (vencido) · Enviar perfiles · Bodegas de Prueba SpA" in body
    assert "- 14-12-2026 · Llamar por la vacante" in body
    assert "Más adelante" not in body
    assert "Poda del acceso norte" in body
    assert "- 11:30 · Visita en terreno · Bodegas de Prueba SpA" in body
    assert "Coordinar rondas de Seguridad Pública · Desayuno empresarial" in body
    # The agreement's follow-up is listed once, with the agreements.
    assert "Acuerdo de reunión:" not in body
    assert "lunes 14 de diciembre" in body


@pytest.mark.django_db
def test_the_unread_count_in_the_navigation_bar_shows_the_digest(
    client, run_digest, gestora, work_due
):
    client.force_login(gestora)
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()

    run_digest()

    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in html


@pytest.mark.django_db
def test_the_digest_is_sent_once_however_often_the_job_runs(run_digest, gestora, work_due):
    results = [run_digest(EIGHT + timedelta(minutes=minutes)) for minutes in (0, 0, 5, 120)]

    assert results[0] == "1 resúmenes enviados para el 14-12-2026."
    assert results[1:] == ["0 resúmenes enviados para el 14-12-2026."] * 3
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind="digest").count() == 1


@pytest.mark.django_db
def test_the_next_day_brings_a_new_digest(run_digest, gestora, work_due):
    run_digest()
    run_digest(EIGHT + timedelta(days=1))

    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_nobody_gets_an_empty_digest(run_digest, gestora, administrativa, company):
    assert run_digest() == "0 resúmenes enviados para el 14-12-2026."
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 12), date(2026, 12, 13), date(2026, 12, 8)],
    ids=["sábado", "domingo", "feriado de la Inmaculada Concepción"],
)
def test_no_digest_on_weekends_and_holidays(run_digest, gestora, work_due, day):
    result = run_digest(datetime.combine(day, EIGHT.timetz()))

    assert result == f"{day:%d-%m-%Y} no es día hábil: no se envían resúmenes."
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_email_is_sent_later_and_only_once(
    run_digest, gestora, work_due, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise OSError("conexión rechazada")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    run_digest()
    reminder = ReminderEmail.objects.get(kind="digest")
    assert reminder.sent_at is None
    assert reminder.last_error == "conexión rechazada"
    assert Notification.objects.filter(kind="digest").count() == 1

    monkeypatch.undo()
    with (
        time_machine.travel(EIGHT + timedelta(minutes=15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        resent = app.tasks["omil_crm.tasks.resend_unsent_reminder_emails"].apply().get()
        again = app.tasks["omil_crm.tasks.resend_unsent_reminder_emails"].apply().get()

    assert resent == "1 recordatorios por correo reenviados a la cola."
    assert again == "0 recordatorios por correo reenviados a la cola."
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_digest_not_sent_by_the_end_of_its_day_is_dropped(
    run_digest, gestora, work_due, monkeypatch
):
    monkeypatch.setattr(
        "omil_crm.base.reminder_emails.queue_reminder_email", lambda reminder_id: None
    )
    run_digest()

    with time_machine.travel(EIGHT + timedelta(days=1), tick=False):
        assert app.tasks["omil_crm.tasks.resend_unsent_reminder_emails"].apply().get() == (
            "0 recordatorios por correo reenviados a la cola."
        )
    assert mail.outbox == []


def beat_entry() -> ScheduleEntry:
    entry = settings.CELERY_BEAT_SCHEDULE["resumen-diario"]
    assert entry["task"] == DIGEST_TASK
    return ScheduleEntry(name="resumen-diario", app=app, **entry)


@pytest.mark.parametrize(
    ("day", "utc_offset"),
    [
        (date(2026, 4, 5), -4),  # the Sunday clocks go back (24:00 → 23:00 on Saturday)
        (date(2026, 4, 6), -4),
        (date(2026, 9, 6), -3),  # the Sunday clocks go forward (00:00 → 01:00)
        (date(2026, 9, 7), -3),
    ],
)
def test_beat_sends_the_digest_at_eight_local_across_daylight_saving_changes(day, utc_offset):
    eight = datetime.combine(day, datetime.min.time()).replace(hour=8, tzinfo=SANTIAGO)
    assert eight.utcoffset() == timedelta(hours=utc_offset)
    # The previous run was the day before at 08:00, in the other offset for the Sundays.
    entry = beat_entry()
    entry.last_run_at = datetime.combine(day - timedelta(days=1), eight.timetz()).astimezone(UTC)

    with time_machine.travel(eight - timedelta(minutes=1), tick=False):
        early = entry.is_due()
    with time_machine.travel(eight, tick=False):
        on_time = entry.is_due()

    assert early.is_due is False
    assert early.next == 60
    assert on_time.is_due is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 4, 6, 8, 0, tzinfo=SANTIAGO), datetime(2026, 9, 7, 8, 0, tzinfo=SANTIAGO)],
    ids=["después del cambio de abril", "después del cambio de septiembre"],
)
def test_the_digest_of_the_monday_after_each_change_is_dated_eight_local(
    run_digest, gestora, company, moment
):
    follow_up_create(company=company, title="Llamar", assigned_to=gestora, due_date=moment.date())

    run_digest(moment)

    notification = Notification.objects.get(kind="digest")
    assert timezone.localtime(notification.created_at) == moment
    assert notification.title == f"Resumen del día {moment:%d-%m-%Y}"


@pytest.mark.real_broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_digest_once_when_it_is_enqueued_twice_at_once(
    gestora, company, monkeypatch
):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("necesita REDIS_URL: un worker real de Celery contra Redis (como en CI)")
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    day = timezone.localdate() + timedelta(days=1)
    while digest.is_working_day(day) is False:
        day += timedelta(days=1)
    follow_up_create(company=company, title="Llamar", assigned_to=gestora, due_date=day)

    # Both runs must be inside the digest at the same moment: each waits for the other
    # after reading what is due, so they race for the same key.
    both_inside = threading.Barrier(2, timeout=20)
    read_what_is_due = digest.digest_for

    def wait_for_the_other(user, on):
        found = read_what_is_due(user, on)
        both_inside.wait()
        return found

    monkeypatch.setattr(digest, "digest_for", wait_for_the_other)

    def close_thread_connections(**kwargs):
        connections.close_all()

    task_postrun.connect(close_thread_connections, weak=False)
    app.loader.import_default_modules()
    task = app.tasks[DIGEST_TASK]
    try:
        with start_worker(
            app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20
        ):
            task.delay(day.isoformat())
            task.delay(day.isoformat())
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                run = PeriodicJobRun.objects.filter(task_name=DIGEST_TASK).first()
                sent = ReminderEmail.objects.filter(sent_at__isnull=False).count()
                if run and run.runs == 2 and run.last_finished_at and sent:
                    break
                time.sleep(0.1)
            time.sleep(1)  # room for a second email, if the code were wrong
    finally:
        task_postrun.disconnect(close_thread_connections)

    run = PeriodicJobRun.objects.get(task_name=DIGEST_TASK)
    assert (run.runs, run.failures) == (2, 0)
    assert not both_inside.broken
    assert Notification.objects.filter(recipient=gestora, kind="digest").count() == 1
    assert ReminderEmail.objects.filter(sent_at__isnull=False).count() == 1
    assert [message.to for message in mail.outbox] == [["gestora@example.cl"]]
