"""The employment flows in a real browser: the Gestora captures a vacancy from a visit; the
Psicóloga refers a consenting candidate, evaluates and hires; the Administrativa cannot open
the evaluation; the Encargado hands a person their data and records the delivery."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.vacancies.conftest import make_person
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    EvaluationRead,
    Placement,
    Referral,
    ReferralStageChange,
    Vacancy,
)
from vacancies.services import vacancy_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_gestora_captures_a_vacancy_from_a_visit(page_factory, company, contact, gestora):
    page = page_factory()
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/")
    page.get_by_role("link", name="Registrar contacto").click()
    page.get_by_label(contact.name).check()
    page.get_by_label("Resumen").fill("Necesitan un soldador para el turno de noche.")
    page.get_by_role("button", name="Guardar y captar una vacante").click()

    expect(page.get_by_role("heading", name=f"Vacante de {company}")).to_be_visible()
    page.get_by_label("Cargo").fill("Soldador calificado")
    page.get_by_label("Cupos").fill("2")
    page.get_by_label("Renta mínima ($)").fill("900000")
    page.get_by_label("Renta máxima ($)").fill("700000")
    page.get_by_role("button", name="Guardar vacante").click()
    expect(page.get_by_text("La renta máxima no puede ser menor que la mínima.")).to_be_visible()
    assert not Vacancy.objects.exists()

    page.get_by_label("Renta máxima ($)").fill("1100000")
    page.get_by_role("button", name="Guardar vacante").click()
    expect(page.get_by_text("Vacante «Soldador calificado» captada")).to_be_visible()
    vacancy = Vacancy.objects.get()
    assert (vacancy.captured_on_visit.company, vacancy.captured_by) == (company, gestora)

    page.get_by_test_id("main-menu").get_by_role("link", name="Vacantes").click()
    page.get_by_role("link", name="Soldador calificado").click()
    expect(page.get_by_test_id("vacancy-positions")).to_have_text("0 de 2 cupos cubiertos")
    page.get_by_role("link", name="Aviso para imprimir").click()
    expect(page.get_by_role("heading", name="Se busca: Soldador calificado")).to_be_visible()
    expect(page.get_by_test_id("vacancy-posting")).to_contain_text("$900.000 a $1.100.000")
    expect(page.get_by_test_id("posting-positions")).to_have_text("2 de 2")
    expect(page.get_by_test_id("posting-office")).to_contain_text("Horario de atención")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Imprimir")).to_be_hidden()


def test_the_psicologa_refers_evaluates_and_hires(page_factory, company, gestora, psicologa):
    vacancy = vacancy_create(
        company=company, title="Operario de bodega", positions=1, captured_by=gestora
    )
    make_person(15111222, "Camila", "Araya", skills="Grúa horquilla", consent_by=psicologa)
    make_person(16222333, "Pedro", "Bravo", skills="Grúa horquilla")
    page = page_factory()
    log_in(page, "psicologa", PASSWORD)

    page.get_by_test_id("main-menu").get_by_role("link", name="Vacantes").click()
    page.get_by_role("link", name="Operario de bodega").click()
    page.get_by_label("Habilidades u oficio").fill("grúa")
    page.get_by_role("button", name="Buscar").click()
    candidates = page.get_by_test_id("candidate-table")
    expect(candidates).to_contain_text("Camila Araya")
    expect(candidates).not_to_contain_text("Pedro Bravo")
    page.get_by_role("button", name="Derivar a Camila Araya").click()
    expect(page.get_by_text("Camila Araya quedó derivada a «Operario de bodega»")).to_be_visible()
    expect(page.get_by_test_id("stage-referred")).to_contain_text("Camila Araya")

    page.get_by_test_id("stage-referred").get_by_role("link", name="Registrar evaluación").click()
    page.get_by_label("Resultado").select_option(label="Recomendable")
    page.get_by_label("Observaciones").fill("Buena disposición al trabajo en turnos.")
    page.get_by_role("button", name="Guardar evaluación").click()
    expect(page.get_by_text("Evaluación de Camila Araya registrada.")).to_be_visible()
    evaluation = Evaluation.objects.get()
    assert evaluation.referral == Referral.objects.get()
    page.get_by_test_id("person-evaluations").get_by_role("link", name="Abrir").click()
    expect(page.get_by_test_id("evaluation-result")).to_have_text("Recomendable")
    assert EvaluationRead.objects.get().reader == psicologa

    page.goto(f"/vacantes/{vacancy.pk}/")
    card = page.get_by_test_id("stage-referred").get_by_test_id("candidate")
    start = card.get_by_label("Fecha de inicio")
    expect(start).to_be_hidden()
    card.get_by_label("Nueva etapa").select_option(label="Contratado")
    expect(start).to_be_visible()
    card.get_by_role("button", name="Mover").click()
    expect(page.get_by_text("Indique la fecha de inicio del contrato.")).to_be_visible()
    assert not Placement.objects.exists()

    monday = timezone.localdate() + timedelta(days=7)
    card = page.get_by_test_id("stage-referred").get_by_test_id("candidate")
    card.get_by_label("Nueva etapa").select_option(label="Contratado")
    card.get_by_label("Fecha de inicio").fill(monday.isoformat())
    card.get_by_label("Tipo de contrato").select_option(label="Indefinido")
    card.get_by_role("button", name="Mover").click()

    expect(page.get_by_text("Camila Araya: contratado.")).to_be_visible()
    expect(page.get_by_test_id("stage-hired")).to_contain_text("Camila Araya")
    expect(page.get_by_test_id("vacancy-status")).to_have_text("Cubierta")
    placement = Placement.objects.get()
    assert (placement.start_date, placement.contract_type) == (monday, "indefinite")
    hire = ReferralStageChange.objects.get(to_stage="hired")
    assert hire.changed_by == psicologa


def test_the_administrativa_cannot_open_the_evaluation(
    page_factory, administrativa, job_seeker, psicologa
):
    evaluation = Evaluation.objects.create(
        job_seeker=job_seeker,
        psychologist=psicologa,
        result="not_suitable",
        notes="Observación reservada.",
    )
    page = page_factory()
    log_in(page, "administrativa", PASSWORD)

    expect(page.get_by_test_id("main-menu")).not_to_contain_text("Personas")
    response = page.goto(f"/evaluaciones/{evaluation.pk}/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="Acceso denegado")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Observación reservada.")
    expect(page).to_have_url(re.compile(rf"/evaluaciones/{evaluation.pk}/$"))
    assert not EvaluationRead.objects.exists()


def test_the_encargado_records_handing_a_person_their_data(page_factory, encargado, psicologa):
    person = make_person(15111222, "Camila", "Araya", consent_by=psicologa)
    page = page_factory()
    log_in(page, "encargado", PASSWORD)
    page.goto(f"/personas/{person.pk}/")
    page.get_by_role("link", name="Ver todos sus datos").click()
    expect(page.get_by_role("heading", name="Datos personales de Camila Araya")).to_be_visible()
    page.reload()
    assert not DataSubjectRequest.objects.exists()

    page.get_by_role("button", name="Registrar entrega (página legible)").click()

    expect(page.get_by_text("Se registró la entrega a Camila Araya: acceso")).to_be_visible()
    expect(page.get_by_test_id("data-request-table")).to_contain_text("Camila Araya")
    assert DataSubjectRequest.objects.get().handled_by == encargado
