"""The dashboard keeps the SQL of its queries per period, park and sealed months, never their
rows: what changes in the office, and the passing of time, shows on the next computation."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from companies.models import Company
from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope, dashboard_figures
from requests_routing.models import Department, RequestCategory, ServiceRequest

NOW = datetime(2026, 9, 15, 15, 0, tzinfo=UTC)


def year_of(today: date) -> Scope:
    return Scope(period_containing("anio", date(2026, 1, 1)), today=today)


def test_a_request_written_between_two_computations_is_counted_by_the_second(company):
    with time_machine.travel(NOW, tick=False):
        department = Department.objects.create(name="Tránsito", email="transito@example.cl")
        category = RequestCategory.objects.create(name="Señalética", department=department)
        scope = year_of(NOW.date())
        before = dashboard_figures(scope).current("requests_received")
        ServiceRequest.objects.create(
            reference="SOL-2026-00991",
            company=company,
            category=category,
            department=department,
            subject="Falta un disco Pare en la salida del parque",
            received_at=NOW - timedelta(days=3),
            due_date=NOW.date() + timedelta(days=7),
        )
        after = dashboard_figures(scope)
    assert after.current("requests_received") == before + 1
    [row] = after.requests_by_department
    assert row["department"] == "Tránsito" and row["received"][0] == 1


def test_a_company_passes_into_not_contacted_lately_as_days_go_by(company):
    days = settings.NO_CONTACT_DAYS
    Company.objects.filter(pk=company.pk).update(last_contact_at=NOW - timedelta(days=days - 1))
    with time_machine.travel(NOW, tick=False):
        first = dashboard_figures(year_of(NOW.date()))
    # Two days later the same year's figures: same period, same key, a later «now».
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        later = dashboard_figures(year_of(NOW.date()))
    assert first.current("long_not_contacted") == 0
    assert later.current("long_not_contacted") == 1
    assert first.current("companies") == later.current("companies") == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Sentencias preparadas de PostgreSQL."
)
def test_the_counters_are_planned_once_whatever_the_moment(company):
    """The counters' statement takes «now» as its parameter; each later computation runs
    the plan made the first time instead of planning again (PostgreSQL, left to choose,
    kept planning every run on the benchmark's larger dataset)."""
    scope = year_of(NOW.date())
    for hours in range(4):
        with time_machine.travel(NOW + timedelta(hours=hours), tick=False):
            dashboard_figures(scope)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND parameter_types = '{\"timestamp with time zone\"}'",
            ["%never_contacted%"],
        )
        plans = cursor.fetchall()
    # Other tests' statements may be prepared on the same connection too: none re-planned.
    assert max(generic for generic, _custom in plans) >= 4
    assert [custom for _generic, custom in plans] == [0] * len(plans)
