"""Service requests: numbering, due dates from the routing table, and every status change.

Each change of a request writes a RequestEvent in the same transaction, so the timeline is the
complete history of who did what and when.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.models import Company, Contact
from omil_crm.workdays import add_working_days
from requests_routing.models import (
    ReferenceCounter,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)

Status = ServiceRequest.Status

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.ROUTED, Status.IN_PROGRESS, Status.REJECTED, Status.DUPLICATE},
    Status.ROUTED: {Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED, Status.DUPLICATE},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.ROUTED, Status.REJECTED},
    Status.RESOLVED: {Status.CLOSED, Status.IN_PROGRESS},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
    Status.DUPLICATE: set(),
}


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
) -> ServiceRequest:
    """Move a request along its life cycle; refuse moves the cycle does not allow."""
    at = at or timezone.now()
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
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.STATUS_CHANGE,
        actor=actor,
        created_at=at,
        from_status=previous,
        to_status=status,
        text=note.strip(),
    )
    return request
