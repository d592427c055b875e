"""The open follow-ups by urgency: overdue, today, this week and later.

Each section shows its first rows by due date and how many it holds, counted up to ten
thousand like every list: a team with forty thousand follow-ups overdue no longer renders them
all on one page (the team view did), and the count stops reading at the limit. The rest of a
section is a paged list of its own («?seccion=vencidos»).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.utils import timezone

from companies.models import FollowUp
from companies.selectors import with_postponements
from omil_crm.base.pagination import bounded_counts, count_text

# Rows shown per section on the page that lists them all, and per page of one section.
SECTION_ROWS = 10
SECTION_PAGE_ROWS = 50


@dataclass(frozen=True)
class SectionKind:
    key: str
    slug: str  # in the address: ?seccion=<slug>
    title: str
    style: str


SECTION_KINDS = (
    SectionKind("overdue", "vencidos", "Vencidos", "text-danger"),
    SectionKind("today", "hoy", "Para hoy", "text-primary"),
    SectionKind("week", "semana", "Esta semana", ""),
    SectionKind("later", "mas-adelante", "Más adelante", "text-body-secondary"),
)
BY_SLUG = {kind.slug: kind for kind in SECTION_KINDS}


@dataclass(frozen=True)
class FollowUpSection:
    kind: SectionKind
    items: list[FollowUp]
    total: int
    total_display: str

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


def section_condition(key: str, today: date) -> Q:
    """Which due dates make up a section; «this week» ends on Sunday."""
    week_end = today + timedelta(days=6 - today.weekday())
    return {
        "overdue": Q(due_date__lt=today),
        "today": Q(due_date=today),
        "week": Q(due_date__gt=today, due_date__lte=week_end),
        "later": Q(due_date__gt=week_end),
    }[key]


def open_in_section(queryset: QuerySet, key: str) -> QuerySet:
    return queryset.open().filter(section_condition(key, timezone.localdate()))


def section_rows(queryset: QuerySet, key: str) -> QuerySet:
    """The open follow-ups of one section, by due date, with what their row shows."""
    rows = (
        open_in_section(queryset, key)
        .select_related("company", "assigned_to", "source_type")
        .order_by("due_date", "pk")
    )
    return with_postponements(rows)


def follow_up_sections(queryset: QuerySet) -> list[FollowUpSection]:
    """Every section with its first SECTION_ROWS rows and its total, in three queries however
    many follow-ups each section holds: the four totals (each counted up to COUNT_LIMIT), the
    ids of each section's first rows (one union), and those rows with what they show. Asking
    each section for its rows apart compiled the row query, with its joins and subqueries,
    four times: more than running it."""
    totals = bounded_counts([open_in_section(queryset, kind.key) for kind in SECTION_KINDS])
    heads = [
        open_in_section(queryset, kind.key)
        .order_by("due_date", "pk")
        .annotate(section=Value(index))
        .values_list("section", "pk", "due_date")[:SECTION_ROWS]
        for index, kind in enumerate(SECTION_KINDS)
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        heads = [heads[0].union(*heads[1:], all=True)]
    ids_by_section = [[] for _ in SECTION_KINDS]
    for head in heads:  # SQLite takes no LIMIT inside a union: a query per section.
        for index, pk, _due_date in head:
            ids_by_section[index].append(pk)
    wanted = [pk for ids in ids_by_section for pk in ids]
    rows = {}
    if wanted:
        shown = with_postponements(
            FollowUp.objects.filter(pk__in=wanted).select_related(
                "company", "assigned_to", "source_type"
            )
        )
        rows = {follow_up.pk: follow_up for follow_up in shown}
    sections = []
    for kind, total, ids in zip(SECTION_KINDS, totals, ids_by_section, strict=True):
        # A row deleted between the two reads is left out.
        items = sorted(
            (rows[pk] for pk in ids if pk in rows), key=lambda row: (row.due_date, row.pk)
        )
        sections.append(FollowUpSection(kind, items, total, count_text(total)))
    return sections
