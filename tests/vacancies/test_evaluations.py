"""Psycho-labour evaluations: written and read only by the Psicóloga and the Encargado, every
read logged; other roles get 403 and never see them in pages, exports or search."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import refer
from vacancies.models import Evaluation, EvaluationRead

SECRET = "Presenta ansiedad marcada ante la autoridad."


@pytest.fixture
def evaluation(consenting, psicologa):
    return Evaluation.objects.create(
        job_seeker=consenting,
        psychologist=psicologa,
        evaluated_on=date(2026, 5, 4),
        result="not_suitable",
        notes=SECRET,
    )


def create_url(person) -> str:
    return reverse("vacancies:evaluation_create", args=[person.pk])


def detail_url(evaluation) -> str:
    return reverse("vacancies:evaluation_detail", args=[evaluation.pk])


# Writing


def test_the_psicologa_records_an_evaluation(as_psicologa, consenting, vacancy, psicologa):
    referral = refer(consenting, vacancy, psicologa)

    response = as_psicologa.post(
        create_url(consenting),
        {
            "evaluated_on": "2026-05-04",
            "referral": referral.pk,
            "result": "suitable",
            "notes": "Buen manejo de conflictos.",
        },
        follow=True,
    )

    evaluation = Evaluation.objects.get()
    assert (evaluation.job_seeker, evaluation.referral, evaluation.psychologist) == (
        consenting,
        referral,
        psicologa,
    )
    assert (evaluation.result, evaluation.notes) == ("suitable", "Buen manejo de conflictos.")
    assert "Evaluación de Luis Tapia registrada." in response.content.decode()


def test_the_form_offers_only_the_persons_own_referrals(
    as_psicologa, consenting, vacancy, psicologa
):
    from tests.vacancies.conftest import make_person

    other = make_person(15111222, "Camila", "Araya", consent_by=psicologa)
    foreign = refer(other, vacancy, psicologa)

    response = as_psicologa.post(
        create_url(consenting), {"referral": foreign.pk, "result": "suitable"}
    )

    assert "Escoja una opción válida" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_an_evaluation_dated_in_the_future_is_refused(as_psicologa, consenting):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_psicologa.post(
        create_url(consenting), {"evaluated_on": tomorrow.isoformat(), "result": "suitable"}
    )

    assert "La fecha de la evaluación no puede ser futura." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_an_evaluation_needs_a_result(as_psicologa, consenting):
    response = as_psicologa.post(create_url(consenting), {"evaluated_on": "2026-05-04"})

    assert "Este campo es obligatorio." in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa", "encargado"])
def test_other_roles_may_not_write_evaluations(client, request, consenting, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(create_url(consenting), {"result": "suitable"})

    assert response.status_code == 403
    assert not Evaluation.objects.exists()


# Reading


@pytest.mark.parametrize("persona", ["psicologa", "encargado"])
def test_a_reader_sees_the_evaluation_and_the_read_is_logged(client, request, evaluation, persona):
    reader = request.getfixturevalue(persona)
    client.force_login(reader)

    content = client.get(detail_url(evaluation)).content.decode()

    assert "No recomendable" in content
    assert SECRET in content
    read = EvaluationRead.objects.get()
    assert (read.evaluation, read.reader) == (evaluation, reader)
    assert timezone.now() - read.read_at < timedelta(minutes=1)


def test_every_opening_is_logged(as_psicologa, evaluation):
    as_psicologa.get(detail_url(evaluation))
    as_psicologa.get(detail_url(evaluation))

    assert EvaluationRead.objects.count() == 2


def test_the_encargado_sees_who_read_it(client, evaluation, psicologa, encargado):
    client.force_login(psicologa)
    client.get(detail_url(evaluation))
    client.force_login(encargado)

    content = client.get(detail_url(evaluation)).content.decode()

    reads = content.split('data-testid="evaluation-reads"', 1)[1]
    assert reads.count("<li") == 2
    assert "Psicologa" in reads


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_other_roles_get_403_and_nothing_is_logged(client, request, evaluation, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(detail_url(evaluation))

    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert not EvaluationRead.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_evaluations_never_reach_other_roles_pages(
    client, request, evaluation, vacancy, psicologa, consenting, persona
):
    refer(consenting, vacancy, psicologa)
    client.force_login(request.getfixturevalue(persona))
    pages = [
        reverse("home"),
        reverse("vacancies:vacancy_list"),
        reverse("vacancies:vacancy_detail", args=[vacancy.pk]),
        reverse("vacancies:vacancy_posting", args=[vacancy.pk]),
        reverse("vacancies:job_seeker_list") + "?q=Tapia",
        reverse("vacancies:job_seeker_detail", args=[consenting.pk]),
        reverse("vacancies:data_export", args=[consenting.pk]),
        reverse("companies:detail", args=[vacancy.company_id]),
        reverse("companies:export", args=["csv"]),
    ]

    for url in pages:
        response = client.get(url)
        content = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert SECRET not in content, url
        assert "No recomendable" not in content, url
        assert "evaluaciones/" not in content, url


def test_the_registry_search_never_matches_evaluation_notes(as_psicologa, evaluation):
    response = as_psicologa.get(reverse("vacancies:job_seeker_list") + "?q=ansiedad")

    assert "Luis" not in response.content.decode().split('data-testid="people-table"')[1]


def test_an_evaluation_of_an_erased_person_no_longer_exists(as_encargado, evaluation, encargado):
    from vacancies.people_services import job_seeker_erase

    job_seeker_erase(job_seeker=evaluation.job_seeker, erased_by=encargado)

    assert as_encargado.get(detail_url(evaluation)).status_code == 404


def test_opening_an_evaluation_in_the_admin_is_logged(as_encargado, evaluation, encargado):
    url = reverse("admin:vacancies_evaluation_change", args=[evaluation.pk])

    assert as_encargado.get(url).status_code == 200

    assert EvaluationRead.objects.get().reader == encargado


def test_the_admin_list_does_not_show_results(as_encargado, evaluation):
    content = as_encargado.get(reverse("admin:vacancies_evaluation_changelist")).content
    content = content.decode()

    assert "No recomendable" not in content
    assert not EvaluationRead.objects.exists()
