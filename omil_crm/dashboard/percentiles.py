"""Median and 90th percentile of days to resolution per department, by the database.

On PostgreSQL one grouped part with percentile_cont over the period's resolved requests, read
off the covering index of resolved requests (request_resolved_idx), in the department table's
query: one sort per department, nothing but two numbers per department leaves the database.
Elsewhere (SQLite) a window function numbers the requests and only the rows around each
percentile's position are read.
"""

import math

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    Value,
    Window,
)
from django.db.models.functions import Ceil, Floor, RowNumber

from omil_crm.dashboard.scope import Scope
from requests_routing.models import ServiceRequest

PERCENTILES = {"median": 0.5, "p90": 0.9}
DAY_SECONDS = 86400


class _SecondsPercentile(Aggregate):
    """PostgreSQL's percentile_cont over a duration, in seconds."""

    function = "percentile_cont"
    template = (
        "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    )
    output_field = FloatField()

    def __init__(self, expression, fraction: float):
        super().__init__(expression)
        self.extra["fraction"] = float(fraction)


def seconds_by_department(scope: Scope):
    """PostgreSQL: per department of the period's resolved requests, the median and the 90th
    percentile of their seconds to resolution (values: department_id, median, p90), to travel
    in the same UNION ALL as the department table's counts."""
    duration = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    return (
        ServiceRequest.objects.filter(scope.companies("company__"), scope.current("resolved_at"))
        .order_by()
        .values("department_id")
        .annotate(
            **{
                name: _SecondsPercentile(duration, fraction)
                for name, fraction in PERCENTILES.items()
            },
        )
    )


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
