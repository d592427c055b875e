"""Heavy reads of the meetings app, each a fixed number of queries whatever the rows."""

from datetime import datetime, time

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import Agreement, Attendance, Meeting


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("meeting").annotate(total=Count("pk")).values("total")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def meeting_list_queryset() -> QuerySet:
    return (
        Meeting.objects.select_related("park")
        .annotate(
            invited_count=_count(Attendance.objects.filter(meeting=OuterRef("pk"))),
            present_count=_count(Attendance.objects.filter(meeting=OuterRef("pk"), attended=True)),
            agreement_count=_count(Agreement.objects.filter(meeting=OuterRef("pk"))),
        )
        .order_by("-starts_at", "-pk")
    )


def upcoming_meetings(limit: int = 4) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=timezone.make_aware(datetime.combine(timezone.localdate(), time.min)),
        )
        .select_related("park")
        .order_by("starts_at", "pk")[:limit]
    )


def meeting_page(pk: int) -> Meeting:
    """The meeting with its invitations and agreements, in a fixed number of queries."""
    return (
        Meeting.objects.select_related("park__representative__company", "created_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("contact__company", "staff").order_by(
                    "staff", "contact__company__legal_name", "contact__name", "pk"
                ),
                to_attr="invitations",
            ),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("responsible", "company", "follow_up"),
                to_attr="agreement_list",
            ),
        )
        .get(pk=pk)
    )


def attending_companies(meeting: Meeting) -> list:
    """The companies of the invited contacts, for "turn a need into a request"."""
    seen = {}
    for attendance in meeting.invitations:
        if attendance.contact_id:
            seen.setdefault(attendance.contact.company_id, attendance.contact.company)
    return sorted(seen.values(), key=lambda company: company.legal_name)


# The company portal -------------------------------------------------------------------------

PAST_MEETINGS_PER_PAGE = 10
AGREEMENTS_SHOWN = 100


def next_park_meeting(park) -> Meeting | None:
    """The park's next scheduled meeting that has not started yet."""
    if park is None:
        return None
    return (
        Meeting.objects.filter(
            park=park, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


def contact_attendance(meeting: Meeting, contact) -> Attendance | None:
    return Attendance.objects.filter(meeting=meeting, contact=contact).first()


def _agreements():
    # Pending first, then by due date; the follow-up tells whether it was done elsewhere.
    return Agreement.objects.select_related("meeting", "company", "follow_up").order_by(
        Case(When(status=Agreement.Status.OPEN, then=Value(0)), default=Value(1)),
        "due_date",
        "pk",
    )


def company_agreements(company) -> list[Agreement]:
    """The agreements of any meeting that concern the company."""
    return list(_agreements().filter(company=company)[:AGREEMENTS_SHOWN])


def park_agreements(park) -> list[Agreement]:
    """Every agreement of the park's meetings (what the representative follows)."""
    return list(_agreements().filter(meeting__park=park)[:AGREEMENTS_SHOWN])


def park_past_meetings(park) -> QuerySet:
    """The park's meetings already held (or whose time has passed), newest first."""
    return (
        Meeting.objects.filter(park=park, starts_at__lte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )
