"""The dashboard's median and 90th percentile of days to resolution are PostgreSQL's own
percentile_cont over the period's requests, whether the months are sealed in the roll-ups
(read through the histogram of whole days) or counted live.

Random requests of two departments and two parks, resolved after random times (many on the
same day, ties, a few seconds or several weeks), received from January to June 2026; the
roll-ups seal January to May. Each figure is compared with percentile_cont run on the same
requests.
"""

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from stdnum.cl.rut import calc_check_digit

from companies.models import Company, IndustrialPark
from omil_crm.base.periods import Period, period_containing
from omil_crm.dashboard.figures import Scope, dashboard_figures
from omil_crm.dashboard.percentiles import days
from omil_crm.dashboard.rollup_job import refresh
from requests_routing.models import Department, RequestCategory, ServiceRequest

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="El histograma de días de resolución es de PostgreSQL.",
)
SANTIAGO = ZoneInfo("America/Santiago")
TODAY = date(2026, 6, 20)
SERIAL = count(1)

request = st.tuples(
    st.integers(0, 5),  # month: January to June 2026
    st.integers(1, 28),  # day
    st.integers(0, 23),  # hour
    st.integers(0, 2),  # company: Gulmué, Ventanas, outside any park
    st.integers(0, 1),  # department
    # Time to resolution: a few seconds to seven weeks, often the same whole day.
    st.one_of(
        st.integers(0, 50 * 86400),
        st.sampled_from([0, 59, 3600, 86399, 86400, 3 * 86400 + 7, 3 * 86400 + 43200]),
    ),
)


@pytest.fixture
def office(db):
    parks = [
        IndustrialPark.objects.create(name=name, comuna="05103") for name in ("Gulmué", "Ventanas")
    ]
    companies = []
    for index, park in enumerate([*parks, None]):
        number = 77100000 + index
        companies.append(
            Company.objects.create(
                rut=f"{number}-{calc_check_digit(str(number))}",
                legal_name=f"Maestranza {index}",
                park=park,
            )
        )
    categories = []
    for name in ("Tránsito", "Medio Ambiente"):
        department = Department.objects.create(name=name, email="municipio@example.cl")
        categories.append(
            RequestCategory.objects.create(name=f"Tema {name}", department=department)
        )
    return {"parks": parks, "companies": companies, "categories": categories}


def write(office, month, day, hour, company, department, seconds):
    received = datetime.combine(date(2026, month + 1, day), time(hour, 10), tzinfo=SANTIAGO)
    category = office["categories"][department]
    ServiceRequest.objects.create(
        reference=f"SOL-2026-{next(SERIAL):05d}",
        company=office["companies"][company],
        category=category,
        department=category.department,
        subject="Camiones estacionados en la berma",
        status=ServiceRequest.Status.RESOLVED,
        received_at=received,
        resolved_at=received + timedelta(seconds=seconds),
        due_date=received.date() + timedelta(days=10),
    )


def percentile_cont(scope: Scope) -> dict[str, tuple[float, float]]:
    """Per department name, (median, 90th percentile) in days, by PostgreSQL itself."""
    park = scope.park.pk if scope.park else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT department.name,"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM"
            "  request.resolved_at - request.received_at)),"
            " percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM"
            "  request.resolved_at - request.received_at))"
            " FROM requests_routing_servicerequest AS request"
            " JOIN requests_routing_department AS department"
            "  ON department.id = request.department_id"
            " JOIN companies_company AS company ON company.id = request.company_id"
            " WHERE request.resolved_at >= %s AND request.resolved_at < %s"
            " AND (%s::bigint IS NULL OR company.park_id = %s::bigint)"
            " GROUP BY department.name",
            [scope.period.start, scope.period.end, park, park],
        )
        return {name: (days(median), days(p90)) for name, median, p90 in cursor.fetchall()}


def shown(scope: Scope) -> dict[str, tuple[float, float]]:
    return {
        row["department"]: (row["median"], row["p90"])
        for row in dashboard_figures(scope).requests_by_department
        if row["resolved"][0]
    }


def scopes(office):
    for park in [None, *office["parks"]]:
        for period in (
            period_containing("mes", date(2026, 2, 1)),
            period_containing("mes", TODAY),
            period_containing("trimestre", date(2026, 4, 1)),
            period_containing("anio", TODAY),
            Period("rango", date(2026, 2, 10), date(2026, 6, 20)),
        ):
            yield Scope(period, park, today=TODAY)


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requests=st.lists(request, min_size=1, max_size=40))
def test_percentiles_are_postgresqls_own(office, requests):
    with transaction.atomic():
        for values in requests:
            write(office, *values)
        refresh(today=TODAY)
        for scope in scopes(office):
            assert shown(scope) == percentile_cont(scope), scope
        transaction.set_rollback(True)


def test_a_sealed_month_written_to_is_read_live_with_the_same_percentiles(office):
    for day, seconds in ((3, 86400), (4, 2 * 86400), (5, 10 * 86400), (6, 10 * 86400 + 60)):
        write(office, 2, day, 9, 0, 0, seconds)
    refresh(today=TODAY)
    march = Scope(period_containing("mes", date(2026, 3, 1)), today=TODAY)
    assert shown(march) == {"Tránsito": (6.0, 10.0)}

    # Resolved later than recorded: the month is counted live until the next refresh.
    late = ServiceRequest.objects.order_by("received_at").first()
    ServiceRequest.objects.filter(pk=late.pk).update(
        resolved_at=late.received_at + timedelta(days=20)
    )
    assert shown(march) == percentile_cont(march) == {"Tránsito": (10.0, 17.0)}
