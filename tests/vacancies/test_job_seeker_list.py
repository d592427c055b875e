"""The job seekers' registry (/personas/): search by name, RUT, skills and comuna."""

import pytest
from django.urls import reverse

from tests.vacancies.conftest import count_queries, linked_names, make_person
from vacancies.models import Workshop

LIST = reverse("vacancies:job_seeker_list")


@pytest.fixture
def people(psicologa):
    return [
        make_person(
            15111222,
            "Camila",
            "Araya",
            comuna="05103",
            skills="Grúa horquilla",
            consent_by=psicologa,
        ),
        make_person(16222333, "Pedro", "Bravo", comuna="05107", skills="Soldadura MIG"),
        make_person(17333444, "Rosa", "Cáceres", comuna="05103", skills="Cocina, aseo"),
    ]


def shown(client, query: str = "") -> list[str]:
    return linked_names(client.get(f"{LIST}?{query}"), "people-table")


def test_the_registry_lists_people_by_surname(as_psicologa, people):
    assert shown(as_psicologa) == ["Araya, Camila", "Bravo, Pedro", "Cáceres, Rosa"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=pedro", ["Bravo, Pedro"]),
        ("q=Rosa+Cáceres", ["Cáceres, Rosa"]),
        ("q=16.222.333", ["Bravo, Pedro"]),
        ("q=16222333-" + "2", []),
        ("skills=soldadura", ["Bravo, Pedro"]),
        ("comuna=05103", ["Araya, Camila", "Cáceres, Rosa"]),
        ("consent=1", ["Araya, Camila"]),
        ("consent=0", ["Bravo, Pedro", "Cáceres, Rosa"]),
        ("workshop=1", ["Cáceres, Rosa"]),
        ("order=-name", ["Cáceres, Rosa", "Bravo, Pedro", "Araya, Camila"]),
    ],
)
def test_the_registry_filters(as_psicologa, people, psicologa, query, expected):
    workshop = Workshop.objects.create(
        date="2026-03-02", topic="Entrevista laboral", facilitator=psicologa
    )
    workshop.attendees.add(people[2])

    assert shown(as_psicologa, query) == expected


def test_a_full_rut_with_its_check_digit_finds_the_person(as_psicologa, people):
    rut = people[1].rut_display

    assert shown(as_psicologa, f"q={rut}") == ["Bravo, Pedro"]


def test_the_comuna_filter_offers_the_comunas_in_use(as_psicologa, people):
    content = as_psicologa.get(LIST).content.decode()

    assert '<option value="05107">Quintero</option>' in content
    assert "Viña del Mar" not in content


def test_bad_filter_values_do_not_break_the_registry(as_psicologa, people):
    response = as_psicologa.get(
        LIST, {"comuna": "Narnia", "consent": "quizás", "order": "rut", "page": "x"}
    )

    assert response.status_code == 200


def test_names_are_escaped(as_psicologa, psicologa):
    make_person(18444555, "<script>alert(1)</script>", "Pérez")

    content = as_psicologa.get(LIST).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_registry_costs_the_same_queries_for_few_and_many(as_psicologa, psicologa):
    make_person(10000001 + 0, "Uno", "Primero", comuna="05103", consent_by=psicologa)
    few = count_queries(as_psicologa, LIST)
    for index in range(1, 25):
        make_person(
            10000001 + index,
            f"Persona{index}",
            "Más",
            comuna=["05103", "05107", "05109", "13120"][index % 4],
            consent_by=psicologa,
        )

    assert count_queries(as_psicologa, LIST) == few


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_roles_without_job_seekers_may_not_search_them(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
