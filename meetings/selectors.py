"""Heavy reads of the meetings app, each a fixed number of queries whatever the rows."""

from datetime import datetime, time

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
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
