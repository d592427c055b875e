"""Heavy reads of the companies app: lists and pages that must cost a constant number of
queries whatever the number of rows."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from companies.history import ChangeHistory, HistorySource, change_history
from companies.models import Company, CompanyFlag, Contact, FollowUp, IndustrialPark, Visit


def directory_queryset() -> QuerySet:
    return (
        Company.objects.select_related("park", "owner")
        .annotate(is_flagged=Exists(CompanyFlag.objects.filter(company=OuterRef("pk"))))
        .order_by("legal_name", "pk")
    )


def company_page(pk: int) -> Company:
    """The company with what its header shows, fetched in a fixed number of queries."""
    return (
        Company.objects.select_related("park", "owner", "park__representative")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("-is_active", "name")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.open().select_related("assigned_to"),
                to_attr="open_follow_ups",
            ),
            Prefetch(
                "visits",
                queryset=Visit.objects.filter(status=Visit.Status.PLANNED)
                .select_related("staff")
                .order_by("planned_for"),
                to_attr="planned_visits",
            ),
        )
        .get(pk=pk)
    )


def company_change_history(company: Company) -> ChangeHistory:
    """Who changed the company's data and its contacts' (deleted contacts included)."""
    return change_history(
        HistorySource(company.history.all(), "Empresa"),
        HistorySource(
            Contact.history.filter(company_id=company.pk),
            "Contacto",
            name_field="name",
            hidden_fields=("company",),
        ),
    )


def follow_up_buckets(queryset: QuerySet) -> dict[str, list[FollowUp]]:
    """Open follow-ups split into overdue, today, this week and later, in one query."""
    today = timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    buckets = {"overdue": [], "today": [], "week": [], "later": []}
    rows = queryset.select_related("company", "assigned_to", "source_type").order_by(
        "due_date", "pk"
    )
    for follow_up in rows:
        if follow_up.due_date < today:
            buckets["overdue"].append(follow_up)
        elif follow_up.due_date == today:
            buckets["today"].append(follow_up)
        elif follow_up.due_date <= week_end:
            buckets["week"].append(follow_up)
        else:
            buckets["later"].append(follow_up)
    return buckets


def portfolio_of(user) -> dict[str, QuerySet]:
    """What a staff member holds and a handover would move."""
    return {
        "companies": Company.objects.filter(owner=user).select_related("park"),
        "follow_ups": FollowUp.objects.open().filter(assigned_to=user).select_related("company"),
        "planned_visits": Visit.objects.filter(staff=user, status=Visit.Status.PLANNED)
        .select_related("company")
        .order_by("planned_for"),
        "parks": IndustrialPark.objects.filter(gestora=user),
    }


def visit_list_queryset() -> QuerySet:
    """Visits with what their list row shows, newest first (planned ones by their date)."""
    return Visit.objects.select_related("company__park", "staff").order_by(
        "-happened_at", "-planned_for", "-pk"
    )


def done_follow_ups_queryset() -> QuerySet:
    return (
        FollowUp.objects.filter(done_at__isnull=False)
        .select_related("company__park", "assigned_to", "done_by")
        .order_by("-done_at", "-pk")
    )
