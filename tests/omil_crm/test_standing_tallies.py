"""The dashboard's «today» counts kept by triggers equal a recount after any writes.

Random companies and service requests are created, contacted, closed, reopened, moved between
parks and companies, given new due dates and departments, and deleted, one row or many per
statement, as services, bulk updates and the admin do. After each batch the stored tallies must
equal a recount from the tables, and the dashboard's figures read from them must equal the
figures it counts live.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cl.rut import calc_check_digit

from companies.models import Company, IndustrialPark
from omil_crm.base import statements
from omil_crm.base.periods import period_containing
from omil_crm.dashboard import figures, standing
from omil_crm.dashboard.scope import Scope
from omil_crm.models import StandingTally
from requests_routing.models import Department, RequestCategory, ServiceRequest

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Los conteos del día los llevan disparadores de PostgreSQL; en SQLite no existen.",
)
SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 9, 15, 15, 0, tzinfo=UTC)
OPEN = set(ServiceRequest.OPEN_STATUSES)
SERIAL = count(1)
COLD = "long_not_contacted"


@pytest.fixture
def office(db):
    parks = [
        IndustrialPark.objects.create(name=name, comuna="05103") for name in ("Gulmué", "Ventanas")
    ]
    departments = [
        Department.objects.create(name=name, email=f"{name.lower()}@example.cl")
        for name in ("Obras", "Aseo")
    ]
    categories = [
        RequestCategory.objects.create(name=f"Tema {department.name}", department=department)
        for department in departments
    ]
    return {"parks": [*parks, None], "departments": departments, "categories": categories}


def new_company(park) -> Company:
    number = 76100000 + next(SERIAL)
    return Company.objects.create(
        rut=f"{number}-{calc_check_digit(str(number))}",
        legal_name=f"Maestranza {number}",
        park=park,
    )


def new_request(office, company, department, due_in) -> ServiceRequest:
    return ServiceRequest.objects.create(
        reference=f"SOL-2026-{next(SERIAL):05d}",
        company=company,
        category=office["categories"][department],
        department=office["departments"][department],
        subject="Luminaria apagada en la calle de servicio",
        received_at=NOW - timedelta(days=20),
        due_date=NOW.date() + timedelta(days=due_in),
    )


STATUSES = [status for status, _label in Company.Status.choices]
# Every status but «duplicate», which needs an original to point to.
REQUEST_STATUSES = [
    status
    for status, _label in ServiceRequest.Status.choices
    if status != ServiceRequest.Status.DUPLICATE
]

step = st.tuples(
    st.sampled_from(
        [
            "company",
            "contact",
            "status",
            "move",
            "delete_company",
            "request",
            "request_status",
            "due",
            "department",
            "request_company",
            "delete_request",
            "contact_all",
        ]
    ),
    st.integers(0, 5),  # which row
    st.integers(0, 2),  # park
    st.integers(-200, 30),  # days (a contact's age, a due date's distance)
    st.integers(0, 6),  # a status
)


def apply(office, kind, which, park, days, status):
    companies = list(Company.objects.order_by("pk"))
    requests = list(ServiceRequest.objects.order_by("pk"))
    company = companies[which % len(companies)] if companies else None
    request = requests[which % len(requests)] if requests else None
    moment = NOW + timedelta(days=days, hours=which * 5)
    if kind == "company" or company is None:
        new_company(office["parks"][park])
    elif kind == "contact":
        company.last_contact_at = moment
        company.save(update_fields=["last_contact_at"])
    elif kind == "status":
        Company.objects.filter(pk=company.pk).update(status=STATUSES[status % len(STATUSES)])
    elif kind == "move":
        Company.objects.filter(pk=company.pk).update(park=office["parks"][park])
    elif kind == "delete_company" and not company.service_requests.exists():
        company.delete()
    elif kind == "contact_all":
        # One statement over many rows, as an import does.
        Company.objects.filter(park=office["parks"][park]).update(last_contact_at=moment)
    elif kind == "request" or request is None:
        new_request(office, company, status % 2, days)
    elif kind == "request_status":
        request.status = REQUEST_STATUSES[status % len(REQUEST_STATUSES)]
        request.save(update_fields=["status"])
    elif kind == "due":
        ServiceRequest.objects.filter(pk=request.pk).update(
            due_date=NOW.date() + timedelta(days=days)
        )
    elif kind == "department":
        ServiceRequest.objects.filter(pk=request.pk).update(
            department=office["departments"][status % 2]
        )
    elif kind == "request_company":
        ServiceRequest.objects.filter(pk=request.pk).update(company=company)
    elif kind == "delete_request":
        request.delete()


def stored() -> Counter:
    return Counter(
        {
            (row.counter, row.whole_office, row.park_id, row.department_id, row.day): row.value
            for row in StandingTally.objects.exclude(value=0)
        }
    )


def recounted() -> Counter:
    """The tallies as the tables say they should be."""
    tally = Counter()
    for company in Company.objects.exclude(status=Company.Status.INACTIVE):
        scopes = [(True, None)] + ([(False, company.park_id)] if company.park_id else [])
        if company.last_contact_at is None:
            keys = [("companies_never", None)]
        else:
            keys = [("contacted_on", company.last_contact_at.astimezone(SANTIAGO).date())]
        for whole, park in scopes:
            for counter, day in [("companies", None), *keys]:
                tally[(counter, whole, park, None, day)] += 1
    for request in ServiceRequest.objects.filter(status__in=OPEN).select_related("company"):
        park_id = request.company.park_id
        scopes = [(True, None)] + ([(False, park_id)] if park_id else [])
        for whole, park in scopes:
            for counter, day in [("requests_open", None), ("requests_due_on", request.due_date)]:
                tally[(counter, whole, park, request.department_id, day)] += 1
    return tally


def today_figures(office):
    """The «today» figures of the whole office and each park."""
    shown = []
    for park in office["parks"][:2] + [None]:
        scope = Scope(period_containing("mes", NOW.date()), park, today=NOW.date())
        values, _offers = figures.counters(scope)
        departments = figures.requests_by_department(scope)
        shown.append(
            (
                {
                    key: values[key]
                    for key in ("companies", "never_contacted", "long_not_contacted")
                },
                {row["department_id"]: row["overdue"] for row in departments},
            )
        )
    return shown


def counted_live(office, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(standing, "enabled", lambda: False)
        patch.setattr(statements, "_compiled", {})
        return today_figures(office)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.lists(st.lists(step, min_size=1, max_size=8), min_size=1, max_size=4))
def test_the_tallies_equal_a_recount_after_any_writes(office, monkeypatch, batches):
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        new_company(office["parks"][0])
        for batch in batches:
            for values in batch:
                apply(office, *values)
            assert stored() == recounted()
            monkeypatch.setattr(statements, "_compiled", {})
            assert today_figures(office) == counted_live(office, monkeypatch)
        transaction.set_rollback(True)


def test_a_company_passes_the_no_contact_line_on_the_tallies_too(office, monkeypatch):
    """Contacts on the line's own day, either side of it, as the day moves past them."""
    line = NOW - timedelta(days=django_settings.NO_CONTACT_DAYS)
    for minutes in (-30, -1, 1, 30):
        company = new_company(office["parks"][0])
        company.last_contact_at = line + timedelta(minutes=minutes)
        company.save(update_fields=["last_contact_at"])
    for later in (timedelta(0), timedelta(minutes=10), timedelta(hours=3), timedelta(days=1)):
        with time_machine.travel(NOW + later, tick=False):
            monkeypatch.setattr(statements, "_compiled", {})
            from_tallies = today_figures(office)
            assert from_tallies == counted_live(office, monkeypatch)
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        whole_office = today_figures(office)[-1][0]
    assert whole_office["long_not_contacted"] == (3, 0)


def test_overdue_requests_come_from_the_tallies_in_the_same_query(office, monkeypatch):
    company = new_company(office["parks"][1])
    for due_in in (-3, -1, 0, 4):
        new_request(office, company, 0, due_in)
    with time_machine.travel(NOW, tick=False):
        monkeypatch.setattr(statements, "_compiled", {})
        [_gulmue, ventanas, whole] = today_figures(office)
    obras = office["departments"][0].pk
    assert ventanas[1][obras] == whole[1][obras] == 2


def test_the_rebuild_command_recounts_the_tallies(office, capsys):
    company = new_company(office["parks"][0])
    new_request(office, company, 1, -2)
    StandingTally.objects.all().delete()

    call_command("rebuild_rollups")

    assert stored() == recounted()
    assert stored()[("requests_open", True, None, office["departments"][1].pk, None)] == 1
    assert "Conteos del día recalculados" in capsys.readouterr().out


def test_an_update_that_changes_nothing_counted_writes_no_tally(office):
    company = new_company(office["parks"][0])
    before = list(StandingTally.objects.order_by("pk").values_list("pk", "value"))
    Company.objects.filter(pk=company.pk).update(legal_name="Maestranza Renombrada")
    assert list(StandingTally.objects.order_by("pk").values_list("pk", "value")) == before
    assert date(2026, 1, 1) not in {day for *_key, day in stored()}
