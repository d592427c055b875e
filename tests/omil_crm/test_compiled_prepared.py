"""The dashboard's queries, kept per period and park, run as statements prepared on each
database connection: the same rows as when sent whole, with the moment bound on every call."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from companies.models import Company, Visit
from omil_crm.base import statements
from omil_crm.base.periods import period_containing
from omil_crm.base.statements import fetch_compiled
from omil_crm.dashboard.figures import Scope, dashboard_figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Las sentencias preparadas son de PostgreSQL."
    ),
]


@pytest.fixture
def contacted(gestora):
    now = timezone.now()
    companies = []
    people = ((5, "Bodegas Uno SpA", "76086428-5"), (90, "Transportes Dos Ltda.", "77123456-9"))
    for days, name, rut in people:
        company = Company.objects.create(legal_name=name, rut=rut)
        Visit.objects.create(
            company=company,
            staff=gestora,
            status=Visit.Status.DONE,
            happened_at=now - timedelta(days=days),
            summary="Visita de rutina",
        )
        company.last_contact_at = now - timedelta(days=days)
        company.save(update_fields=["last_contact_at"])
        companies.append(company)
    return companies


def not_contacted_since(moment):
    def build(moment):
        return (
            Company.objects.filter(last_contact_at__lt=moment)
            .order_by("legal_name")
            .values_list("legal_name")
        )

    return fetch_compiled(("prueba-sin-contacto",), build, moment)


def prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'omil_%%'")
        return {name for (name,) in cursor.fetchall()}


def test_each_call_binds_its_own_moment(contacted):
    now = timezone.now()

    assert not_contacted_since(now - timedelta(days=60)) == [("Transportes Dos Ltda.",)]
    assert not_contacted_since(now) == [("Bodegas Uno SpA",), ("Transportes Dos Ltda.",)]
    assert not_contacted_since(now - timedelta(days=365)) == []
    kept = statements._compiled[("prueba-sin-contacto", timezone.get_current_timezone_name())]
    assert kept.name in prepared_names()


def test_prepared_or_sent_whole_the_dashboard_shows_the_same(contacted):
    year = Scope(period_containing("anio", timezone.localdate()))
    with override_settings(DATABASE_PREPARED=False):
        whole = dashboard_figures(year)
    prepared = dashboard_figures(year)

    assert prepared.counters == whole.counters
    assert prepared.trend == whole.trend
    assert prepared.staff_activity == whole.staff_activity
    assert whole.counters["visits"][0] == 2
    assert whole.counters["long_not_contacted"][0] == 1
    assert prepared_names()
