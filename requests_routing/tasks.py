"""Celery tasks of the requests app (found by the worker's autodiscovery)."""

from celery import shared_task
from django.conf import settings

from requests_routing import services
from requests_routing.imap_poller import scheduled_poll

# Registered here too so the worker knows it: the email task lives beside its sending logic.
from requests_routing.outbound import resend_unsent, send_request_email  # noqa: F401


@shared_task(acks_late=True, ignore_result=True)
def poll_inbox(folder: str | None = None) -> dict:
    """Celery beat: ingest the new mail of the requests mailbox; safe to run twice.

    Does nothing without IMAP_HOST. A server that cannot be reached or answers nonsense is
    logged, recorded on the folder's cursor, and pauses the next runs for a growing time;
    nothing is raised, so the worker carries on (see imap_poller.scheduled_poll).
    """
    if not settings.IMAP_HOST:
        return {"skipped": "Sin buzón configurado (IMAP_HOST vacío)."}
    return scheduled_poll(folder=folder)


@shared_task(acks_late=True, ignore_result=True)
def resend_unsent_emails() -> int:
    """Celery beat: queue again request emails whose sending never completed."""
    return resend_unsent()


@shared_task(acks_late=True, ignore_result=True)
def follow_up_overdue_requests() -> int:
    """Celery beat: each open request past its due date gets one follow-up for its owner."""
    return services.follow_up_overdue_requests()
