"""The vacancy list (/vacantes/): filters by company, park, status, open positions and period,
at a constant cost."""

from datetime import date

import pytest
from django.urls import reverse

from companies.models import Company, IndustrialPark
from omil_crm.base.pagination import BoundedPaginator
from tests.vacancies.conftest import count_queries, linked_names, make_person, refer
from vacancies.models import Referral, Vacancy
from vacancies.services import vacancy_create

LIST = reverse("vacancies:vacancy_list")


@pytest.fixture
def vacancies(company, gestora, psicologa):
    """Three vacancies: one open in the test park, one filled, one open in the north park."""
    north = IndustrialPark.objects.create(name="Parque Norte", comuna="05107")
    other = Company.objects.create(legal_name="Conservas del Norte Ltda.", park=north)
    forklift = vacancy_create(
        company=company,
        title="Operador de grúa",
        captured_by=gestora,
        opened_on=date(2026, 1, 10),
        closing_date=date(2026, 2, 10),
    )
    warehouse = vacancy_create(
        company=company,
        title="Bodeguero",
        captured_by=gestora,
        opened_on=date(2026, 2, 15),
        closing_date=date(2026, 3, 1),
    )
    person = make_person(15111222, "Camila", "Araya", consent_by=psicologa)
    refer(person, warehouse, psicologa, Referral.Stage.HIRED)
    cook = vacancy_create(
        company=other,
        title="Ayudante de cocina",
        captured_by=gestora,
        opened_on=date(2026, 3, 5),
        closing_date=date(2026, 4, 5),
        positions=3,
    )
    return forklift, warehouse, cook


def shown(client, query: str = "") -> list[str]:
    return linked_names(client.get(f"{LIST}?{query}"), "vacancy-table")


def test_the_list_shows_the_newest_first(as_gestora, vacancies):
    assert shown(as_gestora) == ["Ayudante de cocina", "Bodeguero", "Operador de grúa"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("company_name=conservas", ["Ayudante de cocina"]),
        ("company_name=bodegas+de+prueba", ["Bodeguero", "Operador de grúa"]),
        ("status=filled", ["Bodeguero"]),
        ("status=open", ["Ayudante de cocina", "Operador de grúa"]),
        ("open_positions=1", ["Ayudante de cocina", "Operador de grúa"]),
        ("open_positions=0", ["Bodeguero"]),
        ("opened_from=2026-02-01", ["Ayudante de cocina", "Bodeguero"]),
        ("opened_from=2026-02-01&opened_until=2026-02-28", ["Bodeguero"]),
        ("order=closing", ["Operador de grúa", "Bodeguero", "Ayudante de cocina"]),
        ("order=-closing", ["Ayudante de cocina", "Bodeguero", "Operador de grúa"]),
        ("order=company", ["Bodeguero", "Operador de grúa", "Ayudante de cocina"]),
    ],
)
def test_the_list_filters(as_gestora, vacancies, query, expected):
    assert shown(as_gestora, query) == expected


def test_the_park_filter(as_gestora, vacancies, park):
    assert shown(as_gestora, f"park={park.pk}") == ["Bodeguero", "Operador de grúa"]


def test_a_company_link_keeps_to_that_company(as_gestora, vacancies, company):
    assert shown(as_gestora, f"company={company.pk}") == ["Bodeguero", "Operador de grúa"]


def test_the_list_counts_hires_against_positions(as_gestora, vacancies):
    table = as_gestora.get(LIST).content.decode().split('data-testid="vacancy-table"')[1]

    assert "1 de 1" in table
    assert "0 de 3" in table


def test_bad_filter_values_do_not_break_the_list(as_gestora, vacancies):
    response = as_gestora.get(
        LIST,
        {
            "opened_from": "ayer",
            "park": "x",
            "status": "abierta",
            "company": "x",
            "order": "captured_by__password",
            "page": "99",
        },
    )

    assert response.status_code == 200


def test_the_list_adds_up_the_positions_it_shows(as_gestora, vacancies):
    total = as_gestora.get(f"{LIST}?status=open").content.decode()
    assert "2 vacantes</span> · 4 puestos" in total
    assert (
        "1 vacante</span> · 3 puestos"
        in as_gestora.get(f"{LIST}?company_name=conservas").content.decode()
    )


def test_past_the_counting_limit_the_list_adds_up_no_positions(as_gestora, vacancies, monkeypatch):
    """Over «más de N» rows neither the rows nor their positions are read to the end."""
    monkeypatch.setattr(BoundedPaginator, "limit", 2)
    page = as_gestora.get(LIST).content.decode()
    assert "más de 2 vacantes" in page
    assert "puestos" not in page


def test_the_list_costs_the_same_queries_for_few_and_many(as_gestora, company, gestora):
    vacancy_create(company=company, title="Primera", captured_by=gestora)
    few = count_queries(as_gestora, LIST + "?open_positions=1")
    for index in range(30):
        park = IndustrialPark.objects.create(name=f"Parque {index}")
        other = Company.objects.create(legal_name=f"Empresa {index}", park=park)
        vacancy_create(company=other, title=f"Cargo {index}", captured_by=gestora)

    assert count_queries(as_gestora, LIST + "?open_positions=1") == few


def test_every_filter_and_ordering_is_backed_by_an_index():
    indexed = {tuple(index.fields) for index in Vacancy._meta.indexes}
    company_indexed = {index.fields[0] for index in Company._meta.indexes if index.fields}

    assert ("status", "-opened_on") in indexed
    assert ("-opened_on",) in indexed
    assert ("closing_date",) in indexed
    assert ("company", "-opened_on") in indexed
    assert {"legal_name", "park"} <= company_indexed


@pytest.mark.django_db
def test_the_administrativa_may_not_see_vacancies(client, administrativa):
    client.force_login(administrativa)

    assert client.get(LIST).status_code == 403
