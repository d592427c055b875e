"""Heavy reads of the events app, each a fixed number of queries whatever the rows."""

from django.db.models import OuterRef, Prefetch, QuerySet
from django.utils import timezone

from events.models import EmployerEvent, EventCompany, EventParticipant
from omil_crm.base.counting import row_count
from vacancies.models import Vacancy

# What the portal lists: the events a company is invited to, from today on.
PORTAL_EVENTS_SHOWN = 50


def event_list_queryset() -> QuerySet:
    invited = EventCompany.objects.filter(event=OuterRef("pk"))
    participants = EventParticipant.objects.filter(event=OuterRef("pk"))
    return (
        EmployerEvent.objects.select_related("park")
        .annotate(
            invited_count=row_count(invited),
            companies_present=row_count(invited.filter(attended=True)),
            participant_count=row_count(participants.filter(attended=True)),
            hired_count=row_count(participants.filter(hired=True)),
        )
        .order_by("-date", "-start_time", "-pk")
    )


def event_page(pk: int) -> EmployerEvent:
    """The event with its invitations, vacancies and participants, in a fixed number of
    queries."""
    return (
        EmployerEvent.objects.select_related("park", "created_by")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=EventCompany.objects.select_related("company").order_by(
                    "company__legal_name", "pk"
                ),
                to_attr="invitation_list",
            ),
            Prefetch(
                "vacancies",
                queryset=Vacancy.objects.select_related("company").order_by("title", "pk"),
                to_attr="vacancy_list",
            ),
            Prefetch(
                "participants",
                queryset=EventParticipant.objects.select_related("job_seeker"),
                to_attr="participant_list",
            ),
        )
        .get(pk=pk)
    )


def company_upcoming_events(company) -> list[EventCompany]:
    """The company's invitations to events from today on, soonest first (the portal)."""
    return list(
        EventCompany.objects.filter(event__date__gte=timezone.localdate(), company=company)
        .select_related("event")
        .order_by("event__date", "event__start_time", "pk")[:PORTAL_EVENTS_SHOWN]
    )
