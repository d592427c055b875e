"""The periodic jobs: Celery's beat schedule, `manage.py run_periodic_jobs`, the record of
each run that the Encargado reads, and the follow-ups for companies left without contact."""

import logging
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp
from companies.services import log_visit
from meetings.models import Meeting
from omil_crm.celery import app
from omil_crm.models import Notification, PeriodicJobRun
from omil_crm.reminders.jobs import scheduled_jobs

SANTIAGO = ZoneInfo("America/Santiago")
OWN_JOBS = [
    "meetings.tasks.schedule_next_meetings",
    "meetings.tasks.send_meeting_reminders",
    "omil_crm.tasks.send_daily_digests",
    "omil_crm.tasks.follow_up_uncontacted_companies",
    "omil_crm.tasks.resend_unsent_reminder_emails",
]


def run_command() -> str:
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out, stderr=out)
    return out.getvalue()


def test_the_beat_schedule_holds_every_periodic_job():
    jobs = scheduled_jobs()

    assert set(OWN_JOBS) <= set(jobs)
    assert jobs["requests_routing.tasks.poll_inbox"].total_seconds() == (
        settings.INBOX_POLL_MINUTES * 60
    )
    assert jobs["requests_routing.tasks.resend_unsent_emails"] == timedelta(minutes=10)
    assert jobs["requests_routing.tasks.follow_up_overdue_requests"] == crontab(hour=7, minute=0)
    assert jobs["omil_crm.tasks.send_daily_digests"] == crontab(hour=settings.DIGEST_HOUR, minute=0)
    assert settings.CELERY_TIMEZONE == "America/Santiago"


def test_every_job_is_idempotent_and_acknowledged_late():
    app.loader.import_default_modules()
    for name in OWN_JOBS:
        assert app.tasks[name].acks_late is True, name


@pytest.mark.django_db
def test_the_command_runs_every_job_once_and_records_it(park):
    output = run_command()

    for name in OWN_JOBS:
        run = PeriodicJobRun.objects.get(task_name=name)
        assert (run.runs, run.failures, run.last_succeeded) == (1, 0, True), name
    assert "[bien] Crear la próxima reunión mensual de cada parque: Creadas:" in output
    assert Meeting.objects.filter(kind=Meeting.Kind.MONTHLY).count() == 1


@pytest.mark.django_db
def test_running_the_command_twice_creates_nothing_twice(park, company, gestora):
    Company.objects.filter(pk=company.pk).update(created_at=timezone.now() - timedelta(days=400))
    run_command()
    counts = (Meeting.objects.count(), FollowUp.objects.count(), Notification.objects.count())

    run_command()

    assert (Meeting.objects.count(), FollowUp.objects.count(), Notification.objects.count()) == (
        counts
    )
    assert PeriodicJobRun.objects.get(task_name="meetings.tasks.schedule_next_meetings").runs == 2


@pytest.mark.django_db
def test_a_task_that_is_not_installed_is_skipped_with_a_warning(settings, caplog):
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "fantasma": {"task": "nowhere.tasks.ghost", "schedule": timedelta(hours=1)},
    }

    # Celery's eager runs may reset the root logger's handlers; listen on the module's own.
    logger = logging.getLogger("omil_crm.reminders.jobs")
    logger.addHandler(caplog.handler)
    try:
        output = run_command()
    finally:
        logger.removeHandler(caplog.handler)

    assert "[omitida] nowhere.tasks.ghost: No está instalada; se omitió." in output
    assert "La tarea programada nowhere.tasks.ghost no está instalada" in caplog.text
    assert PeriodicJobRun.objects.filter(task_name="omil_crm.tasks.send_daily_digests").exists()


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("la base de datos no respondió")

    monkeypatch.setattr("meetings.services.schedule_next_meetings", broken)

    output = run_command()

    failed = PeriodicJobRun.objects.get(task_name="meetings.tasks.schedule_next_meetings")
    assert failed.last_succeeded is False
    assert failed.failures == 1
    assert failed.last_result == "RuntimeError: la base de datos no respondió"
    assert "[FALLÓ] Crear la próxima reunión mensual de cada parque" in output
    assert "1 tarea(s) fallaron." in output
    digest = PeriodicJobRun.objects.get(task_name="omil_crm.tasks.send_daily_digests")
    assert digest.last_succeeded is True


@pytest.mark.django_db
def test_a_job_that_reports_an_error_is_recorded_as_failed():
    from omil_crm.reminders.jobs import job_finished, job_started

    class PollTask:
        name = "requests_routing.tasks.poll_inbox"

    job_started(task=PollTask())
    job_finished(task=PollTask(), retval={"error": "No se pudo conectar."}, state="SUCCESS")

    run = PeriodicJobRun.objects.get(task_name=PollTask.name)
    assert run.last_succeeded is False
    assert run.failures == 1
    assert "No se pudo conectar." in run.last_result


@pytest.mark.django_db
def test_the_encargado_sees_when_each_job_last_ran(client, encargado):
    with time_machine.travel(datetime(2026, 12, 14, 8, 0, tzinfo=SANTIAGO), tick=False):
        app.loader.import_default_modules()
        app.tasks["omil_crm.tasks.send_daily_digests"].apply()

    with time_machine.travel(datetime(2026, 12, 14, 9, 0, tzinfo=SANTIAGO), tick=False):
        client.force_login(encargado)
        response = client.get(reverse("periodic_jobs"))

    jobs = {job.task_name: job for job in response.context["jobs"]}
    assert set(jobs) == set(scheduled_jobs())
    digest = jobs["omil_crm.tasks.send_daily_digests"]
    assert digest.label == "Resumen diario de cada funcionario"
    assert digest.schedule == "todos los días a las 08:00"
    assert digest.late is False
    html = response.content.decode()
    assert "14-12-2026 08:00" in html
    assert "0 resúmenes enviados para el 14-12-2026." in html
    assert "Nunca" in html
    assert jobs["requests_routing.tasks.poll_inbox"].schedule == (
        f"cada {settings.INBOX_POLL_MINUTES} minutos"
    )


@pytest.mark.django_db
def test_a_job_that_stopped_running_is_marked_late(client, encargado):
    PeriodicJobRun.objects.create(
        task_name="omil_crm.tasks.send_daily_digests",
        last_started_at=timezone.now() - timedelta(days=3),
        last_finished_at=timezone.now() - timedelta(days=3),
        last_succeeded=True,
        last_result="1 resúmenes enviados",
        runs=1,
    )
    client.force_login(encargado)

    html = client.get(reverse("periodic_jobs")).content.decode()

    assert "Atrasada" in html


@pytest.mark.django_db
def test_the_jobs_page_costs_one_query_for_its_rows(client, encargado):
    client.force_login(encargado)
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse("periodic_jobs"))
    run_command()

    with CaptureQueriesContext(connection) as full:
        client.get(reverse("periodic_jobs"))

    assert len(full) == len(empty)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa", "psicologa"])
def test_only_the_encargado_opens_the_jobs_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("periodic_jobs")).status_code == 403


def no_contact(run_at: datetime) -> str:
    app.loader.import_default_modules()
    with time_machine.travel(run_at, tick=False):
        return app.tasks["omil_crm.tasks.follow_up_uncontacted_companies"].apply().get()


@pytest.fixture
def silent_company(company):
    """Bodegas de Prueba, last contacted on 1 September 2026."""
    Company.objects.filter(pk=company.pk).update(
        last_contact_at=datetime(2026, 9, 1, 10, 0, tzinfo=SANTIAGO),
        created_at=datetime(2025, 1, 1, tzinfo=SANTIAGO),
    )
    company.refresh_from_db()
    return company


@pytest.mark.django_db
def test_a_company_without_contact_gets_one_follow_up_for_its_owner(silent_company, gestora):
    result = no_contact(datetime(2026, 11, 2, 7, 30, tzinfo=SANTIAGO))

    assert result == "1 seguimientos por falta de contacto."
    follow_up = FollowUp.objects.get(company=silent_company)
    assert follow_up.assigned_to == gestora
    assert (
        follow_up.title == f"Retomar contacto: más de {settings.NO_CONTACT_DAYS} días sin contacto"
    )
    assert follow_up.due_date.isoformat() == "2026-11-09"
    notification = Notification.objects.get(recipient=gestora, kind="no_contact")
    assert notification.url == reverse("companies:detail", args=[silent_company.pk])


@pytest.mark.django_db
def test_the_no_contact_follow_up_is_created_once(silent_company):
    for day in (2, 3, 20):
        no_contact(datetime(2026, 11, day, 7, 30, tzinfo=SANTIAGO))

    assert FollowUp.objects.filter(company=silent_company).count() == 1


@pytest.mark.django_db
def test_a_company_contacted_recently_gets_none(silent_company):
    assert no_contact(datetime(2026, 10, 15, 7, 30, tzinfo=SANTIAGO)) == (
        "0 seguimientos por falta de contacto."
    )


@pytest.mark.django_db
def test_a_new_silence_after_a_contact_brings_a_new_follow_up(silent_company, gestora):
    no_contact(datetime(2026, 11, 2, 7, 30, tzinfo=SANTIAGO))
    with time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=SANTIAGO), tick=False):
        log_visit(company=silent_company, staff=gestora, summary="Llamada de control")

    no_contact(datetime(2027, 1, 10, 7, 30, tzinfo=SANTIAGO))

    assert FollowUp.objects.filter(company=silent_company, title__startswith="Retomar").count() == 2


@pytest.mark.django_db
def test_inactive_companies_and_companies_without_owner_are_left_alone(silent_company):
    Company.objects.filter(pk=silent_company.pk).update(status=Company.Status.INACTIVE)

    assert no_contact(datetime(2026, 11, 2, 7, 30, tzinfo=SANTIAGO)) == (
        "0 seguimientos por falta de contacto."
    )
