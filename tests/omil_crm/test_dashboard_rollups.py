"""The dashboard read from the monthly roll-ups shows exactly what a live recount shows.

Random visits, requests, vacancies, referrals, placements, follow-ups, workshops and offers
over random months, parks, departments and staff; the roll-ups are rebuilt; every figure of
every scope (months, a quarter, years, each park) must equal the recount. Then rows are
written, moved and deleted in months already rolled up — a second after the rebuild — and the
figures must still equal the recount. Each example runs in a transaction rolled back at its
end; the office it works on is built once.
"""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from companies.models import Company, Visit
from omil_crm.base.periods import Period, period_containing
from omil_crm.dashboard.figures import Scope, dashboard_figures
from omil_crm.dashboard.rollup_job import refresh
from omil_crm.models import MonthlyRollup, RollupDirtyMonth, RollupState
from requests_routing.models import ServiceRequest
from tests.omil_crm.rollup_office import build_office, shown, write_on
from vacancies.models import Workshop

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Los resúmenes del panel son de PostgreSQL; con SQLite el panel cuenta todo en vivo.",
)
TODAY = date(2026, 6, 15)
# November 2025 to June 2026: sealed up to May, June in progress.
MONTHS = [date(2025 + (10 + index) // 12, (10 + index) % 12 + 1, 1) for index in range(8)]
KINDS = ("visit", "request", "vacancy", "referral", "placement", "follow_up", "workshop", "offer")

event = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, len(MONTHS) - 1),  # month
    st.integers(1, 28),  # day
    st.integers(0, 23),  # hour: late evenings cross midnight in UTC
    st.integers(0, 3),  # company (the last one outside any park)
    st.integers(0, 2),  # staff member
    st.integers(0, 1),  # department
    st.integers(0, 40),  # days to resolution, positions, status...
)


@pytest.fixture
def office(db):
    return build_office()


def write(office, kind, month, day, *rest):
    write_on(office, kind, MONTHS[month].replace(day=day), *rest)


def scopes(office):
    for park in [None, *office["parks"]]:
        for kind, day in (
            ("mes", date(2026, 3, 1)),
            ("mes", TODAY),
            ("trimestre", date(2026, 4, 1)),
            ("anio", TODAY),
            ("anio", date(2025, 1, 1)),
        ):
            yield Scope(period_containing(kind, day), park, today=TODAY)
        # Sealed months over two years: «companies contacted» cannot use one stored run of
        # months and reads each company's yearly row instead (dashboard/visit_figures.py).
        yield Scope(Period("rango", date(2025, 11, 10), date(2026, 2, 20)), park, today=TODAY)


def recount(office) -> list[dict]:
    """The figures of every scope counted live: as if the roll-ups had never been built."""
    with transaction.atomic():
        RollupState.objects.all().delete()
        figures = [shown(dashboard_figures(scope)) for scope in scopes(office)]
        transaction.set_rollback(True)
    return figures


def from_rollups(office) -> list[dict]:
    return [shown(dashboard_figures(scope)) for scope in scopes(office)]


@settings(
    max_examples=5,
    deadline=None,
    # Each example rebuilds the roll-ups: shrinking a failure would take many minutes, and
    # the failing example is printed whole anyway.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=st.lists(event, min_size=1, max_size=25),
    after=st.lists(event, max_size=6),
    change=st.booleans(),
)
def test_rollups_show_what_a_recount_shows(office, before, after, change):
    with transaction.atomic():
        for values in before:
            write(office, *values)
        refresh(today=TODAY)
        assert RollupState.objects.get().sealed_until == date(2026, 6, 1)
        assert from_rollups(office) == recount(office)

        # Written a second after the rebuild, some in months already rolled up.
        for values in after:
            write(office, *values)
        if change:
            # A visit cancelled, an attendance deleted: both undo a counted row.
            Visit.objects.filter(pk__in=Visit.objects.order_by("pk").values("pk")[:1]).update(
                status=Visit.Status.CANCELLED
            )
            attendance = Workshop.attendees.through.objects.order_by("pk").first()
            if attendance is not None:
                attendance.delete()
        request = ServiceRequest.objects.order_by("pk").first()
        if request is not None:
            ServiceRequest.objects.filter(pk=request.pk).update(
                received_at=request.received_at - timedelta(days=40),
            )
        assert from_rollups(office) == recount(office)

        # The job folds the dirty months back in; the figures do not move.
        refresh(today=TODAY)
        assert not RollupDirtyMonth.objects.filter(month__lt=date(2026, 6, 1)).exists()
        assert from_rollups(office) == recount(office)
        transaction.set_rollback(True)


def test_a_back_dated_visit_marks_its_month_and_counts_at_once(office):
    """Written in a month already rolled up, a visit is on the dashboard before the job."""
    write(office, "visit", 3, 10, 9, 0, 0, 0, 1)  # February 2026
    refresh(today=TODAY)
    february = Scope(period_containing("mes", MONTHS[3]), today=TODAY)
    assert dashboard_figures(february).counters["visits"] == (1, 0)

    write(office, "visit", 3, 11, 9, 1, 1, 0, 1)
    assert RollupDirtyMonth.objects.filter(month=MONTHS[3]).exists()
    assert dashboard_figures(february).counters["visits"] == (2, 0)
    assert dashboard_figures(february).counters["companies_contacted"] == (2, 0)


def test_a_company_moving_park_sends_every_month_back_to_a_recount(office):
    write(office, "visit", 3, 10, 9, 0, 0, 0, 1)  # February 2026, Gulmué
    refresh(today=TODAY)
    ventanas = office["parks"][1]
    february = Scope(period_containing("mes", MONTHS[3]), ventanas, today=TODAY)
    assert dashboard_figures(february).counters["visits"] == (0, 0)

    Company.objects.filter(pk=office["companies"][0].pk).update(park=ventanas)
    assert dashboard_figures(february).counters["visits"] == (1, 0)
    refresh(today=TODAY)
    assert dashboard_figures(february).counters["visits"] == (1, 0)


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        dashboard_figures(scope)
    return len(queries)


def test_the_year_costs_the_same_queries_from_rollups_as_live(office):
    year = Scope(period_containing("anio", TODAY), today=TODAY)
    for month in range(len(MONTHS)):
        write(office, "visit", month, 5, 10, month % 4, month % 3, 0, 1)
        write(office, "request", month, 6, 10, month % 4, month % 3, month % 2, 5)
    live = _queries(year)
    refresh(today=TODAY)
    assert MonthlyRollup.objects.exists()
    assert _queries(year) == live == 8


def test_the_command_rebuilds_everything_or_from_a_month(office, capsys):
    write(office, "placement", 2, 10, 9, 0, 0, 0, 1)
    call_command("rebuild_rollups")
    assert "resumido hasta" in capsys.readouterr().out
    rows = MonthlyRollup.objects.count()
    call_command("rebuild_rollups", desde="2026-01")
    assert MonthlyRollup.objects.count() == rows  # idempotent


def test_the_command_explains_a_badly_written_month(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("rebuild_rollups", desde="septiembre")


def _plan(sql: str, params: list) -> dict:
    """The plan PostgreSQL runs `sql` with, index scans preferred as on a large table."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


@pytest.mark.django_db(transaction=True)
def test_the_job_leaves_the_rollups_readable_from_their_index_alone(office):
    """Outside a transaction (the periodic job, the command) the roll-ups are vacuumed after
    being written: the dashboard's reads take every column from the index and skip the table,
    which they can only do on pages marked all-visible."""
    for month in range(len(MONTHS)):
        write(office, "visit", month, 5, 10, month % 4, month % 3, 0, 1)
    refresh(today=TODAY)

    staff = _plan(
        "SELECT staff_id, value FROM omil_crm_monthlyrollup"
        " WHERE grain = 'staff_to_date' AND whole_office AND month = %s",
        [MONTHS[-2]],
    )
    # A company visited on a live day, looked up in its yearly row (visit_figures.py).
    yearly = _plan(
        "SELECT park_id, value FROM omil_crm_monthlyrollup"
        " WHERE grain = 'company_year' AND company_id = %s AND month = %s",
        [office["companies"][0].pk, date(2026, 1, 1)],
    )
    # The month in progress, rolled up to the 14th and from the 17th (rollup_job).
    in_progress = _plan(
        "SELECT staff_id, value FROM omil_crm_monthlyrollup"
        " WHERE grain = 'partial_staff' AND whole_office AND month = %s"
        " AND through_day = 14 AND resume_day = 17",
        [MONTHS[-1]],
    )
    for scan in (staff, yearly, in_progress):
        assert scan["Node Type"] == "Index Only Scan"
        assert scan["Actual Rows"] > 0
        assert scan["Heap Fetches"] == 0
