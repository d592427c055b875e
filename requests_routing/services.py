"""Service requests: numbering, due dates from the routing table, and every status change.

Each change of a request writes a RequestEvent in the same transaction, so the timeline is the
complete history of who did what and when.
"""

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies.models import Company, Contact, FollowUp
from companies.services import follow_up_create
from omil_crm.base.workdays import add_working_days
from requests_routing import thread_trust
from requests_routing.models import (
    InboundEmail,
    ReferenceCounter,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)

Status = ServiceRequest.Status

# Where each status may go, the natural next step first and the ends (rejected, duplicate)
# last: the status selector offers them in this order, so its default is the usual move.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ROUTED, Status.IN_PROGRESS, Status.REJECTED, Status.DUPLICATE),
    Status.ROUTED: (Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED, Status.DUPLICATE),
    Status.IN_PROGRESS: (Status.RESOLVED, Status.ROUTED, Status.REJECTED),
    Status.RESOLVED: (Status.CLOSED, Status.IN_PROGRESS),
    Status.CLOSED: (),
    Status.REJECTED: (),
    Status.DUPLICATE: (),
}
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    status: set(following) for status, following in NEXT_STATUSES.items()
}

RESOLUTION_NOTE_MISSING = (
    "Escriba cómo se resolvió: la empresa recibe esta nota en el aviso de resolución."
)


def next_reference(year: int) -> str:
    """The next public reference of `year`, e.g. SOL-2026-00042.

    The year's counter row is locked for the rest of the caller's transaction, so two requests
    created at the same moment wait for each other instead of taking the same number.
    """
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return f"SOL-{year}-{counter.last_number:05d}"


def due_date_for(*, category: RequestCategory, received_on: date) -> date:
    """The category's SLA counted in Chilean working days from the day it was received."""
    return add_working_days(received_on, category.sla_working_days)


@transaction.atomic
def service_request_create(
    *,
    company: Company,
    category: RequestCategory,
    subject: str,
    channel: str,
    created_by,
    description: str = "",
    place: str = "",
    contact: Contact | None = None,
    owner=None,
    received_at: datetime | None = None,
    origin_visit=None,
) -> ServiceRequest:
    """Register a request routed by its category to its department, with its due date."""
    received_at = received_at or timezone.now()
    if contact is not None and contact.company_id != company.pk:
        raise ValidationError({"contact": "El contacto no pertenece a la empresa indicada."})
    request = ServiceRequest(
        company=company,
        contact=contact,
        category=category,
        department=category.department,
        channel=channel,
        subject=subject.strip(),
        description=description.strip(),
        place=place.strip(),
        received_at=received_at,
        due_date=due_date_for(category=category, received_on=timezone.localdate(received_at)),
        owner=owner or created_by,
        origin_visit=origin_visit,
        created_by=created_by,
    )
    request.reference = "pending"
    request.full_clean(exclude=["reference"])
    request.reference = next_reference(timezone.localdate(received_at).year)
    request.save()
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.CREATED,
        actor=created_by,
        created_at=received_at,
        to_status=request.status,
        text=f"Registrada por {request.get_channel_display().lower()}.",
    )
    return request


@transaction.atomic
def service_request_change_status(
    *,
    request: ServiceRequest,
    status: str,
    actor,
    note: str = "",
    at: datetime | None = None,
    duplicate_of: ServiceRequest | None = None,
    send_emails: bool = True,
) -> ServiceRequest:
    """Move a request along its life cycle; refuse moves the cycle does not allow.

    Resolving needs a note saying how it was resolved: it is the timeline's record and the
    company reads it in the resolution notice.
    """
    at = at or timezone.now()
    if status == Status.RESOLVED and not note.strip():
        raise ValidationError({"note": RESOLUTION_NOTE_MISSING})
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    previous = request.status
    if at < request.received_at:
        raise ValidationError("La fecha del cambio no puede ser anterior a la recepción.")
    if status not in ALLOWED_TRANSITIONS[previous]:
        raise ValidationError(
            f"Una solicitud {request.get_status_display().lower()} no puede pasar a "
            f"{Status(status).label.lower()}."
        )
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == request.pk:
            raise ValidationError({"duplicate_of": "Indique la solicitud original."})
        request.duplicate_of = duplicate_of
    request.status = status
    if status == Status.RESOLVED:
        request.resolved_at = at
    if status == Status.IN_PROGRESS:
        request.resolved_at = None
    if status in (Status.CLOSED, Status.REJECTED, Status.DUPLICATE):
        request.closed_at = at
    request.save()
    change = RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.STATUS_CHANGE,
        actor=actor,
        created_at=at,
        from_status=previous,
        to_status=status,
        text=note.strip(),
    )
    address = company_address(request)
    if status == Status.RESOLVED and address:
        _email_event(
            request=request,
            kind=RequestEvent.Kind.RESOLUTION_NOTICE,
            actor=actor,
            to=address,
            text=f"Aviso de resolución a {address}.",
            at=at,
            send=send_emails,
        )
    if status == Status.RESOLVED:
        # After the notice, so the company reads the resolution before the question.
        from requests_routing.surveys import survey_open

        survey_open(
            request=request,
            resolution_event=change,
            actor=actor,
            at=at,
            address=address,
            send=send_emails,
        )
    return request


def _mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "omil.local"


def new_message_id() -> str:
    """A Message-ID nobody can guess: a reply quoting it proves its sender received our mail
    (see thread_trust), so it carries 192 random bits and no time or process number."""
    return f"<{secrets.token_urlsafe(24)}@{_mail_domain()}>"


def _queue_email(event: RequestEvent) -> None:
    # Sent by Celery once the rows exist; the task reads the event, so nothing is lost if the
    # broker is briefly unavailable (the event stays unsent and can be retried).
    from requests_routing.outbound import queue_event_email

    transaction.on_commit(lambda: queue_event_email(event.pk))


def _email_event(
    *, request: ServiceRequest, kind: str, actor, to: str, text: str, at=None, send: bool = True
) -> RequestEvent:
    """An event that is an email; with `send=False` (history loaded after the fact) it is
    recorded as sent at its own time and never goes out."""
    at = at or timezone.now()
    event = RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        created_at=at,
        text=text,
        email_to=to,
        email_sent_at=None if send else at,
        outbound_message_id=new_message_id(),
    )
    if send:
        _queue_email(event)
    return event


def company_address(request: ServiceRequest) -> str:
    """Where the company hears about its request: the contact, else the company's address."""
    if request.contact and request.contact.email:
        return request.contact.email
    return request.company.email


@transaction.atomic
def service_request_route(
    *,
    request: ServiceRequest,
    actor,
    note: str = "",
    at: datetime | None = None,
    send_emails: bool = True,
) -> ServiceRequest:
    """Derive the request to its department by email; the first time, acknowledge it to the
    company with the reference and the expected date."""
    at = at or timezone.now()
    request = service_request_change_status(
        request=request,
        status=Status.ROUTED,
        actor=actor,
        note=note,
        at=at,
        send_emails=send_emails,
    )
    department = request.department
    _email_event(
        request=request,
        kind=RequestEvent.Kind.SENT_TO_DEPARTMENT,
        actor=actor,
        to=department.email,
        text=f"Derivada a {department} ({department.email}).",
        at=at,
        send=send_emails,
    )
    already_acknowledged = request.events.filter(kind=RequestEvent.Kind.ACKNOWLEDGEMENT).exists()
    address = company_address(request)
    if not already_acknowledged and address:
        _email_event(
            request=request,
            kind=RequestEvent.Kind.ACKNOWLEDGEMENT,
            actor=actor,
            to=address,
            at=at,
            send=send_emails,
            text=f"Acuse de recibo a {address}: plazo {request.due_date:%d-%m-%Y}.",
        )
    elif not already_acknowledged:
        service_request_add_note(
            request=request,
            actor=actor,
            at=at,
            text="La empresa no tiene correo registrado: avísele por teléfono la referencia.",
        )
    return request


def may_remind_department(request: ServiceRequest) -> bool:
    """A routed request whose department has not answered for a few days may be re-sent."""
    if request.status != Status.ROUTED:
        return False
    # A reply counts only if it truly came from the department (thread_trust); a message
    # that merely claimed to, from before those checks, does not silence the reminder.
    replies = Q(kind=RequestEvent.Kind.DEPARTMENT_REPLY) & (
        Q(email__isnull=True) | Q(email__joined_by__in=thread_trust.TRUSTED_JOINS)
    )
    last_contact = (
        request.events.filter(Q(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT) | replies)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    quiet_since = timezone.now() - timedelta(days=settings.DEPARTMENT_REMINDER_DAYS)
    return last_contact is None or last_contact <= quiet_since


@transaction.atomic
def service_request_remind_department(*, request: ServiceRequest, actor) -> RequestEvent:
    if not may_remind_department(request):
        raise ValidationError(
            "Solo se recuerda al departamento una solicitud derivada sin respuesta en "
            f"{settings.DEPARTMENT_REMINDER_DAYS} días."
        )
    department = request.department
    return _email_event(
        request=request,
        kind=RequestEvent.Kind.SENT_TO_DEPARTMENT,
        actor=actor,
        to=department.email,
        text=f"Recordatorio a {department} ({department.email}).",
    )


def service_request_add_note(
    *, request: ServiceRequest, actor, text: str, at: datetime | None = None
) -> RequestEvent:
    if not text.strip():
        raise ValidationError("Escriba la nota.")
    return RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.NOTE,
        actor=actor,
        created_at=at or timezone.now(),
        text=text.strip(),
    )


@transaction.atomic
def service_request_reassign(*, request: ServiceRequest, owner, actor) -> ServiceRequest:
    previous = request.owner
    request.owner = owner
    request.save(update_fields=["owner", "updated_at"])
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.REASSIGNED,
        actor=actor,
        created_at=timezone.now(),
        text=f"De {previous.get_full_name() if previous else 'nadie'} a {owner.get_full_name()}.",
    )
    return request


# Triage of the emailed inbox ----------------------------------------------------------------

JoinedBy = InboundEmail.JoinedBy


def _triaged(
    email: InboundEmail, *, state: str, actor, note: str = "", request=None, joined_by=""
) -> None:
    email.triage_state = state
    email.triage_note = note[:300]
    email.triaged_by = actor
    email.triaged_at = timezone.now()
    if request is not None:
        email.service_request = request
        email.joined_by = joined_by
    email.save(
        update_fields=[
            "triage_state",
            "triage_note",
            "triaged_by",
            "triaged_at",
            "service_request",
            "joined_by",
        ]
    )


def _locked_new_email(email: InboundEmail) -> InboundEmail:
    email = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.triage_state != InboundEmail.TriageState.NEW:
        raise ValidationError("Este correo ya fue revisado por otra persona.")
    return email


@transaction.atomic
def inbound_email_create_request(
    *,
    email: InboundEmail,
    actor,
    company: Company,
    category: RequestCategory,
    subject: str,
    description: str = "",
    place: str = "",
    contact: Contact | None = None,
) -> ServiceRequest:
    """Turn a new email into a request, received when the email was."""
    email = _locked_new_email(email)
    received_at = min(email.sent_at or email.received_at, timezone.now())
    request = service_request_create(
        company=company,
        contact=contact,
        category=category,
        subject=subject,
        description=description,
        place=place,
        channel=ServiceRequest.Channel.EMAIL,
        created_by=actor,
        owner=actor,
        received_at=received_at,
    )
    _triaged(
        email,
        state=InboundEmail.TriageState.REQUEST_CREATED,
        actor=actor,
        request=request,
        joined_by=JoinedBy.PERSON,
    )
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.EMAIL_RECEIVED,
        actor=actor,
        created_at=received_at,
        email=email,
        text=f"Correo de {email.sender}.",
    )
    return request


@transaction.atomic
def inbound_email_create_and_route_request(
    *, email: InboundEmail, actor, **fields
) -> ServiceRequest:
    """Turn a new email into a request and derive it to its category's department at once:
    both or neither. The person vouches for the email as when creating and routing by hand,
    so its safe attachments go to the department (see outbound); the emails leave on commit."""
    request = inbound_email_create_request(email=email, actor=actor, **fields)
    return service_request_route(request=request, actor=actor)


@transaction.atomic
def inbound_email_attach(*, email: InboundEmail, request: ServiceRequest, actor) -> RequestEvent:
    """A person adds an email to an existing request's timeline (a follow-up, a department's
    answer: a message from the department's address counts as its reply)."""
    kind = (
        RequestEvent.Kind.DEPARTMENT_REPLY
        if thread_trust.counts_as_department_reply(email, request)
        else RequestEvent.Kind.EMAIL_RECEIVED
    )
    return _attach(email=email, request=request, actor=actor, kind=kind, joined_by=JoinedBy.PERSON)


def _attach(*, email, request, actor, kind: str, joined_by: str) -> RequestEvent:
    email = _locked_new_email(email)
    _triaged(
        email,
        state=InboundEmail.TriageState.ATTACHED,
        actor=actor,
        request=request,
        joined_by=joined_by,
    )
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        created_at=timezone.now(),
        email=email,
        text=f"Correo de {email.sender}: «{email.subject}».",
    )


@transaction.atomic
def inbound_emails_dismiss(*, emails, actor, reason: str) -> int:
    """Mark new emails as not being requests (spam, thanks, newsletters), with the reason."""
    if not reason.strip():
        raise ValidationError("Indique por qué no son solicitudes.")
    count = 0
    for email in InboundEmail.objects.select_for_update().filter(
        pk__in=[email.pk for email in emails], triage_state=InboundEmail.TriageState.NEW
    ):
        _triaged(
            email, state=InboundEmail.TriageState.NOT_A_REQUEST, actor=actor, note=reason.strip()
        )
        count += 1
    return count


@transaction.atomic
def thread_inbound_email(email: InboundEmail) -> RequestEvent | None:
    """Join a new email to the request it answers when thread_trust allows it; otherwise
    leave it for triage with the request it seems to be about. Called right after the email
    is stored."""
    email = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.triage_state != InboundEmail.TriageState.NEW:
        return None
    decision = thread_trust.decide(email)
    if decision.request is None:
        if decision.suggested is not None:
            email.suggested_request = decision.suggested
            email.save(update_fields=["suggested_request"])
        return None
    kind = (
        RequestEvent.Kind.DEPARTMENT_REPLY
        if decision.department_reply
        else RequestEvent.Kind.EMAIL_RECEIVED
    )
    return _attach(
        email=email, request=decision.request, actor=None, kind=kind, joined_by=decision.joined_by
    )


def follow_up_overdue_requests(*, today: date | None = None) -> int:
    """Give each open request past its due date one follow-up for its owner, so it shows in
    "Mis seguimientos". Safe to run any number of times, also at once: each request is locked
    while its follow-up is checked and created."""
    today = today or timezone.localdate()
    request_type = ContentType.objects.get_for_model(ServiceRequest)
    followed = FollowUp.objects.filter(source_type=request_type).values("source_id")
    candidates = (
        ServiceRequest.objects.filter(
            status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=today, owner__isnull=False
        )
        .exclude(pk__in=followed)
        .values_list("pk", flat=True)
    )
    created = 0
    for request_id in candidates:
        with transaction.atomic():
            request = (
                ServiceRequest.objects.select_for_update(of=("self",))
                .select_related("company", "owner")
                .get(pk=request_id)
            )
            if FollowUp.objects.filter(source_type=request_type, source_id=request.pk).exists():
                continue
            follow_up_create(
                company=request.company,
                title=f"Solicitud {request.reference} vencida: {request.subject}"[:200],
                notes=f"Venció el {request.due_date:%d-%m-%Y}; sigue "
                f"{request.get_status_display().lower()} en {request.department}.",
                assigned_to=request.owner,
                due_date=today,
                source=request,
            )
            created += 1
    return created
