"""Celery tasks of the office as a whole: the daily digest, no-contact follow-ups and the
sending of reminder emails. Thin and idempotent; found by the worker's autodiscovery."""

from datetime import date

from celery import shared_task

# Importing the jobs module connects the signals that record each periodic job's runs.
import omil_crm.reminders.jobs  # noqa: F401
from omil_crm.base import reminder_emails
from omil_crm.base.reminder_emails import send_reminder_email  # noqa: F401 (registers it)
from omil_crm.dashboard import rollup_job
from omil_crm.reminders.digest import send_daily_digests as send_digests
from omil_crm.reminders.no_contact import follow_up_uncontacted_companies as follow_up_uncontacted


@shared_task(acks_late=True, ignore_result=True)
def send_daily_digests(day: str | None = None) -> str:
    """Beat, daily at the digest hour: each staff member's digest, once a day. `day`
    (YYYY-MM-DD) sends a given day's digest by hand; it is sent once all the same."""
    return send_digests(day=date.fromisoformat(day) if day else None)


@shared_task(acks_late=True, ignore_result=True)
def follow_up_uncontacted_companies() -> str:
    """Beat, daily: a follow-up for the owner of each company left without contact."""
    return follow_up_uncontacted()


@shared_task(acks_late=True, ignore_result=True)
def resend_unsent_reminder_emails() -> str:
    """Beat, every few minutes: reminders whose sending never completed are queued again."""
    return f"{reminder_emails.resend_unsent()} recordatorios por correo reenviados a la cola."


@shared_task(acks_late=True, ignore_result=True)
def refresh_dashboard_rollups() -> str:
    """Beat, every few minutes: the dashboard's roll-ups of the months written to since they
    were computed, and of the month just ended. Until it runs the dashboard counts those
    months live, so its figures are never stale, only a little slower."""
    return rollup_job.refresh()
