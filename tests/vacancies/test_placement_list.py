"""The list of placements (/colocaciones/): filters, export, who may open it, and a cost that
does not grow with the rows."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company
from tests.conftest import make_persona
from tests.vacancies.conftest import count_queries, make_person, refer
from vacancies.models import Placement, Referral, Vacancy
from vacancies.services import vacancy_create

LIST = reverse("vacancies:placement_list")


def hire(person, vacancy, psicologa, start, contract=Vacancy.Contract.FIXED_TERM):
    return refer(
        person, vacancy, psicologa, Referral.Stage.HIRED, start_date=start, contract_type=contract
    )


@pytest.fixture
def placements(vacancy, gestora, psicologa):
    """Hired into the test park: Camila from 1 June (indefinite), Jorge from 30 June; outside
    any park: Rosa from 1 July."""
    outside = Company.objects.create(rut="96790240-3", legal_name="Conservas Quintero Ltda.")
    cook = vacancy_create(company=outside, title="Ayudante de cocina", captured_by=gestora)
    camila = make_person(15111222, "Camila", "Araya Pizarro", consent_by=psicologa)
    jorge = make_person(16222333, "Jorge", "Muñoz", consent_by=psicologa)
    rosa = make_person(17333444, "Rosa", "Tapia", consent_by=psicologa)
    hire(camila, vacancy, psicologa, date(2026, 6, 1), Vacancy.Contract.INDEFINITE)
    hire(jorge, vacancy, psicologa, date(2026, 6, 30))
    hire(rosa, cook, psicologa, date(2026, 7, 1))


def total(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 3),
        ("start_from=2026-06-01&start_until=2026-06-30", 2),
        ("contract_type=indefinite", 1),
        ("park=ninguno", 1),
        ("company_name=conservas", 1),
        ("person=tapia", 1),
    ],
)
def test_it_filters_the_placements(as_psicologa, placements, query, expected):
    assert total(as_psicologa.get(f"{LIST}?{query}")) == expected


def test_it_filters_by_park_and_by_who_recorded(as_psicologa, placements, park, psicologa):
    assert total(as_psicologa.get(f"{LIST}?park={park.pk}")) == 2
    assert total(as_psicologa.get(f"{LIST}?recorded_by={psicologa.pk}")) == 3


def test_it_shows_people_by_full_name_and_dates_in_full(as_psicologa, placements):
    content = as_psicologa.get(f"{LIST}?contract_type=indefinite").content.decode()
    assert "Camila Araya Pizarro" in content
    assert "01-06-2026" in content
    assert "Indefinido" in content


def test_it_exports_what_is_filtered(as_encargado, placements):
    url = reverse("vacancies:placement_export", args=["xlsx"]) + "?park=ninguno"
    rows = list(
        load_workbook(io.BytesIO(as_encargado.get(url).content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("Fecha de inicio", "Persona", "RUT")
    assert rows[1][:3] == ("01-07-2026", "Rosa Tapia", "17.333.444-3")
    assert len(rows) == 2


@pytest.mark.parametrize("persona", ["psicologa", "encargado"])
def test_the_roles_that_see_placements_open_it(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "alcaldia"])
def test_it_refuses_the_roles_that_do_not_see_placements(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("vacancies:placement_export", args=["csv"])).status_code == 403


def test_it_costs_the_same_queries_for_many_placements(
    as_psicologa, placements, gestora, psicologa
):
    few = count_queries(as_psicologa, LIST)
    for number in range(15):
        company = Company.objects.create(legal_name=f"Empresa {number}")
        vacancy = vacancy_create(company=company, title="Operario", captured_by=gestora)
        person = make_person(20000000 + number, "Persona", f"N.º {number}", consent_by=psicologa)
        hire(person, vacancy, psicologa, date(2026, 6, 15))
    assert count_queries(as_psicologa, LIST) == few


def test_every_filter_and_ordering_is_backed_by_an_index():
    indexed = {tuple(index.fields) for index in Placement._meta.indexes}
    assert {("-start_date",), ("contract_type", "-start_date"), ("-recorded_at",)} <= indexed
    assert Placement._meta.get_field("recorded_by").db_index
