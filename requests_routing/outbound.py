"""Emails about a request: to the department, and to the company.

Each email is a RequestEvent written in the same transaction as the change that caused it;
sending happens afterwards, once, however many times the sending task runs.

The department's email («Derivada», «Recordar al departamento») carries the attachments of
the request's emails, but only of emails a person turned into or added to the request, or
that joined it by a trusted thread (thread_trust), and never a dangerous file
(attachment_safety): the department receives them from the OMIL's own address.
"""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from omil_crm.base.queue import enqueue
from requests_routing import attachment_safety, notices, thread_trust
from requests_routing.models import EmailAttachment, RequestEvent, ServiceRequest
from requests_routing.surveys import survey_email_parts

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=8, default_retry_delay=300)
def send_request_email(self, event_id: int) -> bool:
    """Celery: send one request email; safe to run twice, retried while the server refuses."""
    try:
        return send_event_email(event_id)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("No se pudo enviar el correo del evento %s: %s", event_id, error)
        raise self.retry(exc=error) from error


def queue_event_email(event_id: int) -> None:
    # With the broker down the event stays unsent and the periodic resend picks it up.
    enqueue(send_request_email, event_id, what=f"el correo del evento {event_id}")


def forwardable_attachments(
    request: ServiceRequest,
) -> tuple[list[tuple[EmailAttachment, bytes]], int]:
    """The attachments the department may receive, with their bytes, and how many are held.

    Held: those of emails that joined the request without being vouched for, and dangerous
    files. The bytes are checked again here (the rules may be newer than the file), and a
    file found dangerous now is flagged for the inbox too.
    """
    forwarded, held = [], 0
    attachments = EmailAttachment.objects.filter(email__service_request=request).select_related(
        "email"
    )
    trusted = set(thread_trust.TRUSTED_JOINS)
    for attachment in attachments.order_by("email__received_at", "email_id", "pk"):
        if attachment.email.joined_by not in trusted or attachment.is_dangerous:
            held += 1
            continue
        with attachment.file.open("rb") as handle:
            content = handle.read()
        danger = attachment_safety.classify(
            filename=attachment.filename, content_type=attachment.content_type, content=content
        )
        if danger:
            EmailAttachment.objects.filter(pk=attachment.pk).update(danger=danger)
            held += 1
            continue
        forwarded.append((attachment, content))
    return forwarded, held


def resolution_note(event: RequestEvent) -> str:
    """What the person resolving the request wrote: the note of the status change to
    «Resuelta» that this notice announces."""
    change = (
        RequestEvent.objects.filter(
            request_id=event.request_id,
            kind=RequestEvent.Kind.STATUS_CHANGE,
            to_status=ServiceRequest.Status.RESOLVED,
            created_at__lte=event.created_at,
        )
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
    )
    return change or ""


def attachment_notes(attachments: int, held: int) -> tuple[str, ...]:
    """What a department is told about the files, after an edited text (the default file
    templates say it themselves)."""
    notes = []
    if attachments:
        notes.append(f"Se adjuntan {attachments} archivo(s) enviados por la empresa.")
    if held:
        notes.append(
            f"La OMIL retuvo {held} archivo(s) por seguridad; si los necesitan, pídanlos "
            "respondiendo este correo."
        )
    return tuple(notes)


def build_email(event: RequestEvent) -> EmailMultiAlternatives:
    """Render the event's notice (subject, text, HTML) into a message: the Encargado's
    template when there is one, else the file templates (requests_routing.notices); only the
    HTML part is escaped, the subject is one line."""
    request = event.request
    kind = notices.kind_of_event(event)
    forwarded, held = [], 0
    if event.kind == RequestEvent.Kind.SENT_TO_DEPARTMENT:
        forwarded, held = forwardable_attachments(request)
    note = resolution_note(event) if event.kind == RequestEvent.Kind.RESOLUTION_NOTICE else ""
    context = {
        "sr": request,
        "event": event,
        "attachments": [attachment for attachment, _content in forwarded],
        "held_attachments": held,
        "is_reminder": kind == notices.Kind.REMINDER,
        "resolution_note": note,
    }
    if event.kind == RequestEvent.Kind.SURVEY_SENT:
        subject, text, html = survey_email_parts(event)
    else:
        subject, text, html = notices.render_notice(
            kind=kind,
            request=request,
            resolution_note=note,
            appendix=attachment_notes(len(forwarded), held),
            file_context=context,
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[event.email_to],
        reply_to=[settings.INBOX_ADDRESS] if settings.INBOX_ADDRESS else None,
        headers={"Message-ID": event.outbound_message_id},
    )
    message.attach_alternative(html, "text/html")
    for attachment, content in forwarded:
        message.attach(attachment.filename, content, attachment.content_type)
    return message


def send_event_email(event_id: int) -> bool:
    """Send the event's email unless it went out already; True when sent now.

    The event is claimed with a conditional update first, so two workers running the same
    task cannot both send it; a failure releases the claim for the retry.
    """
    claimed = RequestEvent.objects.filter(pk=event_id, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    event = RequestEvent.objects.select_related(
        "request__company", "request__contact", "request__department", "request__category"
    ).get(pk=event_id)
    try:
        build_email(event).send()
    except Exception:
        RequestEvent.objects.filter(pk=event_id).update(email_sent_at=None)
        raise
    return True


def resend_unsent(*, older_than_minutes: int = 10) -> int:
    """Queue again the emails whose sending never completed (broker or mail server down)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = (
        RequestEvent.objects.filter(email_sent_at__isnull=True, created_at__lte=cutoff)
        .exclude(email_to="")
        .values_list("pk", flat=True)
    )
    for event_id in pending:
        queue_event_email(event_id)
    return len(pending)
