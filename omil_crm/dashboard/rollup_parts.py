"""The roll-up half of each dashboard query: the same columns as its live half, summed over
the sealed months, so both travel in one UNION ALL and the page keeps its query count.

Each function takes the park (None: the whole office) and the sealed months of the period
(`current`) and of its comparison (`previous`); an empty list of months reads nothing. Each
also takes the partial month of what it reads (Scope.partial: a rollups.Partial or None; those
reading both periods, one for each), read as a part of its own: its rows are few, and an OR of
both in one part would no longer be an index-only scan.
"""

from datetime import date

from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr

from companies.models import IndustrialPark
from omil_crm.dashboard.rollups import RESOLVED_IN
from omil_crm.models import MonthlyRollup
from requests_routing.models import Department

# A month that never has rows: `month IN ()` is not SQL.
NO_MONTH = date(1, 1, 1)
# Counted for the whole office even when a park is chosen, as their live queries do.
OFFICE_WIDE = ("workshops", "attendees")
COUNTERS = ("vacancies", "positions", "referrals", "requests_received", "requests_resolved")


def union(parts: list):
    """The parts, live and rolled up, as one UNION ALL query (a lone part as itself)."""
    first, *rest = parts
    return first.union(*rest, all=True).order_by() if rest else first


def _months(months) -> Q:
    return Q(month__in=list(months) or [NO_MONTH])


def _sum(months, condition: Q | None = None):
    condition = _months(months) & (condition or Q())
    return Coalesce(Sum("value", filter=condition), 0)


def to_date_signs(months) -> dict[date, int]:
    """The running-total rows («…_to_date» grains) that add up to `months`: each run of
    consecutive months of one year is its last month's row (+1) less the row of the month
    before it (-1), when the run does not start in January."""
    signs: dict[date, int] = {}
    runs: list[list[date]] = []
    for month in sorted(months):
        last = runs[-1][-1] if runs else None
        if last and last.year == month.year and last.month + 1 == month.month:
            runs[-1].append(month)
        else:
            runs.append([month])
    for run in runs:
        first, last = run[0], run[-1]
        signs[last] = signs.get(last, 0) + 1
        if first.month > 1:
            before = first.replace(month=first.month - 1)
            signs[before] = signs.get(before, 0) - 1
    return {month: sign for month, sign in signs.items() if sign}


def _signed(signs: dict[date, int]):
    """A running-total row's value with the sign `signs` gives its month (0 for others)."""
    return F("value") * Case(
        *[When(month=month, then=Value(value)) for month, value in signs.items()],
        default=Value(0),
    )


def _signed_sum(signs: dict[date, int]):
    """The sum of the running-total rows of `signs`, each with its sign."""
    return Coalesce(Sum(_signed(signs)), 0)


def _rows(counters, park_id, months, grain="total", office_wide=()):
    """The rows of `grain` for the whole office (park_id None) or one park's share."""
    if not isinstance(counters, Q):
        counters = Q(counter__in=counters)
    rows = MonthlyRollup.objects.filter(_months(months), counters, grain=grain).order_by()
    if park_id is None:
        return rows.filter(whole_office=True)
    return rows.filter(
        Q(whole_office=False, park_id=park_id) | Q(whole_office=True, counter__in=office_wide)
    )


def _partial(counters, park_id, partial, grain="total", office_wide=()):
    """The rows of `grain` of the partial month `partial` (a rollups.Partial)."""
    return _rows(counters, park_id, [partial.month], f"partial_{grain}", office_wide).filter(
        partial.rows()
    )


def _partials(current_partial, previous_partial, columns=("current", "previous")):
    """(partial month, its figures) for each period with one: the partial's rows sum into
    that period's column (`columns`: the period's, the comparison's), the other is 0."""
    for partial, column in zip((current_partial, previous_partial), columns, strict=True):
        if partial:
            figures = dict.fromkeys(columns, Value(0))
            figures[column] = Sum("value")
            yield partial, figures


def counters(park_id, current, previous, current_partial=None, previous_partial=None) -> list:
    """Parts of (counter, current, previous) of the period counters and programme offers by
    status."""
    wanted = Q(counter__in=COUNTERS + OFFICE_WIDE) | Q(counter__startswith="offer:")
    parts = [
        _rows(wanted, park_id, [*current, *previous], office_wide=OFFICE_WIDE)
        .values("counter")
        .annotate(current=_sum(current), previous=_sum(previous))
        .values_list("counter", "current", "previous")
    ]
    for partial, figures in _partials(current_partial, previous_partial):
        parts.append(
            _partial(wanted, park_id, partial, office_wide=OFFICE_WIDE)
            .values("counter")
            .annotate(**figures)
            .values_list("counter", "current", "previous")
        )
    return parts


def _bits(months) -> Case:
    """Per yearly row, the bits of `months` in that year (bit m - 1 for month m)."""
    masks: dict[date, int] = {}
    for month in months:
        year = date(month.year, 1, 1)
        masks[year] = masks.get(year, 0) | 1 << (month.month - 1)
    whens = [When(month=year, then=Value(mask)) for year, mask in masks.items()]
    return F("value").bitand(Case(*whens, default=Value(0)))


def visited_companies(park_id, current, previous):
    """(company, seen in the period, seen before, 0, 0): above zero when the company was
    visited in a sealed month of the period; one row per company and year."""
    years = {date(month.year, 1, 1) for month in [*current, *previous]}
    rows = MonthlyRollup.objects.filter(
        grain="company_year", whole_office=False, month__in=years or [NO_MONTH]
    )
    if park_id is not None:
        rows = rows.filter(park_id=park_id)
    return (
        rows.order_by()
        .annotate(now_=_bits(current), before_=_bits(previous), zero=Value(0))
        .values_list("company_id", "now_", "before_", "zero", "zero")
    )


def visit_totals(park_id, current, previous, current_partial=None, previous_partial=None):
    """Parts of (NULL, 0, 0, visits in the period, visits before) over the sealed months
    and the partial months."""
    nobody = Value(None, output_field=MonthlyRollup._meta.get_field("company_id"))
    parts = [
        _rows(["visits"], park_id, [*current, *previous])
        .values("counter")
        .annotate(nobody=nobody, zero=Value(0), now_=_sum(current), before_=_sum(previous))
        .values_list("nobody", "zero", "zero", "now_", "before_")
    ]
    for partial, figures in _partials(current_partial, previous_partial, ("now_", "before_")):
        parts.append(
            _partial(["visits"], park_id, partial)
            .values("counter")
            .annotate(nobody=nobody, zero=Value(0), **figures)
            .values_list("nobody", "zero", "zero", "now_", "before_")
        )
    return parts


def _names(model, *zeros):
    """(id, name, zeros...) of every row of `model`: the names of the roll-up parts' ids, in
    the same UNION ALL. A correlated subquery would run once per roll-up row, since the ORM
    groups by it."""
    columns = {f"zero{index}": value for index, value in enumerate(zeros)}
    return model.objects.order_by().annotate(**columns).values_list("pk", "name", *columns)


def placements_by_park(current, previous, current_partial=None, previous_partial=None) -> list:
    """Parts of (park, its name, placements, placements before): the sums for every park and
    outside them (without names), off the running totals (a year is one row per park), and
    the parks' names (with zeros)."""
    park = Cast(None, CharField())
    now, before = to_date_signs(current), to_date_signs(previous)
    sums = (
        MonthlyRollup.objects.filter(
            _months([*now, *before]),
            counter="placements",
            grain="total_to_date",
            whole_office=False,
        )
        .order_by()
        .values("park_id")
        .annotate(park=park, placements=_signed_sum(now), placements_before=_signed_sum(before))
        .values_list("park_id", "park", "placements", "placements_before")
    )
    parts = [sums, _names(IndustrialPark, Value(0), Value(0))]
    columns = ("placements", "placements_before")
    for partial, figures in _partials(current_partial, previous_partial, columns):
        parts.append(
            MonthlyRollup.objects.filter(
                partial.rows(),
                counter="placements",
                grain="partial_total",
                whole_office=False,
            )
            .order_by()
            .values("park_id")
            .annotate(park=park, **figures)
            .values_list("park_id", "park", *columns)
        )
    return parts


DEPARTMENT_COLUMNS = (
    "department_id",
    "name",
    "received",
    "received_before",
    "resolved",
    "resolved_before",
    "overdue",
    "median",
    "p90",
)


def requests_by_department(
    park_id, current, previous, current_partial=None, previous_partial=None
) -> list:
    """Parts with the same columns as the live per-department query: the sums (without
    names; overdue, a snapshot, left at 0, the percentiles empty) and the departments' names
    (with zeros)."""
    received, resolved = Q(counter="requests_received"), Q(counter="requests_resolved")
    counted = ["requests_received", "requests_resolved"]
    zero, nothing = Value(0), Cast(None, FloatField())
    blank = {"name": Cast(None, CharField()), "overdue": zero, "median": nothing, "p90": nothing}
    sums = (
        _rows(counted, park_id, [*current, *previous], grain="department")
        .values("department_id")
        .annotate(
            **blank,
            received=_sum(current, received),
            received_before=_sum(previous, received),
            resolved=_sum(current, resolved),
            resolved_before=_sum(previous, resolved),
        )
        .values_list(*DEPARTMENT_COLUMNS)
    )
    parts = [sums, _names(Department, zero, zero, zero, zero, zero, nothing, nothing)]
    for partial, suffix in ((current_partial, ""), (previous_partial, "_before")):
        if not partial:
            continue
        figures = dict.fromkeys(
            ("received", "received_before", "resolved", "resolved_before"), zero
        )
        figures[f"received{suffix}"] = Coalesce(Sum("value", filter=received), 0)
        figures[f"resolved{suffix}"] = Coalesce(Sum("value", filter=resolved), 0)
        parts.append(
            _partial(counted, park_id, partial, grain="department")
            .values("department_id")
            .annotate(**blank, **figures)
            .values_list(*DEPARTMENT_COLUMNS)
        )
    return parts


# The staff table's activities, by the counter that rolls each one up.
STAFF_COUNTERS = {
    "visits": "visits",
    "requests_received": "requests",
    "vacancies": "vacancies",
    "referrals": "referrals",
    "placements": "placements",
    "follow_ups": "follow_ups",
}


def staff_activity(park_id, current, partial=None) -> list:
    """Parts of (user, counter, total) over the sealed months, off the running totals (a
    year is one row per person and activity), and the partial month. The rows are passed
    on as they are stored, each with its sign: the staff table adds them up per person once,
    and a sum per person and activity in each part first only doubled the work. A total may
    be 0 (the person did something that year, not in the period). As integers: one person's
    counts fit, and PostgreSQL sums integers in a bigint, bigints in a numeric, which took
    half the staff table's time.

    When the partial month follows the period's sealed months, its rows from January on
    («partial_staff_ytd») stand for both: one row per person and activity for a year in
    progress, instead of one for its sealed months and one more for the month in progress."""
    signs = to_date_signs(current)
    grain = "staff"
    if partial and current and max(current) == _month_before(partial.month):
        signs[max(current)] -= 1
        signs = {month: sign for month, sign in signs.items() if sign}
        grain = "staff_ytd"
    parts = []
    if signs:
        parts.append(
            _rows(list(STAFF_COUNTERS), park_id, signs, grain="staff_to_date")
            .filter(staff_id__isnull=False)
            .annotate(total=Cast(_signed(signs), IntegerField()))
            .values_list("staff_id", "counter", "total")
        )
    if partial:
        parts.append(
            _partial(list(STAFF_COUNTERS), park_id, partial, grain=grain)
            .filter(staff_id__isnull=False)
            .annotate(total=Cast("value", IntegerField()))
            .values_list("staff_id", "counter", "total")
        )
    return parts


def _month_before(month: date) -> date:
    """The month before `month`, in the same year (January has none: a date that is no
    month's)."""
    return month.replace(month=month.month - 1) if month.month > 1 else NO_MONTH


def resolution_histogram(park_id, current, partial=None) -> list:
    """Parts of (department, whole days to resolution, requests) over the sealed months of
    the period, off the running totals of the counters «resolved_in:<days>», and over its
    partial month."""
    signs = to_date_signs(current)
    days = Cast(Substr("counter", len(RESOLVED_IN) + 1), IntegerField())
    resolved_in = Q(counter__startswith=RESOLVED_IN)
    parts = [
        _rows(resolved_in, park_id, signs, grain="department_to_date")
        .values("department_id", "counter")
        .annotate(days=days, requests=_signed_sum(signs))
        .values_list("department_id", "days", "requests")
    ]
    if partial:
        parts.append(
            _partial(resolved_in, park_id, partial, grain="department")
            .values("department_id", "counter")
            .annotate(days=days, requests=Sum("value"))
            .values_list("department_id", "days", "requests")
        )
    return parts


def trend(park_id, series, months: list[date], rolled: list[date], partial=None) -> list:
    """Parts of (series, month 0, month 1, ...) over the sealed months among `months` and
    the partial month."""
    per_month = {f"m{index}": _sum(rolled, Q(month=month)) for index, month in enumerate(months)}
    parts = [
        _rows(series, park_id, rolled)
        .values("counter")
        .annotate(**per_month)
        .values_list("counter", *per_month)
    ]
    if partial:
        only = {
            f"m{index}": Sum("value") if month == partial.month else Value(0)
            for index, month in enumerate(months)
        }
        parts.append(
            _partial(series, park_id, partial)
            .values("counter")
            .annotate(**only)
            .values_list("counter", *only)
        )
    return parts
