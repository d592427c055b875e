"""Two beat schedulers run at once: every reminder still arrives once.

Fault injected: a second `celery beat` next to the first (a deployment mistake: production
runs exactly one). Both send every reminder job every second, through Redis, to one real
worker running four tasks at a time on PostgreSQL. What is lost or doubled: nothing; each
notification, follow-up and email has a unique key and is created and sent once.
"""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from celery.worker import state as worker_state
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from companies.models import Company, FollowUp
from meetings.models import Meeting
from meetings.services import attendance_invite, meeting_create
from omil_crm.base.workdays import is_working_day
from omil_crm.models import Notification, PeriodicJobRun, ReminderEmail
from requests_routing.models import ServiceRequest
from requests_routing.services import service_request_create
from tests.faults.conftest import real_worker, wait_until

pytestmark = [pytest.mark.real_broker, pytest.mark.django_db(transaction=True)]

REMINDER_JOBS = {
    "resumen-diario": "omil_crm.tasks.send_daily_digests",
    "recordatorios-de-reuniones": "meetings.tasks.send_meeting_reminders",
    "empresas-sin-contacto": "omil_crm.tasks.follow_up_uncontacted_companies",
    "seguimientos-de-solicitudes-vencidas": "requests_routing.tasks.follow_up_overdue_requests",
}
SENDS_PER_JOB = 3  # per beat, before both are stopped


def next_working_day():
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_beat(folder: Path, name: str, broker_url: str, day) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": broker_url,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "omil_crm.settings",
        "OMIL_FAULTS_DIGEST_DAY": day.isoformat(),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "tests.faults.fast_beat", "beat",
        "--schedule", str(folder / f"{name}.schedule"),
        "--loglevel", "INFO",
        "--logfile", str(folder / f"{name}.log"),
    ]  # fmt: skip
    return subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def sends(log: Path) -> dict[str, int]:
    """How many times the beat of this log sent each job."""
    text = log.read_text() if log.exists() else ""
    return {
        entry: len(re.findall(rf"Sending due task {entry} \(", text)) for entry in REMINDER_JOBS
    }


@pytest.fixture
def office(gestora, administrativa, company, contact, pruning):
    """One of each reminder due: a digest for two people, a meeting in three days (7-day
    reminder for a staff member and a company contact), a company silent for 90 days and a
    request past its due date."""
    meeting = meeting_create(
        kind=Meeting.Kind.OTHER,
        title="Desayuno con el parque",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        created_by=gestora,
    )
    attendance_invite(meeting=meeting, contacts=[contact])
    FollowUp.objects.create(
        company=company, title="Llamar", assigned_to=gestora, due_date=next_working_day()
    )
    Company.objects.filter(pk=company.pk).update(
        last_contact_at=timezone.now() - timedelta(days=90)
    )
    overdue = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda pendiente",
        channel=ServiceRequest.Channel.PHONE,
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=30),
    )
    return meeting, overdue


def stop(beat: subprocess.Popen) -> None:
    beat.terminate()
    try:
        beat.wait(timeout=20)
    except subprocess.TimeoutExpired:
        beat.kill()
        beat.wait(timeout=10)


def test_two_beats_at_once_still_deliver_every_reminder_once(broker, postgres, office, tmp_path):
    meeting, overdue = office
    day = next_working_day()
    logs = [tmp_path / "beat-1.log", tmp_path / "beat-2.log"]

    with real_worker(concurrency=4):
        beats = [start_beat(tmp_path, log.stem, broker.url, day) for log in logs]
        try:
            wait_until(
                lambda: all(min(sends(log).values()) >= SENDS_PER_JOB for log in logs),
                seconds=60,
                what=f"cada beat envió cada tarea {SENDS_PER_JOB} veces",
            )
        finally:
            for beat in beats:
                stop(beat)
        wait_until(
            lambda: (
                broker.queued() == 0
                and not worker_state.reserved_requests
                and not worker_state.active_requests
            ),
            what="el worker terminó todo lo que enviaron los dos beats",
        )

    runs = {run.task_name: run for run in PeriodicJobRun.objects.all()}
    for task_name in REMINDER_JOBS.values():
        assert runs[task_name].runs >= 2 * SENDS_PER_JOB, task_name
        assert runs[task_name].failures == 0, runs[task_name].last_result

    def notified(kind):
        return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username"))

    assert notified("digest") == [("administrativa",), ("gestora",)]
    assert notified("meeting_reminder") == [("gestora",)]
    assert notified("no_contact") == [("gestora",)]
    request_type = ContentType.objects.get_for_model(ServiceRequest)
    assert FollowUp.objects.filter(source_type=request_type, source_id=overdue.pk).count() == 1
    assert FollowUp.objects.filter(title__startswith="Retomar contacto").count() == 1
    assert ReminderEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert sorted((message.to[0], kind(message.subject)) for message in mail.outbox) == [
        ("administrativa@example.cl", "resumen"),
        ("ana@bodegas.cl", "reunión"),
        ("gestora@example.cl", "resumen"),
        ("gestora@example.cl", "reunión"),
    ]
    assert meeting.title in " ".join(message.subject for message in mail.outbox)


def kind(subject: str) -> str:
    return "reunión" if subject.startswith("Recordatorio") else "resumen"
