"""The job that keeps the dashboard's roll-ups (rollups.py says what they are): it recomputes
the months written to since they were sealed, seals the months just ended, and stores the
partial months today's comparisons end in and the month in progress but for the days around
today.

Why partial months: a period in progress is compared with the same days of the one before
it, which end inside a sealed month; and it holds the month in progress. Counted live, the
comparison's days were as many as the period's own, and the month in progress grew with
each day's rows, and with every row dated ahead in it (a placement starting on the 20th).
Rolled up by each run of the job, the comparison is read off the roll-ups alone and the
period counts live only today, and yesterday while a transaction begun before today is open
(closed_through, Scope.partial).
Stored per partial month: a marker row (PARTIAL_DAYS, read by rollups.coverage), rows at the
grains total, department and staff (rollups.PARTIAL_SPLITS), the staff rows from January on
(partial_staff_ytd) and, for «companies contacted», the count of companies visited from each
month of the year to that day (PARTIAL_RANGE).
"""

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from companies.models import Visit
from omil_crm.base.periods import local_midnight, period_containing
from omil_crm.dashboard.rollups import (
    COMPANY_YEAR,
    EVERYTHING,
    GRACE_DAYS,
    PARTIAL_DAYS,
    PARTIAL_GRAINS,
    PARTIAL_RANGE,
    Partial,
    create_rows,
    enabled,
    first_month_with_data,
    month_rows,
    month_start,
    next_month,
    rebuild_company_year,
    rebuild_month,
    rebuild_to_date,
)
from omil_crm.models import MonthlyRollup, RollupDirtyMonth, RollupState

# The kinds of period whose comparison, while they are in progress, ends inside a month.
PARTIAL_KINDS = ("mes", "trimestre", "anio")


def refresh(since: date | None = None, everything: bool = False, today: date | None = None) -> str:
    """Recompute the dirty months, seal the months just ended; with `everything` (or the
    first time) rebuild every month, with `since` every month from that one on.

    One transaction: the dashboard sees the old roll-ups or the new ones, never half. The
    dirty rows are deleted first, so a write racing with the job either is seen by it or
    marks its month dirty again (the triggers lock the dirty row they touch).
    """
    if not enabled():
        return "Los resúmenes del panel requieren PostgreSQL; el panel cuenta en vivo."
    today = today or timezone.localdate()
    sealable = month_start(today - timedelta(days=GRACE_DAYS))
    with transaction.atomic():
        state, _created = RollupState.objects.select_for_update().get_or_create(pk=1)
        dirty = set(
            RollupDirtyMonth.objects.filter(month__lt=sealable).values_list("month", flat=True)
        )
        RollupDirtyMonth.objects.filter(month__in=dirty).delete()
        if everything or state.sealed_until is None or EVERYTHING in dirty:
            start = first_month_with_data() or sealable
            MonthlyRollup.objects.all().delete()
            months = _months(start, sealable)
        else:
            months = {month for month in dirty if month != EVERYTHING}
            months |= set(_months(state.sealed_until, sealable))
            if since is not None:
                months |= set(_months(month_start(since), sealable))
        rows = sum(rebuild_month(month) for month in sorted(months))
        years = {month.year for month in months}
        for year in sorted(years):
            rows += rebuild_company_year(year) + rebuild_to_date(year)
        rows += refresh_partials(today, sealable, years)
        state.sealed_until = sealable
        state.refreshed_at = timezone.now()
        state.save()
    if rows:
        # Fresh statistics: the planner otherwise guesses one row and picks poor plans. And,
        # outside a transaction (the periodic job, the command), VACUUM: the dashboard reads
        # the roll-ups by index only, which skips the table only for pages marked all-visible.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} omil_crm_monthlyrollup")
    return f"{len(months)} meses resumidos ({rows} filas); resumido hasta {sealable:%Y-%m}."


def _months(first: date, until: date) -> list[date]:
    months, month = [], first
    while month < until:
        months.append(month)
        month = next_month(month)
    return months


def wanted_partials(today: date, sealable: date, last_closed: date) -> set[Partial]:
    """The partial month of each of today's comparisons that ends inside a sealed month, and
    the month in progress up to `last_closed` (closed_through) and again from tomorrow to its
    end, and once more from GRACE_DAYS after today. The triggers mark the month when any of
    those days is written. The dashboard reads the first while tomorrow is still ahead
    (Scope.partial), so only today is counted live; the second, with its day of margin,
    serves after midnight until the job's first run of the next day."""
    in_progress = month_start(last_closed)
    wanted = set()
    for days_ahead in (1, GRACE_DAYS):
        resume = today + timedelta(days=days_ahead)
        ahead = resume.day if month_start(resume) == in_progress else None
        wanted.add(Partial(in_progress, last_closed.day, ahead))
    for kind in PARTIAL_KINDS:
        last = period_containing(kind, today).comparison(today).last_day
        month = month_start(last)
        if month < sealable and last < next_month(month) - timedelta(days=1):
            wanted.add(Partial(month, last.day))
    return wanted


def closed_through(today: date) -> date:
    """The last day of the month in progress the job rolls up: yesterday, once no
    transaction begun before today is still open on the database; otherwise the day before
    (GRACE_DAYS, as for sealing months).

    Today's rows mark nothing (the triggers cannot tell today's write from one still to
    come), so a transaction begun yesterday could still commit rows of yesterday that the
    job would miss. Once every transaction begun before midnight has ended, yesterday's rows
    are all committed, and any later write to yesterday marks the month. A session this
    connection cannot see (another role without pg_read_all_stats) counts as open. On the
    second of a month, yesterday and the day before are in different months: the day before
    (the month just ended, not sealed yet, is read whole off its partial month)."""
    before = today - timedelta(days=GRACE_DAYS)
    yesterday = today - timedelta(days=1)
    if month_start(yesterday) != month_start(before):
        return before
    with connection.cursor() as cursor:
        # The sessions' states are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend' AND (state IS NULL OR xact_start < %s))",
            [local_midnight(today)],
        )
        [[open_since_yesterday]] = cursor.fetchall()
    return before if open_since_yesterday else yesterday


def refresh_partials(today: date, sealable: date, rebuilt_years: set[int]) -> int:
    """Store the partial months the dashboard reads today, drop those no longer needed.

    A partial month is rebuilt when missing (rebuild_month deleted it with its month, or the
    day moved on), when its year's company rows were rebuilt (its counts of companies visited
    read them), or when the month in progress was written to on a day already rolled up (the
    triggers mark it; the mark is cleared first, as for sealed months, so a write racing with
    the job marks it again)."""
    wanted = wanted_partials(today, sealable, closed_through(today))
    kept = Q(pk__in=[])
    for partial in wanted:
        kept |= partial.rows()
    MonthlyRollup.objects.filter(grain__in=PARTIAL_GRAINS).exclude(kept).delete()
    open_months = {partial.month for partial in wanted if partial.month >= sealable}
    written = set(
        RollupDirtyMonth.objects.filter(month__in=open_months).values_list("month", flat=True)
    )
    RollupDirtyMonth.objects.filter(month__in=written).delete()
    stored = {
        Partial(*row)
        for row in MonthlyRollup.objects.filter(grain=PARTIAL_DAYS).values_list(
            "month", "through_day", "resume_day"
        )
    }
    rows = 0
    for partial in sorted(wanted, key=lambda partial: partial[:2]):
        month = partial.month
        if partial not in stored or month.year in rebuilt_years or month in written:
            rows += rebuild_partial(partial)
    return rows


def rebuild_partial(partial: Partial) -> int:
    MonthlyRollup.objects.filter(partial.rows(), grain__in=PARTIAL_GRAINS).delete()
    rows = create_rows(month_rows(partial.month, partial))
    rows += _rebuild_partial_staff_ytd(partial) + _rebuild_partial_ranges(partial)
    MonthlyRollup.objects.create(
        month=partial.month,
        counter="days",
        grain=PARTIAL_DAYS,
        whole_office=True,
        through_day=partial.day,
        resume_day=partial.resume,
        value=partial.day,
    )
    return rows + 1


def _rebuild_partial_staff_ytd(partial: Partial) -> int:
    """The partial month's staff rows added to the running totals of the month before it, in
    the same year (built before this, in the same run)."""
    month = partial.month
    before = month_start(month - timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO omil_crm_monthlyrollup (month, counter, grain, whole_office, park_id,"
            " staff_id, through_day, resume_day, value)"
            " SELECT %s, counter, 'partial_staff_ytd', whole_office, park_id, staff_id, %s, %s,"
            " SUM(value) FROM omil_crm_monthlyrollup"
            " WHERE (grain = 'staff_to_date' AND month = %s AND %s)"
            " OR (grain = 'partial_staff' AND month = %s AND through_day = %s"
            " AND resume_day IS NOT DISTINCT FROM %s)"
            " GROUP BY counter, whole_office, park_id, staff_id",
            [
                month,
                partial.day,
                partial.resume,
                before,
                before.year == month.year,
                month,
                partial.day,
                partial.resume,
            ],
        )
        return cursor.rowcount


def _rebuild_partial_ranges(partial: Partial) -> int:
    """For each month a of the year up to the partial's: the companies visited from a's
    first day to the partial's days. Each company's visited months before the partial's come
    from its yearly row (rebuilt before this, in the same run), those visited on the
    partial's days from the visits."""
    month, day = partial.month, partial.day
    visits = Visit.objects.filter(partial.days("happened_at"), status=Visit.Status.DONE)
    sql, params = (
        visits.order_by().values_list("company_id", "company__park_id").query
    ).sql_with_params()
    number = month.month
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO omil_crm_monthlyrollup"
            " (month, counter, grain, whole_office, park_id, through_day, resume_day, value)"
            " SELECT %s, 'visited_from:' || lpad(runs.a::text, 2, '0'), %s,"
            " GROUPING(companies.park) = 1, companies.park, %s, %s, COUNT(*)"
            " FROM (SELECT company, park, bit_or(bits) AS bits FROM ("
            "  SELECT company_id, park_id, value & %s FROM omil_crm_monthlyrollup"
            "  WHERE grain = %s AND month = %s"
            f"  UNION ALL SELECT company, park, %s FROM ({sql}) AS visits (company, park)"
            " ) AS seen (company, park, bits) GROUP BY company, park) AS companies,"
            " generate_series(1, %s) AS runs (a)"
            " WHERE (companies.bits & ((1 << %s) - (1 << (runs.a - 1)))) <> 0"
            " GROUP BY GROUPING SETS ((runs.a, companies.park), (runs.a))",
            [
                month,
                PARTIAL_RANGE,
                day,
                partial.resume,
                (1 << (number - 1)) - 1,
                COMPANY_YEAR,
                date(month.year, 1, 1),
                1 << (number - 1),
                *params,
                number,
                number,
            ],
        )
        return cursor.rowcount
