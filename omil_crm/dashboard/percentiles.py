"""Median and 90th percentile of days to resolution per department, by the database.

On PostgreSQL a part of the department table's query (seconds_by_department): the histogram
of whole days to resolution locates each percentile's position, and only the requests of that
department and day are read, so the cost does not grow with the period's requests.
Elsewhere (SQLite) a window function numbers the requests and only the rows around each
percentile's position are read.
"""

import math

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Ceil, Floor, RowNumber

from omil_crm.dashboard import rollup_parts
from omil_crm.dashboard.rollups import ResolutionDays
from omil_crm.dashboard.scope import Scope
from requests_routing.models import ServiceRequest

PERCENTILES = {"median": 0.5, "p90": 0.9}
DAY_SECONDS = 86400


def _histogram(scope: Scope) -> QuerySet:
    """(department, whole days to resolution, requests) of the period: the sealed months off
    the roll-ups, the other days off the requests."""
    parts = rollup_parts.resolution_histogram(
        scope.park_id, scope.rolled(scope.period), scope.partial(scope.period)
    )
    if scope.counts_live(scope.period):
        parts.append(
            ServiceRequest.objects.filter(
                scope.companies("company__"), scope.live_current("resolved_at")
            )
            .order_by()
            .values("department_id", days=ResolutionDays())
            .annotate(requests=Count("*"))
            .values_list("department_id", "days", "requests")
        )
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


class _Seconds(Func):
    """A duration in seconds (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def seconds_by_department(scope: Scope, zeros: int) -> tuple[str, list]:
    """PostgreSQL: per department of the period's resolved requests, the median and the 90th
    percentile of their seconds to resolution, exactly as percentile_cont would interpolate
    them, as SQL whose rows are (department, NULL, `zeros` zeros, median, p90): a part of the
    department table's UNION ALL.

    Sorting the period's requests would cost their number. Instead the histogram of whole days
    to resolution (mostly roll-ups) tells in which day each position falls, and only the
    requests of that department and day are read, in order, off their index
    (request_resolution_days_idx), once per percentile: its two neighbours together, unless
    they fall in different days (a day's requests grow with the office's; they were read and
    sorted once per neighbour). A request written to a sealed month between the coverage's
    read and this query may shift a position past its day: that percentile is left empty.
    """
    histogram_sql, histogram_params = _histogram(scope).query.sql_with_params()
    duration = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    neighbour = (
        ServiceRequest.objects.filter(scope.companies("company__"), scope.current("resolved_at"))
        .annotate(days=ResolutionDays())
        .filter(department_id=RawSQL("wanted.department_id", []), days=RawSQL("wanted.days", []))
        .annotate(seconds=_Seconds(duration))
        .order_by(duration.asc())
        .values_list("seconds")
    )
    neighbour_sql, neighbour_params = neighbour.query.sql_with_params()
    fractions = ", ".join(f"({fraction!r}::float8)" for fraction in PERCENTILES.values())
    spread = ", ".join(
        f"MAX(low + (high - low) * part) FILTER (WHERE fraction = {fraction!r}::float8)"
        for fraction in PERCENTILES.values()
    )
    sql = (
        f"WITH histogram (department_id, days, requests) AS ({histogram_sql}),"
        " buckets AS (SELECT department_id, days, SUM(requests) AS requests FROM histogram"
        "  GROUP BY department_id, days HAVING SUM(requests) > 0),"
        " ranked AS (SELECT department_id, days, requests,"
        "  SUM(requests) OVER (PARTITION BY department_id ORDER BY days) - requests AS before,"
        "  SUM(requests) OVER (PARTITION BY department_id) AS total FROM buckets),"
        # The positions either side of each percentile's; the ceiling's is read apart only
        # when it opens a day of its own, otherwise with the floor's, its next in that day.
        " wanted AS (SELECT department_id, days, fraction, total, position,"
        "  (position - before)::bigint AS skip"
        f"  FROM ranked, (VALUES {fractions}) AS fractions (fraction),"
        "  LATERAL (VALUES (FLOOR((total - 1) * fraction), true),"
        "   (CEIL((total - 1) * fraction), false)) AS positions (position, is_floor)"
        "  WHERE position >= before AND position < before + requests"
        "   AND (is_floor OR (position <> FLOOR((total - 1) * fraction) AND position = before))),"
        " neighbours AS MATERIALIZED (SELECT department_id, fraction, total, position,"
        "  pair[1] AS first, pair[2] AS second FROM wanted,"
        "  LATERAL (SELECT array_agg(seconds ORDER BY seconds) AS pair"
        f"   FROM ({neighbour_sql} OFFSET wanted.skip LIMIT 2) AS read (seconds)) AS found),"
        " pairs AS (SELECT department_id, fraction,"
        "  MIN(first) FILTER (WHERE position = FLOOR((total - 1) * fraction)) AS low,"
        "  COALESCE(MIN(first) FILTER (WHERE position <> FLOOR((total - 1) * fraction)),"
        "   MIN(CASE WHEN CEIL((total - 1) * fraction) = FLOOR((total - 1) * fraction)"
        "    THEN first ELSE second END) FILTER (WHERE position = FLOOR((total - 1) * fraction)))"
        "   AS high,"
        "  MIN((total - 1) * fraction - FLOOR((total - 1) * fraction)) AS part"
        "  FROM neighbours GROUP BY department_id, fraction)"
        f" SELECT department_id, CAST(NULL AS varchar), {', '.join(['0'] * zeros)}, {spread}"
        " FROM pairs GROUP BY department_id"
    )
    return sql, [*histogram_params, *neighbour_params]


def days(seconds: float) -> float:
    """Seconds as days with one decimal, as the dashboard shows them."""
    return round(seconds / DAY_SECONDS, 1)


def ranked_percentiles(scope: Scope) -> dict[int | None, dict[str, float]]:
    """Interpolated like PostgreSQL's percentile_cont: a window function numbers each
    department's resolved requests by duration, and only the (at most four) rows around each
    percentile's position leave the database; interpolating between two of them is all that is
    left to do here. Portable to SQLite, which has no percentile aggregate.
    """
    duration = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    ranked = (
        ServiceRequest.objects.filter(scope.companies("company__"), scope.current("resolved_at"))
        .order_by()
        .annotate(
            duration=duration,
            position=Window(RowNumber(), partition_by=F("department_id"), order_by=duration.asc()),
            total=Window(Count("*"), partition_by=F("department_id")),
        )
    )
    wanted = Q()
    for fraction in PERCENTILES.values():
        # The 1-based row numbers either side of the 0-based position (total - 1) * fraction.
        position = (F("total") - 1) * Value(fraction)
        wanted |= Q(position=Floor(position) + 1) | Q(position=Ceil(position) + 1)
    rows = ranked.filter(wanted).values_list("department_id", "position", "total", "duration")
    return _interpolate(rows)


def _interpolate(rows) -> dict[int | None, dict[str, float]]:
    """Percentiles from the rows around each position, in days with one decimal."""
    by_department: dict[int | None, dict[int, float]] = {}
    totals: dict[int | None, int] = {}
    for department_id, position, total, duration in rows:
        by_department.setdefault(department_id, {})[position] = (
            duration.total_seconds() / DAY_SECONDS
        )
        totals[department_id] = total
    result = {}
    for department_id, days in by_department.items():
        total = totals[department_id]
        result[department_id] = {}
        for name, fraction in PERCENTILES.items():
            position = (total - 1) * fraction
            lower, upper = math.floor(position) + 1, math.ceil(position) + 1
            value = days[lower] + (position - math.floor(position)) * (days[upper] - days[lower])
            result[department_id][name] = round(value, 1)
    return result
