"""«Agregar candidatos» ranks consenting people by how well they fit the vacancy, with reasons."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.vacancies.conftest import count_queries, make_person, rows_of
from vacancies.candidate_ranking import rank_candidates, vacancy_terms
from vacancies.models import JobSeeker, Workshop
from vacancies.services import vacancy_create

CONCON, VINA, SANTIAGO = "05103", "05109", "13101"


@pytest.fixture
def forklift(company, gestora):
    """The company stands in the park, in Concón (the park's comuna)."""
    return vacancy_create(
        company=company,
        title="Operador de grúa horquilla",
        requirements="Licencia clase D. Experiencia en bodega.",
        shift="Turnos rotativos 4x4",
        positions=2,
        captured_by=gestora,
    )


@pytest.fixture
def people(psicologa):
    def person(number, first, last, **fields):
        return make_person(number, first, last, consent_by=psicologa, **fields)

    return {
        "abarca": person(10100100, "Aarón", "Abarca", skills="Garzón, atención de público"),
        "cortes": person(
            11200200,
            "Rosa",
            "Cortés",
            skills="Grúa horquilla, bodega",
            comuna=CONCON,
            availability="Turnos, inmediata",
        ),
        "munoz": person(12300300, "Iván", "Muñoz", skills="Grúa horquilla", comuna=SANTIAGO),
        "diaz": person(13400400, "Paula", "Díaz", skills="Cocina", comuna=CONCON),
        "rojas": person(
            14500500,
            "Jorge",
            "Rojas",
            experience="Bodeguero en distribuidora de alimentos",
            comuna=VINA,
        ),
        "soto": person(
            15600600, "Elena", "Soto", skills="Grúa horquilla", availability="Solo mañanas"
        ),
    }


def ranked_names(client, vacancy, query=""):
    html = rows_of(client.get(f"{reverse('vacancies:vacancy_detail', args=[vacancy.pk])}?{query}"),
                   "candidate-table")  # fmt: skip
    return re.findall(r'data-testid="candidate-name">([^<]*)<', html)


def test_the_best_fit_comes_first_not_the_first_in_the_alphabet(as_psicologa, forklift, people):
    names = ranked_names(as_psicologa, forklift)

    assert names == [
        "Rosa Cortés",
        "Iván Muñoz",
        "Elena Soto",
        "Paula Díaz",
        "Jorge Rojas",
        "Aarón Abarca",
    ]


def test_each_candidate_says_why_it_ranks_where_it_does(forklift, people):
    best, *_ = rank_candidates(forklift, JobSeeker.objects.referable())

    assert best.person == people["cortes"]
    assert best.fit_label == "Afinidad alta"
    assert best.reasons == [
        "Habilidades que pide la vacante: grúa, horquilla, bodega",
        "Vive en Concón, la comuna de la empresa",
        "Disponibilidad inmediata",
        "Acepta turnos (la vacante: Turnos rotativos 4x4)",
    ]


def test_experience_and_the_region_count_less_than_skills_and_the_comuna(forklift, people):
    ranked = {c.person.last_name: c for c in rank_candidates(forklift, JobSeeker.objects.all())}

    assert ranked["Rojas"].reasons == [
        "Experiencia relacionada: bodeguero",
        "Vive en Viña del Mar, en la misma región que la empresa",
    ]
    assert ranked["Díaz"].reasons == ["Vive en Concón, la comuna de la empresa"]
    assert ranked["Abarca"].reasons == []


def test_an_availability_that_clashes_with_the_shift_is_a_warning(forklift, people):
    ranked = {c.person.last_name: c for c in rank_candidates(forklift, JobSeeker.objects.all())}

    assert ranked["Soto"].warnings == [
        "Disponibilidad «Solo mañanas» y la vacante pide «Turnos rotativos 4x4»"
    ]
    assert ranked["Soto"].score < ranked["Muñoz"].score


def test_a_job_readiness_workshop_counts(forklift, people, psicologa):
    Workshop.objects.create(
        date=date(2026, 11, 4), topic="Entrevista laboral", facilitator=psicologa
    ).attendees.add(people["munoz"])

    munoz = next(
        c
        for c in rank_candidates(forklift, JobSeeker.objects.all())
        if c.person.last_name == "Muñoz"
    )

    assert "Asistió a un taller de apresto laboral" in munoz.reasons


def test_the_page_shows_the_reasons_and_the_fit(as_psicologa, forklift, people):
    html = rows_of(as_psicologa.get(reverse("vacancies:vacancy_detail", args=[forklift.pk])),
                   "candidate-table")  # fmt: skip

    assert "Afinidad alta" in html
    assert "Vive en Concón, la comuna de la empresa" in html
    assert "Nada en su ficha coincide con la vacante." in html


def test_filters_still_narrow_the_ranked_list(as_psicologa, forklift, people):
    assert ranked_names(as_psicologa, forklift, f"comuna={CONCON}") == ["Rosa Cortés", "Paula Díaz"]


def test_only_consenting_people_are_ranked(as_psicologa, forklift, people):
    JobSeeker.objects.create(
        rut="9876543-3", first_name="Sin", last_name="Consentimiento", skills="Grúa horquilla"
    )

    assert "Sin Consentimiento" not in ranked_names(as_psicologa, forklift)


def test_the_vacancy_words_are_cut_to_stems_without_filler(gestora, company):
    vacancy = vacancy_create(
        company=company,
        title="Soldador MIG",
        requirements="Experiencia deseable en soldadura de estructuras, con licencia vigente.",
        captured_by=gestora,
    )

    assert vacancy_terms(vacancy) == ["solda", "mig", "estru", "licen"]


def test_ranking_costs_no_more_queries_for_many_than_for_few(as_psicologa, forklift, psicologa):
    """With fewer matches than places, one more query fills the list with everyone else."""
    url = reverse("vacancies:vacancy_detail", args=[forklift.pk])
    make_person(16000001, "Uno", "Primero", skills="grúa", consent_by=psicologa)
    few = count_queries(as_psicologa, url)
    for index in range(2, 40):
        make_person(
            16000000 + index,
            f"Persona{index}",
            "Más",
            skills=["grúa horquilla", "bodega", "cocina"][index % 3],
            comuna=[CONCON, VINA, SANTIAGO][index % 3],
            consent_by=psicologa,
        )

    assert count_queries(as_psicologa, url) <= few
