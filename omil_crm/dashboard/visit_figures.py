"""Visits and companies contacted in a period and the one before it (one query).

«Companies contacted» is a distinct count, so sealed months cannot simply be added up. When a
period's sealed months are one run of months within one year (a year so far, a quarter, a
month: the usual case), the count of companies visited in that run is stored
(rollups.rebuild_company_ranges: 78 runs per year and park), and only the companies visited on
the live days are looked up, by index, to see whether that run already counted them: the read
grows with the live days' visits, not with the companies. A period with a partial month
(Scope.partial) reads instead the count stored from its first month to the partial's day, and
a live company was already counted if its yearly row says so or it was visited on those days.
Otherwise (sealed months spread over two years or broken by a dirty month) every company's
yearly row of visited months is read, and a partial month's companies come from its visits.
"""

from datetime import date

from django.db.models import Count, Q, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from companies.models import Visit
from omil_crm.base.statements import fetch_compiled
from omil_crm.dashboard import rollup_parts
from omil_crm.dashboard.rollups import (
    COMPANY_RANGE,
    COMPANY_YEAR,
    PARTIAL_RANGE,
    partial_range_key,
    range_key,
)
from omil_crm.dashboard.scope import Scope
from omil_crm.models import MonthlyRollup

NO_RUN = (date(1, 1, 1), "")


def _run(months: list[date]) -> tuple[date, str] | None:
    """(first month, counter) of the stored range of `months`; NO_RUN when there are none,
    None when they are not one run within a year."""
    if not months:
        return NO_RUN
    first, last = months[0], months[-1]
    if first.year != last.year or last.month - first.month + 1 != len(months):
        return None
    return first, range_key(last.month)


def _mask(months: list[date]) -> tuple[date, int]:
    """The year's row and the bits of `months` in it (bit m - 1 for month m)."""
    if not months:
        return NO_RUN[0], 0
    mask = 0
    for month in months:
        mask |= 1 << (month.month - 1)
    return date(months[0].year, 1, 1), mask


def _by_company(scope: Scope, days: Q, figure: str, visits: bool = True):
    """Per company, its visits on `days` as the union's row: seen (and visited, when
    `visits`) in the period or in its comparison (`figure`)."""
    counts = dict.fromkeys(("seen", "seen_before", "visits", "visits_before"), Value(0))
    mine = ("seen", "visits") if figure == "current" else ("seen_before", "visits_before")
    counts.update(dict.fromkeys(mine[: 2 if visits else 1], Count("*")))
    return (
        Visit.objects.filter(scope.companies("company__"), days, status=Visit.Status.DONE)
        .order_by()
        .values("company_id")
        .annotate(**counts)
        .values_list("company_id", "seen", "seen_before", "visits", "visits_before")
    )


def _live(scope: Scope) -> list:
    """Per company, its visits on the live days of each period: a part per period (see
    Scope.live_periods), so a company visited in both has a row in each."""
    return [
        _by_company(scope, scope.live(period, "happened_at"), figure)
        for period, figure in scope.live_periods()
    ]


def visit_counters(scope: Scope) -> dict[str, tuple[int, int]]:
    """Visits and companies contacted in both periods, by the database in one query."""
    current, previous, now_partial, before_partial = scope.rolled_halves()
    runs = _run(current), _run(previous)

    def build(_moment):
        if None in runs:
            return _from_yearly_rows(scope, current, previous, now_partial, before_partial)
        return _from_ranges(scope, current, previous, runs, now_partial, before_partial)

    [(visits, visits_before, companies, companies_before)] = fetch_compiled(
        scope.query_key("visits"), build
    )
    return {
        "visits": (int(visits), int(visits_before)),
        "companies_contacted": (int(companies), int(companies_before)),
    }


def _stored(run, partial, period) -> Q:
    """The stored count of companies visited in `period`'s rolled-up days: of its run of
    sealed months, or, with a partial month, from its first month to the partial's day."""
    if partial:
        return Q(
            partial.rows(), grain=PARTIAL_RANGE, counter=partial_range_key(period.first_day.month)
        )
    month, key = run
    return Q(grain=COMPANY_RANGE, month=month, counter=key)


def _counted(scope: Scope, months, partial) -> tuple[str, list]:
    """SQL true when the live company `live.company_id` was already counted by the stored
    count: its yearly row (same park) has a bit of the period's sealed months, read from its
    index alone (rollup_company_year_idx; yearly rows are never the whole office's), or it
    was visited on the partial month's rolled-up days (visit_company_idx)."""
    year, mask = _mask(months)
    sql = (
        "EXISTS (SELECT 1 FROM omil_crm_monthlyrollup AS yearly"
        " WHERE yearly.grain = %s"
        " AND yearly.company_id = live.company_id AND yearly.month = %s"
        " AND (yearly.value & %s) <> 0"
        + ("" if scope.park_id is None else " AND yearly.park_id = %s")
        + ")"
    )
    params = [COMPANY_YEAR, year, mask, *([] if scope.park_id is None else [scope.park_id])]
    if partial:
        seen = (
            Visit.objects.filter(partial.days("happened_at"), status=Visit.Status.DONE)
            .filter(company_id=RawSQL("live.company_id", []))
            .values("pk")
        )
        seen_sql, seen_params = seen.query.sql_with_params()
        sql = f"({sql} OR EXISTS ({seen_sql}))"
        params += seen_params
    return sql, params


def _from_ranges(scope: Scope, current, previous, runs, now_partial, before_partial):
    """The stored count of each period's rolled-up days, plus the companies visited on its
    live days that the count did not include."""
    now_rows = _stored(runs[0], now_partial, scope.period)
    before_rows = _stored(runs[1], before_partial, scope.previous)
    ranges = MonthlyRollup.objects.filter(now_rows | before_rows)
    if scope.park_id is None:
        ranges = ranges.filter(whole_office=True)
    else:
        ranges = ranges.filter(whole_office=False, park_id=scope.park_id)
    ranges = (
        ranges.order_by()
        .annotate(key=Value(1))
        .values("key")
        .annotate(
            now_=Coalesce(Sum("value", filter=now_rows), 0),
            before_=Coalesce(Sum("value", filter=before_rows), 0),
        )
        .values_list("now_", "before_")
    )
    totals = rollup_parts.union(
        rollup_parts.visit_totals(scope.park_id, current, previous, now_partial, before_partial)
    )
    live = _live(scope)
    if live:
        live_sql, live_params = rollup_parts.union(live).query.sql_with_params()
    else:
        live_sql, live_params = "SELECT CAST(NULL AS bigint), 0, 0, 0, 0 WHERE false", []
    ranges_sql, ranges_params = ranges.query.sql_with_params()
    totals_sql, totals_params = totals.query.sql_with_params()
    now_counted, now_params = _counted(scope, current, now_partial)
    before_counted, before_params = _counted(scope, previous, before_partial)
    return (
        f"WITH live (company_id, seen, seen_before, visits, visits_before) AS ({live_sql}),"
        f" ranges (now_, before_) AS ({ranges_sql}),"
        f" totals (nobody, zero, zero_, now_, before_) AS ({totals_sql})"
        " SELECT (SELECT COALESCE(SUM(visits), 0) FROM live)"
        " + (SELECT COALESCE(SUM(now_), 0) FROM totals),"
        " (SELECT COALESCE(SUM(visits_before), 0) FROM live)"
        " + (SELECT COALESCE(SUM(before_), 0) FROM totals),"
        " (SELECT COALESCE(SUM(now_), 0) FROM ranges)"
        f" + (SELECT COUNT(*) FROM live WHERE seen > 0 AND NOT {now_counted}),"
        " (SELECT COALESCE(SUM(before_), 0) FROM ranges)"
        f" + (SELECT COUNT(*) FROM live WHERE seen_before > 0 AND NOT {before_counted})",
        [
            *live_params,
            *ranges_params,
            *totals_params,
            *now_params,
            *before_params,
        ],
    )


def _from_yearly_rows(scope: Scope, current, previous, now_partial, before_partial):
    """Every company's yearly row and the live days' visits, grouped by company; the
    companies visited on a partial month's rolled-up days come from the visits (this path is
    the fallback of a period broken by a dirty month).

    Grouping by company first (a hash aggregate) and counting the groups is much cheaper than
    COUNT(DISTINCT company) over every visit, which sorts them all.
    """
    park_id = scope.park_id
    partial_days = [
        _by_company(scope, partial.days("happened_at"), figure, visits=False)
        for partial, figure in ((now_partial, "current"), (before_partial, "previous"))
        if partial
    ]
    parts = rollup_parts.union(
        [
            *_live(scope),
            *partial_days,
            rollup_parts.visited_companies(park_id, current, previous),
            *rollup_parts.visit_totals(park_id, current, previous, now_partial, before_partial),
        ]
    )
    sql, params = parts.query.sql_with_params()
    # A CTE names the union's columns the same way on PostgreSQL and on SQLite (the
    # development database), which has no column list on a subquery's alias.
    return (
        "WITH parts (company_id, seen, seen_before, visits, visits_before)"
        f" AS ({sql})"
        " SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(visits_before), 0),"
        " COUNT(company_id) FILTER (WHERE seen > 0),"
        " COUNT(company_id) FILTER (WHERE seen_before > 0)"
        " FROM (SELECT company_id, SUM(seen) AS seen, SUM(seen_before) AS seen_before,"
        " SUM(visits) AS visits, SUM(visits_before) AS visits_before"
        " FROM parts GROUP BY company_id) AS companies",
        params,
    )
