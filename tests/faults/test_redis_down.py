"""Redis crashed or frozen: the office keeps working, and every email goes out once it is back.

Faults injected: Redis killed (SIGKILL, no persistence) with work queued in it and while staff
keep working; Redis frozen (SIGSTOP) while a request is routed. What is lost: nothing. The
database row of each email is its source of truth; the periodic resend queues again whatever
is unsent once Redis answers.
"""

import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from companies.services import follow_up_create
from omil_crm.base.workdays import is_working_day
from omil_crm.models import PeriodicJobRun, ReminderEmail
from omil_crm.tasks import resend_unsent_reminder_emails
from requests_routing.models import RequestEvent, ServiceRequest
from requests_routing.services import service_request_create
from requests_routing.tasks import resend_unsent_emails
from tests.conftest import PASSWORD
from tests.faults.conftest import real_worker, wait_until

pytestmark = pytest.mark.real_broker

RESEND_JOBS = (resend_unsent_emails, resend_unsent_reminder_emails)


def new_request(company, contact, category, user, subject):
    return service_request_create(
        company=company,
        contact=contact,
        category=category,
        subject=subject,
        channel=ServiceRequest.Channel.PHONE,
        created_by=user,
    )


def route(client, sr):
    return client.post(
        reverse("requests_routing:request_change_status", args=[sr.pk]),
        {"status": ServiceRequest.Status.ROUTED, "note": ""},
        follow=True,
    )


def next_working_day():
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def unsent_emails() -> int:
    events = RequestEvent.objects.filter(email_sent_at__isnull=True).exclude(email_to="")
    return events.count() + ReminderEmail.objects.filter(sent_at__isnull=True).count()


def as_if_the_resend_interval_passed():
    """The resend jobs only take rows older than their interval (10 minutes)."""
    earlier = F("created_at") - timedelta(minutes=11)
    RequestEvent.objects.filter(email_sent_at__isnull=True).update(created_at=earlier)
    ReminderEmail.objects.filter(sent_at__isnull=True).update(created_at=earlier)


def run_resend_jobs_through_the_broker(round_: int):
    """What beat does every 10 minutes: queue both resend jobs, through Redis."""
    for job in RESEND_JOBS:
        job.delay()

    def both_finished():
        runs = PeriodicJobRun.objects.filter(task_name__in=[job.name for job in RESEND_JOBS])
        return sum(run.runs == round_ and run.last_finished_at is not None for run in runs) == 2

    wait_until(both_finished, what=f"la vuelta {round_} de los reenvíos periódicos terminó")


@pytest.mark.django_db(transaction=True)
def test_with_redis_crashed_pages_work_and_every_email_is_sent_once_when_it_is_back(
    client, broker, postgres, administrativa, encargado, gestora, company, contact, pruning, caplog
):
    caplog.set_level(logging.WARNING)
    queued_before = new_request(company, contact, pruning, administrativa, "Ramas sobre el cable")
    routed_during = new_request(company, contact, pruning, administrativa, "Luminaria apagada")
    follow_up_create(
        company=company, title="Llamar", assigned_to=gestora, due_date=next_working_day()
    )
    client.force_login(administrativa)
    route(client, queued_before)
    # Both emails of the derivation wait in Redis for a worker that is not running yet.
    assert broker.queued() == 2

    broker.crash()

    # The staff log in and work as usual (sessions live in the database, not in Redis).
    client.logout()
    login = client.post(reverse("login"), {"username": "administrativa", "password": PASSWORD})
    assert login.status_code == 302
    for url in (
        reverse("home"),
        reverse("companies:directory"),
        reverse("companies:detail", args=[company.pk]),
        reverse("requests_routing:request_list"),
        reverse("requests_routing:request_detail", args=[routed_during.pk]),
        reverse("requests_routing:inbox"),
    ):
        assert client.get(url).status_code == 200, url
    page = route(client, routed_during)
    assert page.status_code == 200
    assert f"Solicitud {routed_during.reference}: derivada." in page.content.decode()
    # The daily digest job, run in process (manage.py run_periodic_jobs) during the outage.
    from omil_crm.reminders.digest import send_daily_digests

    assert send_daily_digests(day=next_working_day()).startswith("1 resúmenes")
    client.force_login(encargado)
    assert client.get(reverse("periodic_jobs")).status_code == 200

    assert unsent_emails() == 5  # 2 derivations, 2 acknowledgements, 1 digest
    logged = [record.getMessage() for record in caplog.records]
    assert sum(text.startswith("No se pudo encolar el correo del evento") for text in logged) == 2
    assert sum(text.startswith("No se pudo encolar el recordatorio") for text in logged) == 1

    broker.start()  # same port, empty: the two queued emails were lost with the crash
    assert broker.queued() == 0
    as_if_the_resend_interval_passed()
    with real_worker():
        run_resend_jobs_through_the_broker(1)
        wait_until(lambda: unsent_emails() == 0, what="todos los correos salieron")
        run_resend_jobs_through_the_broker(2)  # a later resend finds nothing left to send

    events = RequestEvent.objects.exclude(email_to="")
    sent_ids = [message.extra_headers.get("Message-ID") for message in mail.outbox]
    for event in events:
        assert sent_ids.count(event.outbound_message_id) == 1, event
    assert len(mail.outbox) == 5
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@bodegas.cl",
        "ana@bodegas.cl",
        "aseo@example.cl",
        "aseo@example.cl",
        "gestora@example.cl",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_frozen_redis_does_not_hang_the_request_and_the_email_still_goes_out(
    client, broker, postgres, administrativa, company, contact, pruning
):
    """Frozen (SIGSTOP), Redis accepts connections and never answers; without socket timeouts
    the request would wait forever. The wait below only detects such a hang."""
    sr = new_request(company, contact, pruning, administrativa, "Ramas sobre el cable")
    client.force_login(administrativa)
    responses = []

    def route_and_close():
        try:
            responses.append(route(client, sr))
        finally:
            connections.close_all()

    broker.freeze()
    try:
        worker = threading.Thread(target=route_and_close)
        worker.start()
        worker.join(timeout=60)
        hung = worker.is_alive()
    finally:
        broker.thaw()
    worker.join()

    assert not hung, "la derivación quedó esperando a Redis"
    [page] = responses
    assert f"Solicitud {sr.reference}: derivada." in page.content.decode()
    assert sr.events.filter(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT).exists()

    as_if_the_resend_interval_passed()
    with real_worker():
        run_resend_jobs_through_the_broker(1)
        wait_until(lambda: unsent_emails() == 0, what="los correos de la derivación salieron")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@bodegas.cl",
        "aseo@example.cl",
    ]


def test_the_cache_answers_a_miss_while_redis_is_down(broker, caplog):
    caplog.set_level(logging.WARNING)
    cache.set("probe", "ok", timeout=60)
    assert cache.get("probe") == "ok"

    broker.crash()

    cache.set("probe", "otro", timeout=60)
    assert cache.get("probe") is None
    assert cache.get("probe", "por omisión") == "por omisión"
    assert cache.get_many(["probe"]) == {}
    assert "Caché no disponible (get)" in caplog.text
