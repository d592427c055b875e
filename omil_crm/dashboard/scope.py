"""What the dashboard counts: a period, what it is compared with, the park, and which of
its months the roll-ups answer for (the rest is counted live)."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from companies.models import IndustrialPark
from omil_crm.base.periods import Period
from omil_crm.dashboard.rollups import Coverage, Partial, coverage, month_start, next_month


@dataclass
class Scope:
    """The period asked for, what it is compared with, and the park (None: the whole office).

    `today` decides the comparison: a period still in progress is compared with the same span
    of the one before it (Period.comparison), so the first days of a month never face a whole
    month.
    """

    period: Period
    park: IndustrialPark | None = None
    today: date = field(default_factory=timezone.localdate)
    # Which months the roll-ups answer for; none until dashboard_figures reads it.
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def previous(self) -> Period:
        """The days the «before» figures count."""
        return self.period.comparison(self.today)

    @property
    def like_for_like(self) -> bool:
        """Whether the comparison is a span of the previous period rather than all of it."""
        return self.previous != self.period.previous()

    @property
    def comparison_text(self) -> str:
        if self.like_for_like:
            return f"Comparado con el mismo tramo del período anterior: {self.previous.span_label}"
        return f"Comparado con el período anterior completo: {self.previous.span_label}"

    def companies(self, prefix: str = "") -> Q:
        """Rows whose company is in the chosen park; `prefix` leads from the row to it."""
        if self.park is None:
            return Q()
        return Q(**{f"{prefix}park": self.park})

    def span(self, name: str, is_date: bool = False) -> Q:
        """Rows of the period or the previous one, on a date or datetime column."""
        both = Period("rango", self.previous.first_day, self.period.last_day)
        return within(both, name, is_date)

    def current(self, name: str, is_date: bool = False) -> Q:
        return within(self.period, name, is_date)

    def before(self, name: str, is_date: bool = False) -> Q:
        return within(self.previous, name, is_date)

    @property
    def park_id(self) -> int | None:
        return None if self.park is None else self.park.pk

    def with_coverage(self) -> "Scope":
        """This scope with the roll-ups' coverage read from the database, unless it was."""
        return self if self.coverage.read else replace(self, coverage=coverage())

    def rolled(self, period: Period) -> list[date]:
        """The months wholly inside `period` that the roll-ups answer for."""
        return [
            month
            for month in period.months()
            if month >= period.first_day
            and next_month(month) - timedelta(days=1) <= period.last_day
            and self.coverage.rolled(month)
        ]

    def partial(self, period: Period) -> Partial | None:
        """The month of `period` the roll-ups answer for on some of its days
        (rollups.PARTIAL_DAYS): the last, partial month of a comparison, or the month in
        progress but for the days around today. Only when every month of the period before
        it is rolled up and the period starts a month of the same year (its count of
        companies visited is stored from each first month of the year on); a month in
        progress only while the days it holds ahead are still ahead of today (the job
        stores them again each day), the one that resumes soonest first."""
        first = period.first_day
        if first != month_start(first):
            return None
        months = period.months()
        rolled = self.rolled(period)
        for partial in sorted(self.coverage.partials, key=_latest_first):
            month = partial.month
            if (
                month in months
                and month not in rolled
                and month.year == first.year
                and partial.last_day <= period.last_day
                and (partial.resume is None or month + timedelta(partial.resume - 1) > self.today)
                and rolled == months[: months.index(month)]
                and self.coverage.partial(partial)
            ):
                return partial
        return None

    def rolled_halves(self) -> tuple[list[date], list[date], Partial | None, Partial | None]:
        """What the roll-up half of a query reads: the sealed months of the period and of
        its comparison, and the partial month of each (Scope.partial)."""
        period, previous = self.period, self.previous
        return (
            self.rolled(period),
            self.rolled(previous),
            self.partial(period),
            self.partial(previous),
        )

    def counts_live(self, period: Period) -> bool:
        """Whether some day of `period` is counted live (not answered by the roll-ups)."""
        months, rolled = period.months(), self.rolled(period)
        if len(rolled) == len(months):
            return False
        partial = self.partial(period)
        if partial is None or len(rolled) + 1 < len(months):
            return True
        if partial.resume is not None and partial.resume > partial.day + 1:
            return True
        return partial.last_day < period.last_day

    def live(self, period: Period, name: str, is_date: bool = False) -> Q:
        """The rows of `period` the roll-ups do not answer for, as a few index ranges."""
        rolled = set(self.rolled(period))
        partial = self.partial(period)
        ranges: list[list[date]] = []
        for month in period.months():
            if month in rolled:
                continue
            first = max(month, period.first_day)
            last = min(next_month(month) - timedelta(days=1), period.last_day)
            if partial and month == partial.month:
                first = month + timedelta(days=partial.day)
                if partial.resume is not None:
                    last = month + timedelta(days=partial.resume - 2)
            if first > last:
                continue
            if ranges and ranges[-1][1] + timedelta(days=1) == first:
                ranges[-1][1] = last
            else:
                ranges.append([first, last])
        if not ranges:
            # An empty range of the indexed column: the part reads no row.
            day = period.first_day
            return within(Period("rango", day, day - timedelta(days=1)), name, is_date)
        condition = Q()
        for first, last in ranges:
            condition |= within(Period("rango", first, last), name, is_date)
        return condition

    def query_key(self, name: str, *more) -> tuple:
        """Everything the SQL of the dashboard query `name` depends on: the period, its
        comparison, the park, the sealed months and today, on which the partial month in
        progress depends (and `more`). The SQL is kept per key
        (omil_crm.base.statements.fetch_compiled)."""
        return (name, self.period, self.previous, self.park_id, self.coverage, self.today, *more)

    def live_current(self, name: str, is_date: bool = False) -> Q:
        return self.live(self.period, name, is_date)

    def live_periods(self) -> list[tuple[Period, str]]:
        """The period and its comparison, those with days counted live, each with the name of
        the figure it counts («current» or «previous»).

        The live half of a query reads each with a part of its own, a plain range of the
        indexed column that the index alone can answer. With both ranges OR-ed in one part,
        PostgreSQL can only combine two bitmaps and visit the table's pages: the 8,781 visits
        of a year in progress at 3× took 28 ms that way, 4 ms from the index.
        """
        both = ((self.period, "current"), (self.previous, "previous"))
        return [(period, figure) for period, figure in both if self.counts_live(period)]


def _latest_first(partial: Partial) -> tuple:
    """The latest month and day first; of one month and day, the one resuming soonest (it
    leaves the fewest days to count live), then the one not resuming."""
    no_resume = partial.resume is None
    return (-partial.month.toordinal(), -partial.day, no_resume, partial.resume or 0)


def within(period: Period, name: str, is_date: bool) -> Q:
    if is_date:
        return Q(**{f"{name}__gte": period.first_day, f"{name}__lte": period.last_day})
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})
