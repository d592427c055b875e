"""The periodic jobs of the beat schedule: what each one is, when it last ran and how it ended.

Runs are recorded from Celery's own task signals, so every scheduled task is covered, whoever
wrote it and however it is run (beat and a worker, `manage.py run_periodic_jobs`, or eagerly).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery.schedules import crontab
from celery.schedules import schedule as every
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from omil_crm.models import PeriodicJobRun

logger = logging.getLogger(__name__)

# What each scheduled task does, in the words of the office.
JOB_LABELS = {
    "requests_routing.tasks.poll_inbox": "Leer el buzón de solicitudes",
    "requests_routing.tasks.resend_unsent_emails": "Reintentar correos de solicitudes no enviados",
    "requests_routing.tasks.follow_up_overdue_requests": "Seguimientos de solicitudes vencidas",
    "meetings.tasks.schedule_next_meetings": "Crear la próxima reunión mensual de cada parque",
    "meetings.tasks.send_meeting_reminders": "Recordatorios de reuniones (7 días y 1 día antes)",
    "omil_crm.tasks.send_daily_digests": "Resumen diario de cada funcionario",
    "omil_crm.tasks.follow_up_uncontacted_companies": "Seguimientos de empresas sin contacto",
    "omil_crm.tasks.resend_unsent_reminder_emails": "Reintentar recordatorios no enviados",
    "omil_crm.tasks.refresh_dashboard_rollups": "Resúmenes mensuales del panel de indicadores",
}
# How late a job may start before the page marks it as late.
LATE_AFTER = timedelta(minutes=30)
RESULT_LENGTH = 1000


def scheduled_jobs() -> dict[str, object]:
    """Task name → its schedule, in the order of the beat schedule (one entry per task)."""
    jobs: dict[str, object] = {}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        jobs.setdefault(entry["task"], entry["schedule"])
    return jobs


def describe_schedule(schedule) -> str:
    if isinstance(schedule, timedelta):
        schedule = every(schedule)
    if isinstance(schedule, every) and not isinstance(schedule, crontab):
        minutes = int(schedule.run_every.total_seconds() // 60)
        if minutes % 60 == 0:
            hours = minutes // 60
            return "cada hora" if hours == 1 else f"cada {hours} horas"
        return "cada minuto" if minutes == 1 else f"cada {minutes} minutos"
    if isinstance(schedule, crontab):
        hours, minutes = sorted(schedule.hour), sorted(schedule.minute)
        if len(hours) == 24 and len(minutes) == 1:
            return f"cada hora, al minuto {minutes[0]:02d}"
        if len(hours) == 1 and len(minutes) == 1 and len(schedule.day_of_week) == 7:
            return f"todos los días a las {hours[0]:02d}:{minutes[0]:02d}"
    return str(schedule)


def _as_schedule(schedule):
    return every(schedule) if isinstance(schedule, timedelta) else schedule


def format_result(value) -> str:
    if value is None:
        return "Terminó sin informar resultado."
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())[:RESULT_LENGTH]
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"[:RESULT_LENGTH]
    return str(value)[:RESULT_LENGTH]


def _row(task_name: str) -> None:
    if PeriodicJobRun.objects.filter(task_name=task_name).exists():
        return
    try:
        with transaction.atomic():
            PeriodicJobRun.objects.create(task_name=task_name)
    except IntegrityError:
        pass  # another run created it at the same moment


@task_prerun.connect(dispatch_uid="omil_crm_job_started")
def job_started(sender=None, task=None, **kwargs):
    name = getattr(task, "name", "")
    if name not in scheduled_jobs():
        return
    try:
        _row(name)
        PeriodicJobRun.objects.filter(task_name=name).update(
            last_started_at=timezone.now(),
            last_finished_at=None,
            last_succeeded=None,
            last_result="En curso…",
            runs=F("runs") + 1,
        )
    except Exception:
        # Recording a run must never stop the job itself.
        logger.exception("No se pudo registrar el inicio de %s", name)


@task_postrun.connect(dispatch_uid="omil_crm_job_finished")
def job_finished(sender=None, task=None, retval=None, state=None, **kwargs):
    name = getattr(task, "name", "")
    if name not in scheduled_jobs():
        return
    # A job that handles its own failure (the mailbox poll cannot reach the server) returns
    # {"error": ...} instead of raising, so the worker carries on; it still failed.
    reported_error = isinstance(retval, dict) and bool(retval.get("error"))
    succeeded = state == "SUCCESS" and not reported_error
    if state == "RETRY":
        result = f"Se reintentará: {format_result(retval)}"
    else:
        result = format_result(retval)
    try:
        PeriodicJobRun.objects.filter(task_name=name).update(
            last_finished_at=timezone.now(),
            last_succeeded=succeeded,
            last_result=result,
            failures=F("failures") + (0 if succeeded else 1),
        )
    except Exception:
        logger.exception("No se pudo registrar el término de %s", name)


@dataclass(frozen=True)
class JobRow:
    task_name: str
    label: str
    schedule: str
    run: PeriodicJobRun | None
    late: bool


def job_rows(*, now=None) -> list[JobRow]:
    """Every scheduled job with its last run, in one query."""
    now = now or timezone.now()
    jobs = scheduled_jobs()
    runs = {run.task_name: run for run in PeriodicJobRun.objects.filter(task_name__in=jobs)}
    rows = []
    for name, schedule in jobs.items():
        run = runs.get(name)
        late = False
        if run is not None and run.last_started_at is not None:
            remaining = _as_schedule(schedule).remaining_estimate(run.last_started_at)
            late = -remaining > LATE_AFTER
        rows.append(
            JobRow(
                task_name=name,
                label=JOB_LABELS.get(name, name),
                schedule=describe_schedule(schedule),
                run=run,
                late=late,
            )
        )
    return rows


@dataclass(frozen=True)
class Outcome:
    task_name: str
    label: str
    succeeded: bool | None
    result: str


def run_periodic_jobs() -> list[Outcome]:
    """Run every scheduled job once, in this process, one after the other.

    A task that is not installed is reported and skipped, and a failing job does not stop
    the others; the runs are recorded like the worker's.
    """
    from omil_crm.celery import app

    app.loader.import_default_modules()
    outcomes = []
    for name in scheduled_jobs():
        label = JOB_LABELS.get(name, name)
        task = app.tasks.get(name)
        if task is None:
            logger.warning("La tarea programada %s no está instalada; se omite.", name)
            outcomes.append(Outcome(name, label, None, "No está instalada; se omitió."))
            continue
        result = task.apply(throw=False)
        outcomes.append(Outcome(name, label, result.successful(), format_result(result.result)))
    return outcomes
