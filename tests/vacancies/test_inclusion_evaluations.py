"""Functional evaluations of a person and job analyses of a vacancy (Ley 21.015): written by
the Psicóloga, read by her and the Encargado, each reading logged; an evaluation of a person
who withdrew their consent stays in the list, sealed, so the list matches the report."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import count_queries, make_person
from tests.vacancies.inclusion_data import give_inclusion_consent, withdraw_inclusion_consent
from vacancies.consent_models import Consent
from vacancies.inclusion_models import FunctionalEvaluation, InclusionRead, JobAnalysis
from vacancies.inclusion_services import (
    NO_CONSENT,
    functional_evaluation_create,
    job_analysis_create,
)

FINDINGS = "Autonomía completa en tareas de embalaje; fatiga tras dos horas de pie."


@pytest.fixture
def included(consenting, psicologa):
    give_inclusion_consent(consenting, psicologa)
    return consenting


@pytest.fixture
def evaluation(included, psicologa):
    return functional_evaluation_create(
        job_seeker=included, evaluator=psicologa, findings=FINDINGS, suitable_tasks="Embalaje"
    )


def detail(evaluation):
    return reverse("vacancies:functional_evaluation_detail", args=[evaluation.pk])


def test_the_psicologa_records_an_evaluation_and_reads_it(as_psicologa, included, psicologa):
    response = as_psicologa.post(
        reverse("vacancies:functional_evaluation_create", args=[included.pk]),
        {"evaluated_on": timezone.localdate().isoformat(), "findings": FINDINGS},
        follow=True,
    )

    assert FINDINGS in response.content.decode()
    evaluation = FunctionalEvaluation.objects.get(job_seeker=included)
    assert InclusionRead.objects.filter(functional_evaluation=evaluation).count() == 1


def test_an_evaluation_without_consent_is_refused_in_spanish(consenting, psicologa):
    with pytest.raises(ValidationError) as refused:
        functional_evaluation_create(job_seeker=consenting, evaluator=psicologa, findings="X")

    assert refused.value.messages == [NO_CONSENT]
    assert not FunctionalEvaluation.objects.exists()


def test_an_evaluation_in_the_future_is_refused(as_psicologa, included):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_psicologa.post(
        reverse("vacancies:functional_evaluation_create", args=[included.pk]),
        {"evaluated_on": tomorrow.isoformat(), "findings": FINDINGS},
    )

    assert "no puede ser futura" in response.content.decode()
    assert not FunctionalEvaluation.objects.exists()


def test_every_reading_is_logged(client, encargado, evaluation):
    client.force_login(encargado)
    client.get(detail(evaluation))
    client.get(detail(evaluation))

    assert (
        InclusionRead.objects.filter(functional_evaluation=evaluation, reader=encargado).count()
        == 2
    )


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "alcaldia"])
def test_other_roles_are_refused(client, persona, evaluation, vacancy, request):
    analysis = job_analysis_create(
        vacancy=vacancy, analyst=evaluation.evaluator, suitable=True, physical_demands="Carga"
    )
    client.force_login(request.getfixturevalue(persona))

    for url in (
        detail(evaluation),
        reverse("vacancies:functional_evaluation_list"),
        reverse("vacancies:functional_evaluation_create", args=[evaluation.job_seeker.pk]),
        reverse("vacancies:job_analysis_detail", args=[analysis.pk]),
        reverse("vacancies:job_analysis_list"),
        reverse("vacancies:job_analysis_create", args=[vacancy.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert not InclusionRead.objects.exists()


def test_a_sealed_evaluation_shows_nothing_and_stays_in_the_list(
    as_psicologa, evaluation, psicologa
):
    other = make_person(15000000, "Marta", "Rojas", consent_by=psicologa)
    give_inclusion_consent(other, psicologa)
    functional_evaluation_create(job_seeker=other, evaluator=psicologa, findings="Visible")
    withdraw_inclusion_consent(evaluation.job_seeker, psicologa)

    sealed = as_psicologa.get(detail(evaluation)).content.decode()
    listed = as_psicologa.get(reverse("vacancies:functional_evaluation_list")).content.decode()

    assert "Datos sellados: la persona retiró su consentimiento el" in sealed
    assert FINDINGS not in sealed
    assert not InclusionRead.objects.exists()
    assert 'data-count="2"' in listed
    assert listed.count('data-testid="sealed-row"') == 1
    assert "Marta Rojas" in listed and "Luis Tapia" not in listed


def test_the_psicologa_analyses_a_vacancy_position(as_psicologa, vacancy, psicologa):
    response = as_psicologa.post(
        reverse("vacancies:job_analysis_create", args=[vacancy.pk]),
        {
            "analysed_on": timezone.localdate().isoformat(),
            "physical_demands": "Levantar cajas de hasta 10 kg.",
            "accessibility": "Bodega a nivel de calle, sin escaleras.",
            "suitable": "1",
        },
        follow=True,
    )

    shown = response.content.decode()
    assert "Bodega a nivel de calle, sin escaleras." in shown
    analysis = JobAnalysis.objects.get(vacancy=vacancy)
    assert analysis.suitable is True
    assert InclusionRead.objects.filter(job_analysis=analysis, reader=psicologa).count() == 1
    vacancy_page = as_psicologa.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))
    assert 'data-testid="vacancy-job-analyses"' in vacancy_page.content.decode()


def test_a_job_analysis_needs_a_demand_and_an_answer(as_psicologa, vacancy):
    response = as_psicologa.post(reverse("vacancies:job_analysis_create", args=[vacancy.pk]), {})

    shown = response.content.decode()
    assert "Indique si el puesto es adecuado." in shown
    response = as_psicologa.post(
        reverse("vacancies:job_analysis_create", args=[vacancy.pk]),
        {"analysed_on": timezone.localdate().isoformat(), "suitable": "0"},
    )
    assert "Describa al menos una exigencia del puesto." in response.content.decode()
    assert not JobAnalysis.objects.exists()


def test_the_gestora_does_not_see_job_analyses_on_the_vacancy(client, gestora, vacancy):
    client.force_login(gestora)

    shown = client.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk])).content.decode()

    assert 'data-testid="vacancy-job-analyses"' not in shown


def test_the_lists_run_the_same_queries_whatever_their_rows(as_psicologa, psicologa, vacancy):
    lists = [
        reverse("vacancies:functional_evaluation_list"),
        reverse("vacancies:job_analysis_list"),
    ]

    def add(number):
        person = make_person(16000000 + number, "Ana", f"Soto {number}", consent_by=psicologa)
        give_inclusion_consent(person, psicologa)
        functional_evaluation_create(job_seeker=person, evaluator=psicologa, findings="Apta")
        job_analysis_create(
            vacancy=vacancy, analyst=psicologa, suitable=True, physical_demands="Carga"
        )

    add(0)
    one = [count_queries(as_psicologa, url) for url in lists]
    for number in range(1, 5):
        add(number)
    withdraw_inclusion_consent(Consent.objects.last().job_seeker, psicologa)

    assert [count_queries(as_psicologa, url) for url in lists] == one
