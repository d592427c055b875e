"""Heavy reads of the companies app: lists and pages that must cost a constant number of
queries whatever the number of rows."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone

from companies.history import ChangeHistory, HistorySource, change_history
from companies.models import (
    Company,
    CompanyFlag,
    Contact,
    FollowUp,
    FollowUpChange,
    IndustrialPark,
    Visit,
)
from companies.rut import rut_fragments


def directory_queryset() -> QuerySet:
    return (
        Company.objects.select_related("park", "owner")
        .annotate(is_flagged=Exists(CompanyFlag.objects.filter(company=OuterRef("pk"))))
        .order_by("legal_name", "pk")
    )


# What a row of the directory shows (companies/templatetags/company_rows.py).
DIRECTORY_ROW_FIELDS = (
    "pk",
    "legal_name",
    "trade_name",
    "rut",
    "sector",
    "status",
    "last_contact_at",
    "is_flagged",
    "park_id",
    "park__name",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
)


def directory_rows(companies: QuerySet) -> QuerySet:
    """The filtered companies as named rows of what the directory shows. A search sorts
    every company it finds by name before cutting its page: with the park's and the owner's
    every column joined to each (model instances), the rows sorted were three times as wide,
    and a search matching 1,600 companies at the benchmark's 3× spent half its 9 ms joining
    and sorting them."""
    return companies.values_list(*DIRECTORY_ROW_FIELDS, named=True)


# The company page's side lists show this many rows each and say when there are more: a
# company with years of history may have a hundred contacts and dozens of follow-ups.
SIDE_LIST_ROWS = 10


def company_contacts(company_id: int) -> QuerySet:
    """The company's contacts as its page lists them: the current ones first, by name."""
    return Contact.objects.filter(company_id=company_id).order_by("-is_active", "name", "pk")


def company_page(pk: int) -> Company:
    """The company with what its page shows, in a fixed number of queries: the first
    SIDE_LIST_ROWS contacts, pending follow-ups (soonest due first) and planned visits
    (soonest first), and whether each list has more (`more_contacts`, …).

    Each list is read with LIMIT rows + 1, the extra row only telling that more follow: a
    count of every planned visit would read the company's whole visit history.
    """
    company = Company.objects.select_related("park", "owner", "park__representative").get(pk=pk)
    lists = {
        "contacts": company_contacts(pk),
        "follow_ups": FollowUp.objects.open()
        .filter(company_id=pk)
        .select_related("assigned_to")
        .order_by("due_date", "pk"),
        "planned_visits": Visit.objects.filter(company_id=pk, status=Visit.Status.PLANNED)
        .select_related("staff")
        .order_by("planned_for", "pk"),
    }
    for name, rows in lists.items():
        read = list(rows[: SIDE_LIST_ROWS + 1])
        setattr(company, f"shown_{name}", read[:SIDE_LIST_ROWS])
        setattr(company, f"more_{name}", len(read) > SIDE_LIST_ROWS)
    return company


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


def park_change_history(park: IndustrialPark) -> ChangeHistory:
    """Who changed the park's data, its Gestora, representative or meeting rule."""
    return change_history(HistorySource(park.history.all(), "Parque"))


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


# The directory's order by name, by an expression no index holds, for a search. Searching,
# PostgreSQL would otherwise walk the name index in order, testing each company until the
# page is full: «metal» read 12,700 companies (45 ms in the directory, 18 ms in the picker)
# because the names found sort late. Read through the trigram indexes and sorted, the 534
# found take 1 ms.
SEARCH_ORDER = (Concat("legal_name", Value(""), output_field=TextField()), "pk")

PICKER_LIMIT = 20
PICKER_MIN_LENGTH = 2
PICKER_MAX_LENGTH = 100


@dataclass(frozen=True)
class CompanyMatches:
    companies: list[Company]
    more: bool  # more companies match than are listed: the person should type more
    too_short: bool  # the text was too short to search


def company_picker_search(text: str, *, limit: int = PICKER_LIMIT) -> CompanyMatches:
    """Companies still in business whose legal or trade name contains `text`, or whose RUT
    contains it (typed with or without dots and dash), by legal name, at most `limit`.

    On PostgreSQL each condition is answered by a trigram index (legal name, trade name and
    RUT), so the search costs the same with 20,000 companies as with 40. Those indexes need
    three characters: two only find a name written exactly so («3M»).
    """
    text = " ".join((text or "").split())[:PICKER_MAX_LENGTH]
    if len(text) < PICKER_MIN_LENGTH:
        return CompanyMatches(companies=[], more=False, too_short=True)
    if len(text) < 3:
        condition = Q(legal_name__iexact=text) | Q(trade_name__iexact=text)
    else:
        condition = Q(legal_name__icontains=text) | Q(trade_name__icontains=text)
    for fragment in rut_fragments(text):
        condition |= Q(rut__icontains=fragment)
    found = list(
        Company.objects.filter(condition)
        .exclude(status=Company.Status.INACTIVE)
        .select_related("park")
        .order_by(*SEARCH_ORDER)[: limit + 1]
    )
    return CompanyMatches(companies=found[:limit], more=len(found) > limit, too_short=False)


OVERDUE_LIMIT = 50


def agenda_visits(*, start, end, staff=None) -> list[Visit]:
    """Planned visits from `start` (inclusive) to `end` (exclusive), in order, in one query."""
    visits = Visit.objects.filter(
        status=Visit.Status.PLANNED, planned_for__gte=start, planned_for__lt=end
    )
    if staff is not None:
        visits = visits.filter(staff=staff)
    return list(visits.select_related("company", "staff").order_by("planned_for", "pk"))


def overdue_planned_visits(*, before, staff=None) -> list[Visit]:
    """Visits still planned for a moment before `before`: the oldest first, at most
    OVERDUE_LIMIT of them (a forgotten backlog must not make the agenda unbounded)."""
    visits = Visit.objects.filter(status=Visit.Status.PLANNED, planned_for__lt=before)
    if staff is not None:
        visits = visits.filter(staff=staff)
    return list(
        visits.select_related("company", "staff").order_by("planned_for", "pk")[:OVERDUE_LIMIT]
    )


RECENTLY_DONE_DAYS = 7
RECENTLY_DONE_LIMIT = 20


def with_postponements(queryset: QuerySet) -> QuerySet:
    """Annotate each follow-up with how many times it was postponed and the date it had first,
    as subqueries so the list stays one query."""
    postponements = FollowUpChange.objects.filter(
        follow_up=OuterRef("pk"), kind=FollowUpChange.Kind.POSTPONED
    )
    return queryset.annotate(
        times_postponed=Subquery(
            postponements.order_by()
            .values("follow_up")
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        first_due_date=Subquery(
            postponements.order_by("changed_at", "pk").values("previous_due_date")[:1]
        ),
    )


# What a follow-up done lately shows (companies/templatetags/follow_up_rows.py).
DONE_ROW_FIELDS = (
    "pk",
    "title",
    "done_at",
    "company_id",
    "company__trade_name",
    "company__legal_name",
    "done_by_id",
    "done_by__first_name",
    "done_by__last_name",
    "done_by__username",
)


def recently_done_follow_ups(queryset: QuerySet) -> tuple[list, bool]:
    """Follow-ups marked done in the last days, newest first, at most RECENTLY_DONE_LIMIT:
    where a follow-up closed by mistake is found to reopen it. Also whether more were done
    in those days (the page then says these are the latest, not all). As named rows of what
    the page shows: a follow-up, its company and two people as model instances took twice
    the time of the query."""
    since = timezone.now() - timedelta(days=RECENTLY_DONE_DAYS)
    rows = list(
        queryset.filter(done_at__gte=since)
        .order_by("-done_at", "-pk")
        .values_list(*DONE_ROW_FIELDS, named=True)[: RECENTLY_DONE_LIMIT + 1]
    )
    return rows[:RECENTLY_DONE_LIMIT], len(rows) > RECENTLY_DONE_LIMIT


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
