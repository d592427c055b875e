"""Reminder emails: created once per key, sent once, sent again only if sending failed.

Services call `reminder_email_create` inside their transaction; the email goes to the worker
after the commit. If the broker or the mail server is down, the row stays unsent and the
periodic `resend_unsent_reminder_emails` job picks it up (until `send_until`).
"""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from omil_crm.base import email_render
from omil_crm.base.queue import enqueue
from omil_crm.models import ReminderEmail

logger = logging.getLogger(__name__)

ICS_FILENAME = "invitacion.ics"


def site_url(path: str = "") -> str:
    """An absolute address of the app for links in emails."""
    return settings.SITE_URL.rstrip("/") + path


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body from the three templates `emails/<template>_*`; only
    the HTML body is escaped (see email_render)."""
    context = {"site_url": site_url(), **context}
    return email_render.render_email(f"emails/{template}", context)


def reminder_email_create(
    *,
    key: str,
    kind: str,
    to_email: str,
    template: str,
    context: dict,
    recipient=None,
    ics: str = "",
    send_until=None,
) -> ReminderEmail | None:
    """Create the reminder unless one with `key` exists; return it only when created now.

    Sending is scheduled for after the surrounding transaction commits.
    """
    if not to_email or ReminderEmail.objects.filter(key=key).exists():
        return None
    subject, text, html = render_email(template, context)
    try:
        with transaction.atomic():
            reminder = ReminderEmail.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                to_email=to_email,
                subject=subject[:250],
                body_text=text,
                body_html=html,
                ics=ics,
                send_until=send_until,
            )
    except IntegrityError:
        # Another run created the same reminder between our check and our insert.
        return None
    transaction.on_commit(lambda: queue_reminder_email(reminder.pk))
    return reminder


def queue_reminder_email(reminder_id: int) -> None:
    # With the broker down the row stays unsent and the periodic resend picks it up.
    enqueue(send_reminder_email, reminder_id, what=f"el recordatorio {reminder_id}")


def build_message(reminder: ReminderEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email_render.one_line(reminder.subject),
        body=reminder.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.to_email],
    )
    if reminder.body_html:
        message.attach_alternative(reminder.body_html, "text/html")
    if reminder.ics:
        message.attach(ICS_FILENAME, reminder.ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def send_reminder(reminder_id: int) -> bool:
    """Send the reminder unless it went out already (or is too late); True when sent now.

    The row is claimed with a conditional update first, so two workers running the same task
    cannot both send it; a failure releases the claim for the retry.
    """
    now = timezone.now()
    claimed = (
        ReminderEmail.objects.filter(pk=reminder_id, sent_at__isnull=True)
        .exclude(send_until__lt=now)
        .update(sent_at=now)
    )
    if not claimed:
        return False
    reminder = ReminderEmail.objects.get(pk=reminder_id)
    try:
        build_message(reminder).send()
    except Exception as error:
        ReminderEmail.objects.filter(pk=reminder_id).update(
            sent_at=None, attempts=reminder.attempts + 1, last_error=str(error)[:300]
        )
        raise
    ReminderEmail.objects.filter(pk=reminder_id).update(attempts=reminder.attempts + 1)
    return True


# Named after the module it was first defined in: messages already queued in Redis carry
# that name, and a worker must still find the task for them.
@shared_task(
    name="omil_crm.tasks.send_reminder_email",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=8,
    default_retry_delay=300,
)
def send_reminder_email(self, reminder_id: int) -> bool:
    """Send one reminder email; safe to run twice, retried while the mail server refuses."""
    try:
        return send_reminder(reminder_id)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("No se pudo enviar el recordatorio %s: %s", reminder_id, error)
        raise self.retry(exc=error) from error


def resend_unsent(*, older_than_minutes: int = 10) -> int:
    """Queue again the reminders whose sending never completed and that are still useful."""
    now = timezone.now()
    pending = list(
        ReminderEmail.objects.filter(
            sent_at__isnull=True,
            created_at__lte=now - timedelta(minutes=older_than_minutes),
            created_at__gte=now - timedelta(days=3),
        )
        .exclude(send_until__lt=now)
        .values_list("pk", flat=True)
    )
    for reminder_id in pending:
        queue_reminder_email(reminder_id)
    return len(pending)
