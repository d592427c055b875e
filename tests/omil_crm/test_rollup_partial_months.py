"""A period in progress is compared with the same days of the period before it, and holds the
month in progress; the job rolls up the last, partial month of that comparison to its last day
and the month in progress to yesterday and from tomorrow (and once more from the day after
tomorrow, for the hours after midnight before its next run), so both are read off the
roll-ups but for today, and the dashboard shows exactly what a recount shows."""

from dataclasses import replace
from datetime import date, timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope, dashboard_figures
from omil_crm.dashboard.rollup_job import closed_through, refresh
from omil_crm.dashboard.rollups import PARTIAL_DAYS, Partial, coverage
from omil_crm.models import MonthlyRollup, RollupDirtyMonth, RollupState
from tests.omil_crm.rollup_office import build_office, write_on
from tests.omil_crm.rollup_office import shown as everything_shown

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Los resúmenes del panel son de PostgreSQL; con SQLite el panel cuenta todo en vivo.",
)
TODAY = date(2026, 6, 15)
MAY = date(2026, 5, 1)
JUNE = date(2026, 6, 1)


@pytest.fixture
def office(db):
    return build_office()


def visit(office, day: date, company: int, hour: int = 10):
    write_on(office, "visit", day, hour, company, 0, 0, 1)


def shown(scope: Scope) -> dict:
    return everything_shown(dashboard_figures(scope))


def recount(scope: Scope) -> dict:
    """The figures counted live, as if the roll-ups had never been built."""
    with transaction.atomic():
        RollupState.objects.all().delete()
        figures = shown(scope)
        transaction.set_rollback(True)
    return figures


def read_with_coverage(scope: Scope) -> Scope:
    return replace(scope, coverage=coverage())


def may_and_june(office):
    """May 2026, before and after the comparison's last day (the 15th), and June so far."""
    visit(office, date(2026, 5, 3), company=0)
    # 23:30 in Santiago is the next day in UTC: still the 15th, still compared.
    visit(office, date(2026, 5, 15), company=1, hour=23)
    visit(office, date(2026, 5, 16), company=2)
    for kind, day in (("request", 10), ("placement", 12), ("offer", 14), ("vacancy", 20)):
        write_on(office, kind, date(2026, 5, day), 9, 2, 1, 1, 4)
    visit(office, date(2026, 6, 2), company=0)
    visit(office, date(2026, 6, 9), company=3)


def test_the_month_in_progress_compares_with_the_partial_month_rolled_up(office):
    may_and_june(office)
    refresh(today=TODAY)
    june = Scope(period_containing("mes", TODAY), today=TODAY)

    read = read_with_coverage(june)
    assert read.partial(read.previous) == Partial(MAY, 15)
    assert [figure for _period, figure in read.live_periods()] == ["current"]
    figures = shown(june)
    assert figures == recount(june)
    assert figures["counters"]["visits"] == (2, 2)
    assert figures["counters"]["companies_contacted"] == (2, 2)
    assert figures["counters"]["requests_received"] == (0, 1)
    assert figures["counters"]["placements"] == (0, 1)


def test_each_park_compares_with_its_own_share_of_the_partial_month(office):
    may_and_june(office)
    refresh(today=TODAY)
    for park in office["parks"]:
        scope = Scope(period_containing("mes", TODAY), park, today=TODAY)
        assert read_with_coverage(scope).partial(scope.previous) == Partial(MAY, 15)
        assert shown(scope) == recount(scope)


def test_a_visit_written_in_the_partial_month_counts_at_once(office):
    may_and_june(office)
    refresh(today=TODAY)
    june = Scope(period_containing("mes", TODAY), today=TODAY)

    visit(office, date(2026, 5, 6), company=3)
    assert RollupDirtyMonth.objects.filter(month=MAY).exists()
    assert read_with_coverage(june).partial(june.previous) is None
    assert shown(june)["counters"]["companies_contacted"] == (2, 3)

    refresh(today=TODAY)
    assert read_with_coverage(june).partial(june.previous) == Partial(MAY, 15)
    assert shown(june)["counters"]["companies_contacted"] == (2, 3)
    assert shown(june) == recount(june)


def test_the_next_day_the_comparison_waits_for_the_job_and_then_reads_its_new_day(office):
    may_and_june(office)
    refresh(today=TODAY)
    tomorrow = date(2026, 6, 16)
    june = Scope(period_containing("mes", tomorrow), today=tomorrow)

    # Before the job runs on the 16th, the stored days end on the 15th: the 16th is live.
    read = read_with_coverage(june)
    assert read.partial(read.previous) == Partial(MAY, 15)
    assert [figure for _period, figure in read.live_periods()] == ["current", "previous"]
    assert shown(june)["counters"]["visits"] == (2, 3)
    assert shown(june) == recount(june)

    refresh(today=tomorrow)
    stored = set(
        MonthlyRollup.objects.filter(grain=PARTIAL_DAYS).values_list(
            "month", "through_day", "resume_day"
        )
    )
    # The quarter in progress has run 76 days: it compares with 1 January-18 March. June
    # itself is rolled up to the 15th, and from the 17th and from the 18th.
    assert stored == {
        (MAY, 16, None),
        (date(2026, 3, 1), 18, None),
        (date(2025, 6, 1), 16, None),
        (JUNE, 15, 17),
        (JUNE, 15, 18),
    }
    assert read_with_coverage(june).partial(june.previous) == Partial(MAY, 16)
    assert shown(june)["counters"]["visits"] == (2, 3)
    assert shown(june) == recount(june)


def test_the_job_keeps_the_comparisons_and_the_closed_days_of_the_month_in_progress(office):
    may_and_june(office)
    refresh(today=TODAY)
    stored = set(
        MonthlyRollup.objects.filter(grain=PARTIAL_DAYS).values_list(
            "month", "through_day", "resume_day"
        )
    )
    # 1-15 May 2026; 1 January-17 March 2026, as many days as 1 April-15 June;
    # 1 January-15 June 2025; and June up to the 14th, and from the 16th and from the 17th.
    assert stored == {
        (MAY, 15, None),
        (date(2026, 3, 1), 17, None),
        (date(2025, 6, 1), 15, None),
        (JUNE, 14, 16),
        (JUNE, 14, 17),
    }


def test_a_year_with_a_month_written_to_since_still_reads_its_comparison_whole(office):
    """The period's sealed months broken by a dirty one: «companies contacted» reads every
    company's yearly row for the period, and the comparison's stored count."""
    today = date(2026, 5, 10)
    for year in (2025, 2026):
        for month in range(1, 6):
            visit(office, date(year, month, 4), company=month % 4)
            visit(office, date(year, month, 12), company=(month + 1) % 4)
    refresh(today=today)
    visit(office, date(2026, 2, 20), company=3)
    year = Scope(period_containing("anio", today), today=today)

    read = read_with_coverage(year)
    assert read.partial(read.previous) == Partial(date(2025, 5, 1), 10)
    assert date(2026, 2, 1) not in read.rolled(read.period)
    figures = shown(year)
    assert figures == recount(year)
    # 2025 up to 10 May: four months of two visits, and the visit of 4 May.
    assert figures["counters"]["visits"] == (11, 9)


def test_the_month_in_progress_reads_its_closed_days_off_the_rollups(office):
    may_and_june(office)
    # Yesterday is rolled up (no transaction begun before today is open); today is live,
    # with a company already visited on a rolled-up day.
    visit(office, date(2026, 6, 14), company=2)
    visit(office, date(2026, 6, 15), company=3)
    refresh(today=TODAY)
    june = Scope(period_containing("mes", TODAY), today=TODAY)
    year = Scope(period_containing("anio", TODAY), today=TODAY)

    for scope in (june, year):
        read = read_with_coverage(scope)
        assert read.partial(read.period) == Partial(JUNE, 14, 16)
        assert shown(scope) == recount(scope)
    assert shown(june)["counters"]["visits"] == (4, 2)
    assert shown(june)["counters"]["companies_contacted"] == (3, 2)

    # A visit logged for a closed day: the month is counted live until the job runs again.
    visit(office, date(2026, 6, 10), company=1)
    assert read_with_coverage(june).partial(june.period) is None
    assert shown(june)["counters"]["companies_contacted"] == (4, 2)
    refresh(today=TODAY)
    assert read_with_coverage(june).partial(june.period) == Partial(JUNE, 14, 16)
    assert shown(june)["counters"]["companies_contacted"] == (4, 2)
    assert shown(june) == recount(june)


def june_ahead(office):
    """June's rows dated from today (the 15th) on: a placement starting on the 25th, a
    vacancy opening today (counted live) and an offer made tomorrow, the first day held
    ahead (but in the margin kept for after midnight, which holds June from the 17th)."""
    write_on(office, "placement", date(2026, 6, 25), 9, 1, 1, 1, 2)
    write_on(office, "vacancy", TODAY, 9, 2, 1, 1, 3)
    write_on(office, "offer", date(2026, 6, 16), 9, 3, 1, 1, 4)


def test_the_month_in_progress_reads_its_rows_dated_ahead_off_the_rollups(office):
    may_and_june(office)
    june_ahead(office)
    refresh(today=TODAY)
    june = Scope(period_containing("mes", TODAY), today=TODAY)
    quarter = Scope(period_containing("trimestre", TODAY), today=TODAY)

    for scope in (june, quarter):
        read = read_with_coverage(scope)
        assert read.partial(read.period) == Partial(JUNE, 14, 16)
        assert shown(scope) == recount(scope)
    # The placement of the 25th is in June's stored days, the vacancy of today is not; the
    # offer of tomorrow only in the days stored from tomorrow.
    rows = MonthlyRollup.objects.filter(grain="partial_total", whole_office=True)
    stored = dict(rows.filter(Partial(JUNE, 14, 16).rows()).values_list("counter", "value"))
    margin = dict(rows.filter(Partial(JUNE, 14, 17).rows()).values_list("counter", "value"))
    assert stored["placements"] == margin["placements"] == 1
    assert "vacancies" not in stored
    offers = [counter for counter in stored if counter.startswith("offer:")]
    assert offers
    assert not [counter for counter in margin if counter.startswith("offer:")]
    figures = shown(june)
    assert figures["counters"]["placements"] == (1, 1)
    assert figures["counters"]["vacancies"] == (1, 0)


def test_a_row_written_ahead_counts_at_once_and_is_folded_back_by_the_job(office):
    may_and_june(office)
    june_ahead(office)
    refresh(today=TODAY)
    june = Scope(period_containing("mes", TODAY), today=TODAY)

    write_on(office, "placement", date(2026, 6, 28), 9, 3, 1, 1, 1)
    assert RollupDirtyMonth.objects.filter(month=JUNE).exists()
    assert read_with_coverage(june).partial(june.period) is None
    assert shown(june)["counters"]["placements"] == (2, 1)

    refresh(today=TODAY)
    assert read_with_coverage(june).partial(june.period) == Partial(JUNE, 14, 16)
    assert shown(june)["counters"]["placements"] == (2, 1)
    assert shown(june) == recount(june)


def test_the_days_ahead_serve_until_today_reaches_them(office):
    """Stored on the 15th from the 16th and from the 17th on: on the 16th, before the job's
    first run of the day, the days from the 17th serve; on the 17th, June is counted live
    until the job stores it again."""
    may_and_june(office)
    june_ahead(office)
    refresh(today=TODAY)

    for today, partial in ((date(2026, 6, 16), Partial(JUNE, 14, 17)), (date(2026, 6, 17), None)):
        june = Scope(period_containing("mes", today), today=today)
        assert read_with_coverage(june).partial(june.period) == partial
        assert shown(june) == recount(june)
    refresh(today=date(2026, 6, 17))
    june = Scope(period_containing("mes", date(2026, 6, 17)), today=date(2026, 6, 17))
    assert read_with_coverage(june).partial(june.period) == Partial(JUNE, 16, 18)
    assert shown(june) == recount(june)


def test_yesterday_waits_while_a_transaction_begun_before_today_is_open(db):
    """A transaction begun before midnight may still commit rows of yesterday, which mark
    nothing: while one is open, the job rolls up the month in progress to the day before."""
    # Tomorrow's midnight is after the start of any transaction open now.
    today = timezone.localdate() + timedelta(days=1)
    if today.day == 2:
        today += timedelta(days=1)
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        other.execute("SELECT 1")  # begins its transaction, left open
        assert closed_through(today) == today - timedelta(days=2)
        other.rollback()
        assert closed_through(today) == today - timedelta(days=1)
