"""A job seeker's change history (the person, their referrals, their evaluations), shown to the
Encargado; evaluation results and notes only where reading them is logged; and an erasure
leaves no personal data in any history."""

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.companies.test_company_history import SECTION, history_text, shown_at
from tests.vacancies.conftest import refer
from vacancies.models import Evaluation, EvaluationRead, JobSeeker, Referral
from vacancies.services import evaluation_create

SECRET = "Presenta ansiedad marcada ante la autoridad."


def page_of(person) -> str:
    return reverse("vacancies:job_seeker_detail", args=[person.pk])


def evaluation_page(evaluation) -> str:
    return reverse("vacancies:evaluation_detail", args=[evaluation.pk])


def edit_person(client, person, **changes):
    data = {
        "rut": person.rut,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "comuna": person.comuna,
        "address": person.address,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "education": person.education,
        "experience": person.experience,
        "skills": person.skills,
        "availability": person.availability,
        **changes,
    }
    response = client.post(reverse("vacancies:job_seeker_edit", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def write_evaluation(client, person, **fields):
    data = {"evaluated_on": "2026-05-04", "result": "not_suitable", "notes": SECRET, **fields}
    response = client.post(reverse("vacancies:evaluation_create", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Evaluation.objects.filter(job_seeker=person).latest("pk")


def test_the_psicologa_s_edit_shows_up_for_the_encargado(
    as_psicologa, client, encargado, consenting
):
    edit_person(as_psicologa, consenting, phone="+56 9 1111 2222", education="secondary")
    row = JobSeeker.history.filter(id=consenting.pk).latest("history_date")

    client.force_login(encargado)
    text = history_text(client.get(page_of(consenting)))

    assert f"{shown_at(row)} · Psicologa · Persona · Modificado" in text
    assert "Teléfono: — → +56 9 1111 2222" in text
    assert "Escolaridad: — → Media" in text


def test_a_stage_move_shows_on_the_person_s_page(
    as_psicologa, client, encargado, psicologa, consenting, vacancy
):
    referral = refer(consenting, vacancy, psicologa)
    response = as_psicologa.post(
        reverse("vacancies:referral_move", args=[referral.pk]),
        {f"r{referral.pk}-stage": Referral.Stage.INTERVIEW},
    )
    assert response.status_code == 302

    client.force_login(encargado)
    text = history_text(client.get(page_of(consenting)))

    assert (
        "Psicologa · Derivación: Operario de bodega — Bodegas de Prueba SpA · Modificado "
        "Etapa: Derivado → En entrevista"
    ) in text


def test_the_person_s_page_shows_who_wrote_an_evaluation_but_not_what(
    as_psicologa, client, encargado, consenting
):
    write_evaluation(as_psicologa, consenting)
    reads_before = EvaluationRead.objects.count()

    client.force_login(encargado)
    text = history_text(client.get(page_of(consenting)))

    assert "Psicologa · Evaluación psicolaboral: 04-05-2026 · Creado" in text
    assert "Psicóloga: — → Psicologa" in text
    assert SECRET not in text
    assert "No recomendable" not in text
    assert EvaluationRead.objects.count() == reads_before


def test_the_evaluation_s_page_shows_its_whole_history_to_the_encargado(
    as_psicologa, client, encargado, psicologa, consenting
):
    evaluation = write_evaluation(as_psicologa, consenting)

    client.force_login(encargado)
    text = history_text(client.get(evaluation_page(evaluation)))

    assert "Psicologa · Evaluación psicolaboral · Creado" in text
    assert "Resultado: — → No recomendable" in text
    assert f"Observaciones: — → {SECRET}" in text
    assert EvaluationRead.objects.filter(evaluation=evaluation, reader=encargado).exists()


def test_the_psicologa_reads_evaluations_but_not_their_history(as_psicologa, consenting):
    evaluation = write_evaluation(as_psicologa, consenting)

    for url in (page_of(consenting), evaluation_page(evaluation)):
        content = as_psicologa.get(url).content.decode()
        assert SECTION not in content
        assert "Historial de cambios" not in content


def test_opening_an_evaluation_s_history_in_the_admin_is_a_logged_reading(
    as_psicologa, client, encargado, consenting
):
    evaluation = write_evaluation(as_psicologa, consenting)
    client.force_login(encargado)

    response = client.get(reverse("admin:vacancies_evaluation_history", args=[evaluation.pk]))

    assert response.status_code == 200
    assert EvaluationRead.objects.filter(evaluation=evaluation, reader=encargado).count() == 1


def test_the_page_costs_the_same_queries_with_few_or_many_changes(
    client, encargado, psicologa, consenting, vacancy
):
    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page_of(consenting))
        assert response.status_code == 200
        return len(captured)

    def change(times):
        for number in range(times):
            consenting.availability = f"Turno {number}"
            consenting.save()
            evaluation_create(
                job_seeker=consenting, psychologist=psicologa, result="suitable", notes="Bien."
            )

    refer(consenting, vacancy, psicologa, Referral.Stage.INTERVIEW)
    client.force_login(encargado)
    change(1)
    with_few = queries_for_the_page()
    change(20)
    with_many = queries_for_the_page()

    assert with_many == with_few


# Erasure (Ley 21.719)


def everything_the_history_keeps() -> str:
    """Every value of every historical row of every model, as text."""
    models = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    return " ".join(
        str(value) for model in models for row in model.objects.values_list() for value in row
    )


def test_after_an_erasure_no_history_holds_the_person_s_data(
    as_psicologa, client, encargado, psicologa, consenting, vacancy
):
    edit_person(
        as_psicologa,
        consenting,
        email="luis.tapia@example.cl",
        phone="+56 9 1111 2222",
        address="Los Aromos 123",
        birth_date="1990-05-17",
    )
    edit_person(as_psicologa, consenting, phone="+56 9 3333 4444")
    write_evaluation(as_psicologa, consenting)
    refer(consenting, vacancy, psicologa, Referral.Stage.INTERVIEW)
    personal = [
        "Luis",
        "Tapia",
        "12345678",
        "luis.tapia@example.cl",
        "+56 9 1111 2222",
        "+56 9 3333 4444",
        "Los Aromos",
        "1990-05-17",
        SECRET,
    ]
    kept = everything_the_history_keeps()
    assert all(value in kept for value in personal)

    client.force_login(encargado)
    response = client.post(reverse("vacancies:erase", args=[consenting.pk]), {"confirm": "on"})
    assert response.status_code == 302

    kept = everything_the_history_keeps()
    assert [value for value in personal if value in kept] == []
    assert not Evaluation.history.filter(job_seeker_id=consenting.pk).exists()
    # Who registered and edited the person, and the referral's moves, are still accounted for.
    versions = JobSeeker.history.filter(id=consenting.pk)
    assert versions.filter(history_user=psicologa).count() >= 2
    assert set(versions.values_list("first_name", "last_name")) == {("Persona", "eliminada")}
    assert Referral.history.filter(job_seeker_id=consenting.pk).count() == 2


def test_after_an_erasure_the_admin_log_no_longer_names_the_person(client, encargado, consenting):
    LogEntry.objects.log_actions(
        user_id=encargado.pk,
        queryset=[consenting],
        action_flag=CHANGE,
        change_message="[]",
        single_object=True,
    )
    client.force_login(encargado)

    client.post(reverse("vacancies:erase", args=[consenting.pk]), {"confirm": "on"})

    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(JobSeeker), object_id=str(consenting.pk)
    )
    assert entry.object_repr == "Persona eliminada"


def test_the_erasure_itself_is_in_the_history_without_data(client, encargado, consenting):
    client.force_login(encargado)
    client.post(reverse("vacancies:erase", args=[consenting.pk]), {"confirm": "on"})

    row = JobSeeker.history.filter(id=consenting.pk).latest("history_date")

    assert row.history_user == encargado
    assert row.erased_at is not None
    assert (row.rut, row.email, row.phone, row.birth_date) == (None, "", "", None)
