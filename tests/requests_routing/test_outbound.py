"""Request emails go out once, with their attachments, through a real SMTP server and a
real Celery worker when those are available."""

import os
import socket
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from requests_routing.models import EmailAttachment, InboundEmail, RequestEvent
from requests_routing.outbound import resend_unsent, send_event_email
from requests_routing.services import service_request_create, service_request_route


@pytest.fixture
def routed(company, pruning, administrativa, contact, django_capture_on_commit_callbacks):
    sr = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(hours=1),
    )
    email = InboundEmail.objects.create(
        message_id="<a@b>",
        content_hash="x",
        raw=b"x",
        sender="ana@bodegas.cl",
        service_request=sr,
        triage_state=InboundEmail.TriageState.REQUEST_CREATED,
        triaged_by=administrativa,
        joined_by=InboundEmail.JoinedBy.PERSON,
    )
    EmailAttachment.objects.create(
        email=email,
        filename="foto poda.jpg",
        content_type="image/jpeg",
        size=4,
        file=ContentFile(b"JPEG", name="foto.jpg"),
    )
    with django_capture_on_commit_callbacks(execute=False):
        service_request_route(request=sr, actor=administrativa)
    return sr


def derivation(sr):
    return sr.events.get(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT)


@pytest.mark.django_db
def test_the_derivation_carries_the_companys_attachments_and_threading_headers(routed):
    event = derivation(routed)

    assert send_event_email(event.pk) is True

    [message] = mail.outbox
    assert message.attachments[0][0] == "foto poda.jpg"
    assert message.extra_headers["Message-ID"] == event.outbound_message_id
    assert f"[{routed.reference}]" in message.subject


@pytest.mark.django_db
def test_an_email_is_sent_once_however_often_the_task_runs(routed):
    event = derivation(routed)

    results = [send_event_email(event.pk) for _ in range(3)]

    assert results == [True, False, False]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_released_for_the_retry(routed, monkeypatch):
    event = derivation(routed)

    def refuse(self, *args, **kwargs):
        raise OSError("conexión rechazada")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(OSError):
        send_event_email(event.pk)
    event.refresh_from_db()
    assert event.email_sent_at is None

    monkeypatch.undo()
    assert send_event_email(event.pk) is True


@pytest.mark.django_db
def test_unsent_emails_are_queued_again(routed):
    RequestEvent.objects.filter(request=routed).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    assert resend_unsent() == 2
    assert {message.to[0] for message in mail.outbox} == {"aseo@example.cl", "ana@bodegas.cl"}
    assert resend_unsent() == 0


@pytest.mark.django_db
def test_it_goes_through_a_real_smtp_server(routed, settings):
    from aiosmtpd.controller import Controller

    received = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
            }
        }
        assert send_event_email(derivation(routed).pk) is True
    finally:
        controller.stop()

    [envelope] = received
    assert envelope.rcpt_tos == ["aseo@example.cl"]
    assert routed.reference.encode() in envelope.content


@pytest.mark.real_broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_it_through_redis(company, pruning, administrativa, contact):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("necesita REDIS_URL (CI con Redis)")
    from celery.contrib.testing.worker import start_worker

    from omil_crm.celery import app

    done = threading.Event()
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        sr = service_request_create(
            company=company,
            contact=contact,
            category=pruning,
            subject="Ramas",
            channel="email",
            created_by=administrativa,
        )
        service_request_route(request=sr, actor=administrativa)
        for _ in range(100):
            if (
                not RequestEvent.objects.filter(request=sr, email_sent_at__isnull=True)
                .exclude(email_to="")
                .exists()
            ):
                done.set()
                break
            threading.Event().wait(0.1)

    assert done.is_set()
    assert {message.to[0] for message in mail.outbox} == {"aseo@example.cl", "ana@bodegas.cl"}
