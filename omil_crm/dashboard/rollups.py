"""Monthly roll-ups of the dashboard's counters, and the job that keeps them.

Why a periodic job with a watermark, and not writes-in-services: the counters come from six
apps and a dozen services, bulk updates, imports, cascading deletes and the admin; the lower
apps may not import the dashboard (tests/test_layers.py), and a service that forgot one call
would silently skew the Encargado's figures. Instead:

- closed months before the watermark (`RollupState.sealed_until`) are read from
  `MonthlyRollup` rows, one per month, counter, park, department, staff member (and company,
  for the «companies contacted» distinct count);
- the last, partial month of the comparison of a period in progress (the same days of the
  month, quarter or year before), and the month in progress up to yesterday (the day before
  while a transaction begun before today is open) and again from the day after tomorrow
  (rows dated ahead), are read from rows of those days, which the job stores (PARTIAL_DAYS,
  rollup_job.py);
- today and tomorrow, other partial months at a period's edges and any month
  written to on a rolled-up day since its roll-up are counted live on those few days' rows.
  Database triggers (migrations omil_crm 0007, 0009, 0016 and 0017) list such months in
  `RollupDirtyMonth` in the writer's own transaction, so a visit back-dated a second ago, or
  a placement starting next week, is on the dashboard at once;
- the job (rollup_job.refresh, from Celery beat) recomputes dirty months and seals each
  month two days after it ends (long after any transaction begun in it has committed);
  `manage.py rebuild_rollups` rebuilds everything or from a month on.

The dashboard's numbers are therefore exactly the live recount's, whatever the job's delay:
a late job only makes the page count more days live. PostgreSQL only (the triggers); on
SQLite nothing is ever sealed and every figure is counted live.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import CharField, Count, F, Func, IntegerField, Min, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from companies.models import FollowUp, Visit
from omil_crm.base.periods import local_midnight
from omil_crm.base.statements import fetch_compiled
from omil_crm.models import MonthlyRollup, RollupDirtyMonth, RollupState
from requests_routing.models import ServiceRequest
from vacancies.models import Placement, ProgrammeOffer, Referral, Vacancy, Workshop

EVERYTHING = date(1, 1, 1)
# A month is sealed this long after it ends: transactions begun in it have committed.
GRACE_DAYS = 2
BATCH = 2000


# The counters of the histogram of days to resolution: «resolved_in:<whole days>».
RESOLVED_IN = "resolved_in:"


class ResolutionDays(Func):
    """Whole days from a request's receipt to its resolution (PostgreSQL). The expression of
    the index request_resolution_days_idx (requests_routing 0016), so the percentiles' reads
    of one department and number of days stay within the index."""

    template = "(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400))::integer"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("resolved_at"), F("received_at"))


def enabled() -> bool:
    return connection.vendor == "postgresql"


class Partial(NamedTuple):
    """A month the roll-ups answer for from its first day to `day` and, for the month in
    progress, again from `resume` to its last day (None: not again)."""

    month: date
    day: int
    resume: int | None = None

    @property
    def last_day(self) -> date:
        """The month's last day answered for."""
        if self.resume is not None:
            return next_month(self.month) - timedelta(days=1)
        return self.month + timedelta(days=self.day - 1)

    def rows(self) -> Q:
        """Its stored rows (the grains «partial_…»), whatever the grain."""
        return Q(month=self.month, through_day=self.day, resume_day=self.resume)

    def days(self, column: str, is_date: bool = False) -> Q:
        """The rows of the days answered for, as one or two ranges of `column`."""
        ranges = [(self.month, self.month + timedelta(days=self.day))]
        if self.resume is not None:
            ranges.append((self.month + timedelta(days=self.resume - 1), next_month(self.month)))
        condition = Q()
        for first, end in ranges:
            if not is_date:
                first, end = local_midnight(first), local_midnight(end)
            condition |= Q(**{f"{column}__gte": first, f"{column}__lt": end})
        return condition


@dataclass(frozen=True)
class Coverage:
    """Which months the roll-ups answer for: every month before `sealed_until`, less the
    dirty ones; and which sealed months they answer for on some of their days (`partials`).
    Nothing when the roll-ups were never built."""

    sealed_until: date | None = None
    dirty: frozenset[date] = field(default_factory=frozenset)
    partials: frozenset[Partial] = field(default_factory=frozenset)
    # Whether this was read from the database (coverage()), not a scope's empty default.
    read: bool = False

    def rolled(self, month: date) -> bool:
        if self.sealed_until is None or EVERYTHING in self.dirty:
            return False
        return month < self.sealed_until and month not in self.dirty

    def partial(self, partial: Partial) -> bool:
        """Whether the roll-ups answer for the days of `partial`: stored, and nothing written
        to the month since (a sealed month, or the month in progress, whose days before and
        after today the triggers mark too)."""
        if partial not in self.partials or self.sealed_until is None:
            return False
        return EVERYTHING not in self.dirty and partial.month not in self.dirty


def _coverage_query(_moment):
    nothing = Cast(None, IntegerField())
    return (
        RollupState.objects.filter(pk=1, sealed_until__isnull=False)
        .annotate(kind=Value("sealed"), day=nothing, resume=nothing)
        .values_list("kind", "sealed_until", "day", "resume")
        .union(
            RollupDirtyMonth.objects.annotate(
                kind=Value("dirty"), day=nothing, resume=nothing
            ).values_list("kind", "month", "day", "resume"),
            MonthlyRollup.objects.filter(grain=PARTIAL_DAYS)
            .annotate(
                kind=Value("partial"),
                day=Cast("through_day", IntegerField()),
                resume=Cast("resume_day", IntegerField()),
            )
            .values_list("kind", "month", "day", "resume"),
            all=True,
        )
    )


def coverage() -> Coverage:
    """The watermark, the dirty months and the partial months, in one query (prepared once
    per connection: it runs before every dashboard computation)."""
    rows = fetch_compiled(("rollup_coverage",), _coverage_query)
    sealed, dirty, partials = None, set(), set()
    for kind, month, day, resume in rows:
        if kind == "sealed":
            sealed = month
        elif kind == "dirty":
            dirty.add(month)
        else:
            partials.add(Partial(month, day, resume))
    return Coverage(sealed if enabled() else None, frozenset(dirty), frozenset(partials), read=True)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


# What is rolled up: (counter, queryset, date column, is it a date?, the path to the park,
# {split: column}, measure, the counter's name when it depends on the row, whether the grain
# «total» is kept). Each counter is stored at the grain «total» and at the grain of each of its
# splits (by department, by staff member), for each park and for the whole office, so each
# dashboard query reads only the few rows it needs.
PARK = "company__park_id"


def _source(
    counter, queryset, column, is_date, park=PARK, measure=None, key=None, totals=True, **splits
):
    return counter, queryset, column, is_date, park, splits, measure, key, totals


def _sources():
    visits = Visit.objects.filter(status=Visit.Status.DONE)
    requests = ServiceRequest.objects.all()
    captured = Vacancy.objects.captured()
    return (
        _source("visits", visits, "happened_at", False, staff_id="staff_id"),
        _source(
            "requests_received",
            requests,
            "received_at",
            False,
            department_id="department_id",
            staff_id="created_by_id",
        ),
        _source("requests_resolved", requests, "resolved_at", False, department_id="department_id"),
        _source("vacancies", captured, "opened_on", True, staff_id="captured_by_id"),
        _source("positions", captured, "opened_on", True, measure=Sum("positions")),
        _source(
            "referrals",
            Referral.objects.all(),
            "referred_at",
            False,
            park=f"vacancy__{PARK}",
            staff_id="referred_by_id",
        ),
        _source(
            "placements",
            Placement.objects.all(),
            "start_date",
            True,
            park=f"referral__vacancy__{PARK}",
            staff_id="recorded_by_id",
        ),
        _source("follow_ups", FollowUp.objects.all(), "done_at", False, staff_id="done_by_id"),
        # Workshops belong to the whole office: counted for it only.
        _source("workshops", Workshop.objects.all(), "date", True, park=None),
        _source(
            "attendees", Workshop.attendees.through.objects.all(), "workshop__date", True, park=None
        ),
        # Grouped by status too: one counter «offer:<status>» each.
        _source(
            "offer",
            ProgrammeOffer.objects.all(),
            "offered_on",
            True,
            key=Concat(Value("offer:"), "status"),
        ),
        # The histogram of whole days to resolution per department, for the percentiles:
        # one counter «resolved_in:<days>» per number of days.
        _source(
            "resolved_in",
            requests.filter(resolved_at__isnull=False),
            "resolved_at",
            False,
            key=Concat(Value(RESOLVED_IN), Cast(ResolutionDays(), CharField())),
            totals=False,
            department_id="department_id",
        ),
    )


def _grouped(rows, names: dict, measure):
    if not names:
        return [rows.aggregate(rollup_total=measure)]
    return rows.values(**names).annotate(rollup_total=measure).iterator(chunk_size=BATCH)


def month_rows(month: date, partial: Partial | None = None):
    """The roll-up rows of one month, source by source, grain by grain. With `partial`, of
    its days only, at the grains «partial_…» (PARTIAL_SPLITS)."""
    whole = Partial(month, (next_month(month) - month).days)
    for counter, queryset, column, is_date, park, splits, measure, key, totals in _sources():
        rows = queryset.filter((partial or whole).days(column, is_date)).order_by()
        grains = [("total", None)] if totals else []
        grains += list(splits.items())
        if partial:
            grains = [(grain, split) for grain, split in grains if grain in PARTIAL_SPLITS]
        for grain, split in grains:
            stored_grain = grain.removesuffix("_id")
            if partial:
                stored_grain = f"partial_{stored_grain}"
            for whole_office in (True, False) if park else (True,):
                # Aliased: «staff_id» and the like may be the source model's own columns.
                names = {}
                if not whole_office:
                    names["rollup_park_id"] = F(park)
                if split:
                    names[f"rollup_{grain}"] = F(split)
                if key is not None:
                    names["rollup_counter"] = key
                for row in _grouped(rows, names, measure or Count("*")):
                    values = {name.removeprefix("rollup_"): value for name, value in row.items()}
                    total = values.pop("total") or 0
                    name = values.pop("counter", counter)
                    if total:
                        yield MonthlyRollup(
                            month=month,
                            counter=name,
                            grain=stored_grain,
                            whole_office=whole_office,
                            through_day=partial.day if partial else None,
                            resume_day=partial.resume if partial else None,
                            value=total,
                            **values,
                        )


def create_rows(rollups) -> int:
    created = 0
    batch = []
    for rollup in rollups:
        batch.append(rollup)
        if len(batch) >= BATCH:
            created += len(MonthlyRollup.objects.bulk_create(batch))
            batch = []
    return created + len(MonthlyRollup.objects.bulk_create(batch))


def rebuild_month(month: date) -> int:
    MonthlyRollup.objects.filter(month=month).exclude(
        grain__in=(COMPANY_YEAR, COMPANY_RANGE, *to_date_grains())
    ).delete()
    return create_rows(month_rows(month))


# «Companies contacted» is a distinct count, not a sum: per year, each company visited has one
# row whose value has bit m - 1 set when it was visited in month m. A period's count is then
# the companies with a bit in the period's months, read off one row per company and year.
COMPANY_YEAR = "company_year"
# And, so that a period's count does not read every company's row, the count itself for each
# run of months within a year (78 runs: January to January, January to February, ...), for
# the whole office and for each park: the row of the run from month a to month b has month
# a and the counter range_key(b).
COMPANY_RANGE = "company_range"


def range_key(last_month: int) -> str:
    return f"visited_to:{last_month:02d}"


def rebuild_company_year(year: int) -> int:
    first, end = date(year, 1, 1), date(year + 1, 1, 1)
    MonthlyRollup.objects.filter(grain=COMPANY_YEAR, month=first).delete()
    visits = Visit.objects.filter(
        status=Visit.Status.DONE,
        happened_at__gte=local_midnight(first),
        happened_at__lt=local_midnight(end),
    )
    sql, params = (
        visits.order_by().values_list("company_id", "company__park_id", "happened_at").query
    ).sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO omil_crm_monthlyrollup"
            " (month, counter, grain, whole_office, park_id, company_id, value)"
            " SELECT %s, 'visited', %s, false, park, company,"
            " bit_or(1 << (EXTRACT(MONTH FROM seen AT TIME ZONE %s)::int - 1))"
            f" FROM ({sql}) AS visits (company, park, seen) GROUP BY company, park",
            [first, COMPANY_YEAR, timezone.get_current_timezone_name(), *params],
        )
        return cursor.rowcount + rebuild_company_ranges(year)


def rebuild_company_ranges(year: int) -> int:
    """Each run of months' count of companies visited, off the year's company rows."""
    first, end = date(year, 1, 1), date(year + 1, 1, 1)
    MonthlyRollup.objects.filter(grain=COMPANY_RANGE, month__gte=first, month__lt=end).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO omil_crm_monthlyrollup"
            " (month, counter, grain, whole_office, park_id, value)"
            " SELECT make_date(%s, runs.a, 1), 'visited_to:' || lpad(runs.b::text, 2, '0'), %s,"
            " GROUPING(yearly.park_id) = 1, yearly.park_id, COUNT(*)"
            " FROM omil_crm_monthlyrollup AS yearly,"
            " (SELECT a, b FROM generate_series(1, 12) AS a, generate_series(1, 12) AS b"
            "  WHERE a <= b) AS runs"
            " WHERE yearly.grain = %s AND yearly.month = %s"
            " AND (yearly.value & ((1 << runs.b) - (1 << (runs.a - 1)))) <> 0"
            " GROUP BY GROUPING SETS ((runs.a, runs.b, yearly.park_id), (runs.a, runs.b))",
            [year, COMPANY_RANGE, COMPANY_YEAR, first],
        )
        return cursor.rowcount


# Grains also kept as running totals from January («<grain>_to_date»): a run of months of a
# year is the difference of two of its rows (rollup_parts.to_date_signs), so a year's staff
# table reads one row per person and activity instead of twelve, the histogram of days to
# resolution one row per department and number of days, and the placements by park one row
# per park and period.
TO_DATE = ("total", "staff", "department")


def to_date_grains() -> tuple[str, ...]:
    return tuple(f"{grain}_to_date" for grain in TO_DATE)


def rebuild_to_date(year: int) -> int:
    """The year's running totals, off its monthly rows: for each month, the sum of the rows
    from January to it (a row from the first month with something to count on)."""
    first, end = date(year, 1, 1), date(year + 1, 1, 1)
    MonthlyRollup.objects.filter(
        grain__in=to_date_grains(), month__gte=first, month__lt=end
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO omil_crm_monthlyrollup"
            " (month, counter, grain, whole_office, park_id, department_id, staff_id, value)"
            " SELECT make_date(%s, upto.m, 1), monthly.counter, monthly.grain || '_to_date',"
            " monthly.whole_office, monthly.park_id, monthly.department_id, monthly.staff_id,"
            " SUM(monthly.value)"
            " FROM omil_crm_monthlyrollup AS monthly"
            " JOIN generate_series(1, 12) AS upto (m)"
            " ON EXTRACT(MONTH FROM monthly.month) <= upto.m"
            " WHERE monthly.grain = ANY(%s) AND monthly.month >= %s AND monthly.month < %s"
            " GROUP BY upto.m, monthly.counter, monthly.grain, monthly.whole_office,"
            " monthly.park_id, monthly.department_id, monthly.staff_id",
            [year, list(TO_DATE), first, end],
        )
        return cursor.rowcount


# Partial months (rollup_job.refresh_partials): one marker row per month stored up to a day,
# read by coverage(); rows at the grains «partial_total», «partial_department» and
# «partial_staff»; the staff rows again from January («partial_staff_ytd»: the staff table of
# a year in progress reads one row per person and activity, not the months before and the
# partial month); and the counts of companies visited up to that day (PARTIAL_RANGE).
PARTIAL_DAYS = "partial_days"
PARTIAL_RANGE = "partial_range"
PARTIAL_SPLITS = ("total", "department_id", "staff_id")
PARTIAL_GRAINS = (
    PARTIAL_DAYS,
    PARTIAL_RANGE,
    "partial_total",
    "partial_department",
    "partial_staff",
    "partial_staff_ytd",
)


def partial_range_key(first_month: int) -> str:
    return f"visited_from:{first_month:02d}"


def first_month_with_data() -> date | None:
    days = []
    for _counter, queryset, column, is_date, *_rest in _sources():
        first = queryset.order_by().aggregate(first=Min(column))["first"]
        if first is not None:
            days.append(first if is_date else timezone.localtime(first).date())
    return month_start(min(days)) if days else None
