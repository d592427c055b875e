"""What a company may read of its requests, and what the park's representative reads of the
park's: the reads behind the portal's pages, each in a fixed number of queries.

What the company sees of the timeline, kind by kind (an event must also be marked public):
- registered («Registrada»), without the staff's text;
- each status change by its label; its note only where it is written for the company (the
  resolution note, the reason of a rejection or of a duplicate); a derivation reads
  «Derivada a <departamento>» and nothing else;
- that the acknowledgement and the resolution notice were sent to it;
- the notes the OMIL marked «Visible para la empresa»;
- its own comments and what it filed on the portal.
Never: internal notes, the emails to and from the department, reassignments, anyone's mail.
Staff are named only when PORTAL_SHOW_STAFF_NAMES is on; otherwise «Equipo OMIL».

The representative's view of the park shows public fields only: reference, company,
category, status, department, received and due dates. Not the subject (companies write
names, addresses and internal matters in it), nor descriptions, files or timelines.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from omil_crm.accounts.roles import person_name
from requests_routing.models import EmailAttachment, InboundEmail, RequestEvent, ServiceRequest
from requests_routing.survey_models import ResolutionSurvey
from requests_routing.surveys import survey_refusal

Status = ServiceRequest.Status
Kind = RequestEvent.Kind
OMIL_TEAM = "Equipo OMIL"
REFERENCE = re.compile(r"SOL-[0-9]{4}-[0-9]{5,6}")
# A status change's note is read by the company only for these ends.
NOTE_SHOWN_FOR = (Status.RESOLVED, Status.REJECTED, Status.DUPLICATE)
PENDING_FILINGS_SHOWN = 10
OPEN = [str(status) for status in ServiceRequest.OPEN_STATUSES]
STATE_FILTERS = {"abiertas": OPEN, "cerradas": [s for s in Status.values if s not in OPEN]}


@dataclass(frozen=True)
class PublicEntry:
    at: datetime
    title: str
    text: str
    who: str
    from_company: bool


def company_requests(company, state: str = "") -> QuerySet:
    """The company's requests, open ones first, then the most recent."""
    queryset = ServiceRequest.objects.filter(company=company)
    if state in STATE_FILTERS:
        queryset = queryset.filter(status__in=STATE_FILTERS[state])
    return (
        queryset.select_related("category", "department")
        .annotate(
            closed_rank=Case(
                When(status__in=ServiceRequest.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-received_at", "-pk")
    )


def pending_filings(company) -> list[InboundEmail]:
    """What the company filed on the portal that the OMIL has not registered yet."""
    return list(
        InboundEmail.objects.filter(
            source=InboundEmail.Source.PORTAL,
            matched_company=company,
            triage_state=InboundEmail.TriageState.NEW,
        )
        .only("pk", "subject", "received_at", "suggested_category__name")
        .select_related("suggested_category")
        .order_by("-received_at", "-pk")[:PENDING_FILINGS_SHOWN]
    )


def company_request(company, reference: str) -> ServiceRequest:
    """One request of the company by its reference; DoesNotExist for any other company's, and
    for anything that is not a reference (never sent to the database)."""
    if not REFERENCE.fullmatch(reference or ""):
        raise ServiceRequest.DoesNotExist
    return ServiceRequest.objects.select_related("category", "department").get(
        company=company, reference=reference
    )


def public_events(request: ServiceRequest) -> QuerySet:
    return (
        request.events.filter(public=True, kind__in=RequestEvent.PORTAL_KINDS)
        .select_related("actor", "contact")
        .order_by("created_at", "pk")
    )


def _who(event: RequestEvent) -> tuple[str, bool]:
    if event.contact_id is not None:
        return event.contact.name, True
    if event.actor_id is not None and settings.PORTAL_SHOW_STAFF_NAMES:
        return person_name(event.actor), False
    return OMIL_TEAM, False


def _entry(event: RequestEvent, request: ServiceRequest) -> tuple[str, str]:
    """(title, text) of an event as the company reads it."""
    if event.kind == Kind.CREATED:
        return "Solicitud registrada", ""
    if event.kind == Kind.STATUS_CHANGE:
        if event.to_status == Status.ROUTED:
            return f"Derivada a {request.department}", ""
        text = event.text if event.to_status in NOTE_SHOWN_FOR else ""
        return f"Estado: {event.get_to_status_display()}", text
    if event.kind == Kind.ACKNOWLEDGEMENT:
        return "Acuse de recibo enviado a su correo", ""
    if event.kind == Kind.RESOLUTION_NOTICE:
        return "Aviso de resolución enviado a su correo", ""
    if event.kind == Kind.NOTE:
        return "Nota de la OMIL", event.text
    if event.kind == Kind.COMPANY_COMMENT:
        return "Comentario de la empresa", event.text
    return "Ingresada en el portal", ""


def public_timeline(request: ServiceRequest) -> list[PublicEntry]:
    entries = []
    for event in public_events(request):
        title, text = _entry(event, request)
        who, from_company = _who(event)
        entries.append(PublicEntry(event.created_at, title, text, who, from_company))
    return entries


def company_attachments(request: ServiceRequest) -> list[EmailAttachment]:
    """The files the company itself filed on the portal for this request."""
    return list(
        EmailAttachment.objects.filter(
            email__service_request=request,
            email__source=InboundEmail.Source.PORTAL,
            email__matched_company_id=request.company_id,
        )
        .defer("email__raw")
        .order_by("pk")
    )


def company_attachment(company, reference: str, pk: int) -> EmailAttachment:
    if not REFERENCE.fullmatch(reference or "") or pk > 2**63 - 1:
        raise EmailAttachment.DoesNotExist
    return EmailAttachment.objects.get(
        pk=pk,
        email__service_request__reference=reference,
        email__service_request__company=company,
        email__source=InboundEmail.Source.PORTAL,
        email__matched_company=company,
    )


def pending_survey(request: ServiceRequest) -> ResolutionSurvey | None:
    """The «¿Quedó resuelto?» survey the company may answer now on the portal, if any."""
    if request.status != Status.RESOLVED:
        return None
    survey = request.surveys.order_by("-sent_at", "-pk").first()
    if survey is None or survey_refusal(survey):
        return None
    return survey


# The park's representative ------------------------------------------------------------------

PARK_FIELDS = (
    "pk",
    "reference",
    "status",
    "received_at",
    "due_date",
    "company__legal_name",
    "company__trade_name",
    "category__name",
    "department__name",
)


def park_requests(park, *, status: str = "", company_id: int | None = None) -> QuerySet:
    """Every request of the park's companies, public fields only (see the module's doc)."""
    queryset = ServiceRequest.objects.filter(company__park=park)
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    return (
        queryset.select_related("company", "category", "department")
        .only(*PARK_FIELDS)
        .order_by("-received_at", "-pk")
    )


def park_companies(park) -> QuerySet:
    return park.companies.only("pk", "legal_name", "trade_name").order_by("legal_name")


def park_status_counts(park) -> list[tuple[str, str, int]]:
    """(status, label, how many) for every status, in the life cycle's order."""
    counts = dict(
        ServiceRequest.objects.filter(company__park=park)
        .values_list("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]
