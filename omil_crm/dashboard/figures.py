"""The Encargado's figures: every indicator for a period and the one before it.

Everything is counted by the database. Counters from different tables travel together in
one UNION ALL query (key, current, previous), grouped figures (by department, by park, by
staff member, by month) in one query each, so the dashboard costs the same handful of
queries for ten rows or ten million.

Sealed months come from the monthly roll-ups (omil_crm.dashboard.rollups): each query is the
UNION ALL of its live half, restricted to the days the roll-ups do not answer for (the
current month, partial months, months written to since they were sealed), and its roll-up
half (rollup_parts); the two are added up here. So a year costs a few months of rows, however
many years of rows the tables hold, and the figures stay exactly the live recount's.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    F,
    FloatField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from companies.models import Company, Visit
from omil_crm.base.periods import Period, local_midnight
from omil_crm.base.statements import fetch_compiled
from omil_crm.dashboard import percentiles, rollup_parts, standing
from omil_crm.dashboard.rollup_parts import union
from omil_crm.dashboard.scope import Scope
from omil_crm.dashboard.staff_figures import staff_activity
from omil_crm.dashboard.visit_figures import visit_counters
from requests_routing.models import ServiceRequest
from vacancies.models import Placement, ProgrammeOffer, Referral, Vacancy, Workshop


@dataclass
class Figures:
    """What the dashboard and the monthly report show."""

    counters: dict[str, tuple[int, int]]
    offers_by_status: dict[str, tuple[int, int]]
    requests_by_department: list[dict]
    placements_by_park: list[dict]
    # The whole team, by name; None when only a page of it is read (staff_figures).
    staff_activity: list[dict] | None
    trend: dict[str, list[int]]
    trend_months: list[date]
    computed_at: object = field(default_factory=timezone.now)
    surveys_by_department: list[dict] = field(default_factory=list)

    def current(self, key: str) -> int:
        return self.counters.get(key, (0, 0))[0]

    def previous(self, key: str) -> int:
        return self.counters.get(key, (0, 0))[1]


# The counters of _counters_query, in its order.
LIVE_COUNTERS = (
    "vacancies",
    "positions",
    "referrals",
    "requests_received",
    "requests_resolved",
    "workshops",
    "attendees",
)


def _counter(scope: Scope, queryset, key: str, column: str, is_date: bool = False, measure=None):
    """The (key, current, previous) parts of one counter: a part per period counted live
    (Scope.live_periods), each a plain range of `column`.

    Grouping by a constant leaves no GROUP BY at all, so each part yields exactly one row.
    """
    measure = measure or Count("*")
    parts = []
    for period, figure in scope.live_periods():
        figures = {"current": Value(0), "previous": Value(0), figure: Coalesce(measure, 0)}
        parts.append(
            queryset.filter(scope.live(period, column, is_date))
            .order_by()
            .annotate(key=Value(key))
            .values("key")
            .annotate(**figures)
            .values_list("key", "current", "previous")
        )
    return parts


def _counters_query(scope: Scope):
    vacancies = Vacancy.objects.captured().filter(scope.companies("company__"))
    referrals = Referral.objects.filter(scope.companies("vacancy__company__"))
    requests = ServiceRequest.objects.filter(scope.companies("company__"))
    attendance = Workshop.attendees.through.objects.all()
    return [
        *_counter(scope, vacancies, "vacancies", "opened_on", True),
        *_counter(scope, vacancies, "positions", "opened_on", True, Sum("positions")),
        *_counter(scope, referrals, "referrals", "referred_at"),
        *_counter(scope, requests, "requests_received", "received_at"),
        *_counter(scope, requests, "requests_resolved", "resolved_at"),
        *_counter(scope, Workshop.objects.all(), "workshops", "date", True),
        *_counter(scope, attendance, "attendees", "workshop__date", True),
    ]


def _snapshot_query(scope: Scope, threshold):
    """Companies as they stand today: how many, never contacted, not contacted since
    `threshold`.

    Read from the index on the last contact, which carries the status and the park: the table
    is never touched. Today's overdue requests are added up from their departments' rows instead
    (requests_by_department), which read them from their own covering index.
    """
    companies = Company.objects.filter(scope.companies()).exclude(status=Company.Status.INACTIVE)
    # Three ranges of the index, one per group, added up as «companies».
    groups = {
        "never_contacted": Q(last_contact_at__isnull=True),
        "long_not_contacted": Q(last_contact_at__lt=threshold),
        "recently_contacted": Q(last_contact_at__gte=threshold),
    }
    return [
        companies.filter(condition)
        .order_by()
        .annotate(key=Value(key))
        .values("key")
        .annotate(current=Count("*"), previous=Value(0))
        .values_list("key", "current", "previous")
        for key, condition in groups.items()
    ]


def _offers_query(scope: Scope) -> list:
    parts = []
    for period, figure in scope.live_periods():
        figures = {"current": Value(0), "previous": Value(0), figure: Count("*")}
        parts.append(
            ProgrammeOffer.objects.filter(
                scope.companies("company__"), scope.live(period, "offered_on", True)
            )
            .order_by()
            .annotate(key=Concat(Value("offer:"), "status"))
            .values("key")
            .annotate(**figures)
            .values_list("key", "current", "previous")
        )
    return parts


def counters(scope: Scope) -> tuple[dict, dict]:
    """Every single-number indicator in one query: (counters, programme offers by status)."""

    def build(threshold):
        live = [*_counters_query(scope), *_offers_query(scope)]
        today = standing.companies if standing.enabled() else _snapshot_query
        parts = [*live, *today(scope, threshold)]
        parts += rollup_parts.counters(scope.park_id, *scope.rolled_halves())
        return union(parts)

    threshold = timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS)
    values, offers = {}, {}
    for key, current, previous in fetch_compiled(scope.query_key("counters"), build, threshold):
        target, name = (
            (offers, key.removeprefix("offer:")) if key.startswith("offer:") else (values, key)
        )
        before = target.get(name, (0, 0))
        target[name] = (before[0] + int(current), before[1] + int(previous))
    # Every counter is shown, at zero when no part counted it.
    for key in (*LIVE_COUNTERS, "never_contacted", "long_not_contacted", "recently_contacted"):
        values.setdefault(key, (0, 0))
    recent = values.pop("recently_contacted")[0]
    active = values.pop("active_companies", None)
    if active is not None:
        # From the tallies: the active companies less the never and the recently contacted.
        values["long_not_contacted"] = (active[0] - values["never_contacted"][0] - recent, 0)
    values["companies"] = (
        values["never_contacted"][0] + values["long_not_contacted"][0] + recent,
        0,
    )
    return values, offers


def requests_by_department(scope: Scope) -> list[dict]:
    """Requests received, resolved and overdue today per department, with the median and
    90th percentile of days to resolution (one query on PostgreSQL)."""
    today = timezone.localdate()
    columns = ("received", "received_before", "resolved", "resolved_before", "overdue")
    spread = percentiles.PERCENTILES

    def build(_moment):
        zero, nothing = Value(0), Cast(None, FloatField())
        empty = dict.fromkeys(spread, nothing)
        overdue = Q(status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=today)
        requests = ServiceRequest.objects.filter(scope.companies("company__")).order_by()
        zeros = dict.fromkeys(columns[:-1], zero)
        if standing.enabled():
            overdue_now = standing.overdue_by_department(scope, today, zeros, empty, columns)
        else:
            # Today's overdue requests apart: a part of their own reads only the covering
            # index (status, due date; department, company), not the table, nor the
            # departments: their names come in a part of their own
            # (rollup_parts.requests_by_department).
            overdue_now = (
                requests.filter(overdue)
                .values("department_id")
                .annotate(name=Cast(None, CharField()), **zeros, overdue=Count("*"), **empty)
                .values_list("department_id", "name", *columns, *empty)
            )
        parts = [overdue_now]
        # A part per date column and period counted live, each a plain range of its index
        # (Scope.live_periods); the names come from the roll-up half's part of names.
        for period, figure in scope.live_periods():
            for column, counted in (("received_at", "received"), ("resolved_at", "resolved")):
                counted += "" if figure == "current" else "_before"
                parts.append(
                    requests.filter(scope.live(period, column))
                    .values("department_id")
                    .annotate(
                        name=Cast(None, CharField()),
                        **{**zeros, counted: Count("*")},
                        overdue=zero,
                        **empty,
                    )
                    .values_list("department_id", "name", *columns, *empty)
                )
        parts += rollup_parts.requests_by_department(scope.park_id, *scope.rolled_halves())
        if connection.vendor != "postgresql":
            return union(parts)
        # The percentiles as one more part, in SQL of their own (percentiles.py).
        sql, params = union(parts).query.sql_with_params()
        extra_sql, extra_params = percentiles.seconds_by_department(scope, len(columns))
        return f"{sql} UNION ALL ({extra_sql})", [*params, *extra_params]

    found = fetch_compiled(scope.query_key("departments", today), build)
    # SQLite has no percentile aggregate: read apart.
    ranked = {} if connection.vendor == "postgresql" else percentiles.ranked_percentiles(scope)
    totals: dict[int | None, dict] = {}
    for department_id, name, *values in found:
        row = totals.setdefault(
            department_id,
            {"name": name, **dict.fromkeys(columns, 0), **dict.fromkeys(spread)},
        )
        row["name"] = row["name"] or name
        for column, value in zip(columns, values, strict=False):
            row[column] += int(value)
        for column, seconds in zip(spread, values[len(columns) :], strict=True):
            if seconds is not None:
                row[column] = percentiles.days(seconds)
    rows = [
        {
            "department_id": department_id,
            "department": row["name"] or "Sin derivar",
            "received": (row["received"], row["received_before"]),
            "resolved": (row["resolved"], row["resolved_before"]),
            "overdue": row["overdue"],
            **{column: ranked.get(department_id, {}).get(column, row[column]) for column in spread},
        }
        for department_id, row in totals.items()
        # The departments' names come for every department: only those with figures show.
        if any(row[column] for column in columns)
    ]
    # As the database ordered them: by name, the requests not yet routed last.
    return sorted(rows, key=lambda row: (row["department_id"] is None, row["department"].lower()))


def placements_by_park(scope: Scope) -> tuple[list[dict], dict[str, tuple[int, int]]]:
    """Each park's placements and its share of all the office's placements (one query).

    Also returns the placement counters of both periods: the office's, those in any park, and
    those of the chosen park, all read off the same rows.
    """

    def build(_moment):
        parts = rollup_parts.placements_by_park(*scope.rolled_halves())
        # A part per period, each a plain range of the start date (Scope.live_periods): with
        # both ranges OR-ed in one part the planner walked the whole index, filtering.
        for period, figure in scope.live_periods():
            counted = "placements" if figure == "current" else "placements_before"
            counts = {"placements": Value(0), "placements_before": Value(0), counted: Count("*")}
            parts.append(
                Placement.objects.filter(scope.live(period, "start_date", True))
                .order_by()
                .values(park_id=F("referral__vacancy__company__park_id"))
                # Without the park's name, which the roll-up half's part of names brings.
                .annotate(park=Cast(None, CharField()), **counts)
                .values_list("park_id", "park", "placements", "placements_before")
            )
        return union(parts)

    by_park: dict[int | None, dict] = {}
    for park_id, name, placements, before in fetch_compiled(scope.query_key("parks"), build):
        row = by_park.setdefault(
            park_id, {"park_id": park_id, "park": name, "placements": 0, "placements_before": 0}
        )
        row["park"] = row["park"] or name
        row["placements"] += int(placements)
        row["placements_before"] += int(before)
    rows = list(by_park.values())

    def total(key, condition=lambda row: True):
        return sum(row[key] for row in rows if condition(row))

    office = (total("placements"), total("placements_before"))
    in_parks = (
        total("placements", lambda row: row["park_id"] is not None),
        total("placements_before", lambda row: row["park_id"] is not None),
    )
    if scope.park is None:
        chosen = office
    else:
        chosen = (
            total("placements", lambda row: row["park_id"] == scope.park.pk),
            total("placements_before", lambda row: row["park_id"] == scope.park.pk),
        )
    table = []
    for row in rows:
        if row["placements"]:
            table.append(
                {
                    "park_id": row["park_id"],
                    "park": row["park"] or "Fuera de parques",
                    "placements": row["placements"],
                    "share": share(row["placements"], office[0]),
                }
            )
    table.sort(key=lambda row: (-row["placements"], row["park"]))
    counters = {"placements": chosen, "placements_office": office, "placements_in_parks": in_parks}
    return table, counters


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# Monthly series of the trend charts: (label, queryset, date column, is it a date?, company path).
TREND_SOURCES = (
    ("visits", Visit.objects.filter(status=Visit.Status.DONE), "happened_at", False, "company__"),
    ("requests_received", ServiceRequest.objects.all(), "received_at", False, "company__"),
    ("requests_resolved", ServiceRequest.objects.all(), "resolved_at", False, "company__"),
    ("vacancies", Vacancy.objects.captured(), "opened_on", True, "company__"),
    ("referrals", Referral.objects.all(), "referred_at", False, "vacancy__company__"),
    ("placements", Placement.objects.all(), "start_date", True, "referral__vacancy__company__"),
)


def trend_months(period: Period) -> list[date]:
    """The months on the charts: the period's, or the twelve up to its end when shorter."""
    months = period.months()
    if len(months) >= 12:
        return months
    last = months[-1]
    return [_add_months(last, -back) for back in range(11, -1, -1)]


def trend(scope: Scope, months: list[date]) -> dict[str, list[int]]:
    """Monthly counts of each series over `months`, in one UNION ALL query.

    Each month is a filtered count over a plain range of the indexed column: cheaper than
    truncating every row's date in Santiago time and grouping by it. Sealed months come from
    the roll-ups, in the same query.
    """
    edges = [*months, _add_months(months[-1], 1)]
    window = Period("rango", edges[0], edges[-1] - timedelta(days=1))
    series = [label for label, *_ in TREND_SOURCES]

    def build(_moment):
        parts = []
        rolled = set(scope.rolled(window))
        for label, queryset, column, is_date, path in (
            TREND_SOURCES if scope.counts_live(window) else ()
        ):
            bounds = edges if is_date else [local_midnight(edge) for edge in edges]
            # Only the months counted live are counted here: a filter for a sealed month
            # would count nothing, yet be checked on every row read.
            per_month = {
                f"m{index}": Value(0)
                if month in rolled
                else Count(column, filter=Q(**{f"{column}__gte": start, f"{column}__lt": end}))
                for index, (month, start, end) in enumerate(
                    zip(months, bounds, bounds[1:], strict=False)
                )
            }
            parts.append(
                queryset.filter(scope.companies(path), scope.live(window, column, is_date))
                .order_by()
                .annotate(series=Value(label))
                .values("series")
                .annotate(**per_month)
                .values_list("series", *per_month)
            )
        parts += rollup_parts.trend(
            scope.park_id, series, months, scope.rolled(window), scope.partial(window)
        )
        return union(parts)

    totals = {label: [0] * len(months) for label in series}
    for label, *counts in fetch_compiled(scope.query_key("trend", tuple(months)), build):
        totals[label] = [old + int(new) for old, new in zip(totals[label], counts, strict=True)]
    return totals


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def dashboard_figures(scope: Scope, whole_team: bool = True) -> Figures:
    """Every figure of the dashboard and the monthly report for one period and park; without
    `whole_team`, not the team table (the dashboard reads only its page: staff_page)."""
    # Imported here: survey_figures builds on this module's Scope.
    from omil_crm.dashboard.survey_figures import surveys_by_department

    scope = scope.with_coverage()
    values, offers = counters(scope)
    values.update(visit_counters(scope))
    park_table, placement_counters = placements_by_park(scope)
    values.update(placement_counters)
    months = trend_months(scope.period)
    departments = requests_by_department(scope)
    values["requests_overdue"] = (sum(row["overdue"] for row in departments), 0)
    return Figures(
        counters=values,
        offers_by_status=offers,
        requests_by_department=departments,
        placements_by_park=park_table,
        staff_activity=staff_activity(scope) if whole_team else None,
        trend=trend(scope, months),
        trend_months=months,
        surveys_by_department=surveys_by_department(scope),
    )
