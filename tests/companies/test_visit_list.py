"""The list of visits and contacts (/visitas/): filters, full names and dates, export, who may
open it, and a cost that does not grow with the rows."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company, IndustrialPark, Visit
from tests.conftest import make_persona

LIST = reverse("companies:visit_list")
SANTIAGO = ZoneInfo("America/Santiago")


def at(month, day, hour=10, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SANTIAGO)


@pytest.fixture
def visits(company, gestora):
    """In the test park: a field visit on 1 June at 00:15, a call on 30 June at 23:50 by
    another gestora, a visit on 31 May at 23:30 and one planned for 2 July. Outside any park:
    an email on 10 June."""
    colleague = get_user_model().objects.create_user(
        username="fsoto", first_name="Felipe", last_name="Soto Aravena"
    )
    colleague.groups.add(*gestora.groups.all())
    outside = Company.objects.create(rut="96790240-3", legal_name="Transportes Costa Ltda.")
    Visit.objects.create(
        company=company, staff=gestora, happened_at=at(6, 1, 0, 15), summary="Revisión de cupos"
    )
    Visit.objects.create(
        company=company,
        staff=colleague,
        kind=Visit.Kind.CALL,
        happened_at=at(6, 30, 23, 50),
        summary="Llamada por vacantes",
    )
    Visit.objects.create(company=company, staff=gestora, happened_at=at(5, 31, 23, 30))
    Visit.objects.create(
        company=company, staff=gestora, status=Visit.Status.PLANNED, planned_for=at(7, 2)
    )
    Visit.objects.create(
        company=outside, staff=gestora, kind=Visit.Kind.EMAIL, happened_at=at(6, 10)
    )
    return colleague


def total(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 5),
        ("status=done", 4),
        ("status=planned", 1),
        ("happened_from=2026-06-01&happened_until=2026-06-30", 3),
        ("happened_until=2026-05-31", 1),
        ("planned_from=2026-07-02&planned_until=2026-07-02", 1),
        ("kind=call", 1),
        ("company_name=costa", 1),
        ("park=ninguno", 1),
    ],
)
def test_it_filters_the_visits(client, gestora, visits, query, expected):
    client.force_login(gestora)
    assert total(client.get(f"{LIST}?{query}")) == expected


def test_it_filters_by_park_and_by_staff_member(client, gestora, visits, park):
    client.force_login(gestora)
    assert total(client.get(f"{LIST}?park={park.pk}")) == 4
    assert total(client.get(f"{LIST}?staff={visits.pk}")) == 1


def test_it_filters_by_a_staff_member_typed_by_name(client, gestora, visits):
    client.force_login(gestora)
    assert total(client.get(LIST, {"staff": "felipe soto aravena"})) == 1
    content = client.get(LIST, {"staff": visits.pk}).content.decode()
    box = content.split('name="staff"', 1)[1].split(">", 1)[0]
    assert 'value="Felipe Soto Aravena"' in box
    assert "fsoto" not in box


def test_it_shows_full_names_and_full_dates(client, gestora, visits):
    client.force_login(gestora)
    content = client.get(f"{LIST}?kind=call").content.decode()
    assert "Felipe Soto Aravena" in content
    assert "30-06-2026 23:50" in content
    assert "Llamada por vacantes" in content


def test_it_says_how_many_and_which_filters(client, gestora, visits, park):
    client.force_login(gestora)
    content = client.get(f"{LIST}?park={park.pk}&status=done").content.decode()
    assert 'data-count="3"' in content
    assert "Parque: Parque de Prueba" in content
    assert "Estado: Realizada" in content


@pytest.mark.parametrize(
    "query, message",
    [
        ("happened_from=2026-13-45", "Introduzca una fecha válida."),
        ("happened_from=9999-12-31", "Indique una fecha entre el 01-01-1900 y el 31-12-2200."),
        ("staff=99999999999999999999", "Escoja una opción válida."),
    ],
)
def test_it_explains_a_bad_filter_instead_of_failing(client, gestora, visits, query, message):
    client.force_login(gestora)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_exports_what_is_filtered_as_csv(client, gestora, visits):
    client.force_login(gestora)
    response = client.get(reverse("companies:visit_export", args=["csv"]) + "?kind=call")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fecha y hora", "Estado", "Tipo"]
    assert rows[1][:4] == ["30-06-2026 23:50", "Realizada", "Llamada", "Bodegas de Prueba SpA"]
    assert "Felipe Soto Aravena" in rows[1]
    assert len(rows) == 2


def test_it_exports_what_is_filtered_as_xlsx(client, gestora, visits):
    client.force_login(gestora)
    response = client.get(reverse("companies:visit_export", args=["xlsx"]) + "?status=done")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5


def test_an_unknown_export_format_is_not_found(client, gestora, visits):
    client.force_login(gestora)
    assert client.get(reverse("companies:visit_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "encargado"])
def test_the_office_roles_that_see_visits_open_it(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("persona", ["psicologa", "alcaldia"])
def test_it_refuses_the_roles_that_do_not_see_visits(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("companies:visit_export", args=["csv"])).status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{LIST}?status=done").status_code == 200
    return len(queries)


def test_it_costs_the_same_queries_for_many_visits(client, gestora, visits, company):
    client.force_login(gestora)
    few = _queries(client)
    north = IndustrialPark.objects.create(name="Parque Norte", comuna="05107")
    for number in range(20):
        other = Company.objects.create(
            rut=f"{10000000 + number}-0", legal_name=f"Nueva {number}", park=north
        )
        staff = get_user_model().objects.create_user(
            username=f"funcionario{number}", first_name="Funcionario", last_name=f"N.º {number}"
        )
        Visit.objects.create(company=other, staff=staff, happened_at=at(6, 5))
    assert _queries(client) == few


def test_every_filter_and_ordering_is_backed_by_an_index():
    indexed = {tuple(index.fields) for index in Visit._meta.indexes}
    assert {("happened_at",), ("kind", "-happened_at"), ("status", "planned_for")} <= indexed
    assert Visit._meta.get_field("staff").db_index
