"""A job seeker's rights (Ley 21.719), answered by the Encargado: access, portability and
erasure, each recorded when handed over; after an erasure nothing shows the person, and the
figures hold."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse

from omil_crm.dashboard.home import home_cards
from tests.vacancies.conftest import make_person, refer, rows_of
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    EvaluationRead,
    JobSeeker,
    Placement,
    Referral,
    Workshop,
)
from vacancies.people_services import job_seeker_erase
from vacancies.services import vacancy_create

Kind = DataSubjectRequest.Kind


@pytest.fixture
def luis(consenting, vacancy, psicologa):
    """Luis Tapia, with contact data, a hire, an interview elsewhere, a workshop and an
    evaluation: everything an erasure must deal with."""
    JobSeeker.objects.filter(pk=consenting.pk).update(
        email="luis.tapia@example.cl",
        phone="+56 9 1111 2222",
        comuna="05103",
        address="Los Aromos 123",
        birth_date=date(1990, 5, 17),
        skills="Soldadura al arco",
        experience="Cinco años en maestranza",
    )
    consenting.refresh_from_db()
    refer(consenting, vacancy, psicologa, Referral.Stage.HIRED, start_date=date(2026, 4, 6))
    second = vacancy_create(
        company=vacancy.company, title="Soldador", captured_by=psicologa, positions=1
    )
    interview = refer(consenting, second, psicologa, Referral.Stage.INTERVIEW)
    workshop = Workshop.objects.create(
        date=date(2026, 3, 2), topic="Derechos laborales", facilitator=psicologa
    )
    workshop.attendees.add(consenting)
    Evaluation.objects.create(
        job_seeker=consenting,
        referral=interview,
        psychologist=psicologa,
        result="suitable_with_notes",
        notes="Se sugiere reforzar la puntualidad.",
    )
    return consenting


PERSONAL_TRACES = [
    "Luis",
    "Tapia",
    "12.345.678-5",
    "12345678",
    "luis.tapia@example.cl",
    "1111 2222",
    "Los Aromos",
    "Soldadura al arco",
    "maestranza",
    "puntualidad",
]


def assert_no_trace(content: str) -> None:
    for trace in PERSONAL_TRACES:
        assert trace not in content, trace


# Access and portability


def test_the_export_is_a_json_file_with_everything_held(as_encargado, luis):
    response = as_encargado.get(reverse("vacancies:data_export", args=[luis.pk]))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="datos-persona-{luis.pk}-'
    )
    data = json.loads(response.content)
    assert data["persona"]["rut"] == "12.345.678-5"
    assert data["persona"]["correo"] == "luis.tapia@example.cl"
    assert data["consentimiento"]["finalidad"] == "Intermediación laboral"
    assert [r["etapa"] for r in data["derivaciones"]] == ["Contratado", "En entrevista"]
    assert data["derivaciones"][0]["colocacion"]["fecha_de_inicio"] == "06-04-2026"
    assert [w["tema"] for w in data["talleres"]] == ["Derechos laborales"]
    [evaluation] = data["evaluaciones_psicolaborales"]
    assert evaluation["resultado"] == "Recomendable con observaciones"


def test_downloading_the_export_records_no_answer(as_encargado, luis):
    as_encargado.get(reverse("vacancies:data_export", args=[luis.pk]))
    as_encargado.get(reverse("vacancies:data_export", args=[luis.pk]))

    assert not DataSubjectRequest.objects.exists()


def test_exporting_an_evaluation_counts_as_reading_it(as_encargado, encargado, luis):
    as_encargado.get(reverse("vacancies:data_export", args=[luis.pk]))

    assert list(EvaluationRead.objects.values_list("reader", flat=True)) == [encargado.pk]


def test_the_readable_page_shows_the_same_data_and_records_no_answer(as_encargado, luis):
    url = reverse("vacancies:data_access", args=[luis.pk])

    as_encargado.get(url)
    response = as_encargado.get(url)

    content = response.content.decode()
    assert "Datos personales de Luis Tapia" in content
    assert "Los Aromos 123" in content
    assert "Se sugiere reforzar la puntualidad." in content
    assert "Registrar entrega (página legible)" in content
    assert not DataSubjectRequest.objects.exists()


def test_the_readable_page_counts_as_reading_the_evaluations(as_encargado, encargado, luis):
    as_encargado.get(reverse("vacancies:data_access", args=[luis.pk]))

    assert list(EvaluationRead.objects.values_list("reader", flat=True)) == [encargado.pk]


def deliver(client, person, kind):
    return client.post(
        reverse("vacancies:data_access", args=[person.pk]), {"kind": kind}, follow=True
    )


@pytest.mark.parametrize(
    "kind, label",
    [("access", "acceso (página legible)"), ("portability", "portabilidad (archivo json)")],
)
def test_registering_the_delivery_records_who_when_and_what(
    as_encargado, encargado, luis, kind, label
):
    response = deliver(as_encargado, luis, kind)

    request = DataSubjectRequest.objects.get()
    assert (request.kind, request.job_seeker, request.handled_by) == (kind, luis, encargado)
    assert request.handled_at is not None
    content = response.content.decode()
    assert f"Se registró la entrega a Luis Tapia: {label}." in content
    assert response.redirect_chain[-1][0] == reverse("vacancies:data_requests")


@pytest.mark.parametrize("kind", ["", "erasure", "cualquiera"])
def test_a_delivery_of_an_unknown_kind_records_nothing(as_encargado, luis, kind):
    response = deliver(as_encargado, luis, kind)

    assert response.status_code == 200
    assert "Indique qué se entregó: la página o el archivo JSON." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["psicologa", "gestora", "administrativa"])
@pytest.mark.parametrize("page", ["data_export", "data_access", "erase"])
def test_only_the_encargado_answers_data_requests(client, request, persona, page):
    person = make_person(15111222, "Camila", "Araya")
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse(f"vacancies:{page}", args=[person.pk]), {"confirm": "on"})

    assert response.status_code == 403
    assert not DataSubjectRequest.objects.exists()
    person.refresh_from_db()
    assert not person.is_erased


# Erasure


def erase(client, person, **data):
    return client.post(
        reverse("vacancies:erase", args=[person.pk]), {"confirm": "on", **data}, follow=True
    )


def test_the_confirmation_page_says_what_will_go_and_what_stays(as_encargado, luis):
    content = as_encargado.get(reverse("vacancies:erase", args=[luis.pk])).content.decode()

    summary = content.split('data-testid="erase-summary"', 1)[1].split("</ul>")[0]
    assert "se eliminan sus 1 evaluación(es)" in summary
    assert "sus 2 derivación(es) y 1 colocación(es)" in summary


def test_erasure_needs_the_confirmation(as_encargado, luis):
    response = as_encargado.post(reverse("vacancies:erase", args=[luis.pk]), {})

    assert response.status_code == 200
    assert "Confirme la solicitud de eliminación para continuar." in response.content.decode()
    luis.refresh_from_db()
    assert not luis.is_erased
    assert Evaluation.objects.exists()


def test_erasure_removes_the_personal_fields(as_encargado, luis):
    erase(as_encargado, luis)

    luis.refresh_from_db()
    assert luis.is_erased
    assert luis.rut is None
    assert luis.full_name == "Persona eliminada"
    assert (luis.email, luis.phone, luis.comuna, luis.address, luis.birth_date) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert (luis.skills, luis.experience, luis.consent_purpose) == ("", "", "")
    assert luis.consent_given_at is None


def test_erasure_deletes_the_evaluations_and_their_reads(as_encargado, luis, encargado):
    evaluation = Evaluation.objects.get()
    EvaluationRead.objects.create(evaluation=evaluation, reader=encargado)

    erase(as_encargado, luis)

    assert not Evaluation.objects.exists()
    assert not EvaluationRead.objects.exists()


def test_erasure_keeps_referrals_placements_and_attendance(as_encargado, luis):
    erase(as_encargado, luis)

    assert Referral.objects.filter(job_seeker=luis).count() == 2
    assert Placement.objects.filter(referral__job_seeker=luis).count() == 1
    assert Workshop.objects.get().attendees.count() == 1


def referrals_by_company_and_month() -> dict[tuple[int, str], int]:
    """Referrals per company and month of referral: one of the figures the office publishes."""
    rows = (
        Referral.objects.annotate(month=TruncMonth("referred_at"))
        .order_by()
        .values_list("vacancy__company_id", "month")
        .annotate(total=Count("pk"))
    )
    return {(company, f"{month:%Y-%m}"): total for company, month, total in rows}


def placements_by_company_and_month() -> dict[tuple[int, str], int]:
    """Placements per company and month of start: the figure the park is measured by."""
    rows = (
        Placement.objects.annotate(month=TruncMonth("start_date"))
        .order_by()
        .values_list("referral__vacancy__company_id", "month")
        .annotate(total=Count("pk"))
    )
    return {(company, f"{month:%Y-%m}"): total for company, month, total in rows}


def test_erasure_leaves_the_office_figures_unchanged(as_encargado, luis, encargado, psicologa):
    before = (
        referrals_by_company_and_month(),
        placements_by_company_and_month(),
        [(card.title, card.value) for card in home_cards(encargado)],
        [(card.title, card.value) for card in home_cards(psicologa)],
    )

    erase(as_encargado, luis)

    after = (
        referrals_by_company_and_month(),
        placements_by_company_and_month(),
        [(card.title, card.value) for card in home_cards(encargado)],
        [(card.title, card.value) for card in home_cards(psicologa)],
    )
    assert after == before
    assert sum(before[1].values()) == 1


def test_erasure_is_recorded_with_who_when_and_what(as_encargado, encargado, luis):
    response = erase(as_encargado, luis)

    request = DataSubjectRequest.objects.get()
    assert (request.kind, request.handled_by, request.job_seeker_id) == (
        Kind.ERASURE,
        encargado,
        luis.pk,
    )
    assert "1 evaluación(es)" in request.detail
    content = response.content.decode()
    assert f"Se eliminaron los datos personales de la persona N.º {luis.pk}." in content
    assert f"N.º {luis.pk} (datos eliminados)" in content


def test_after_erasure_no_page_shows_the_person(as_encargado, luis, vacancy, psicologa):
    erase(as_encargado, luis)

    for name in ["job_seeker_detail", "data_access", "data_export", "erase"]:
        assert as_encargado.get(reverse(f"vacancies:{name}", args=[luis.pk])).status_code == 404
    pages = [
        reverse("vacancies:vacancy_detail", args=[vacancy.pk]),
        reverse("vacancies:workshop_detail", args=[Workshop.objects.get().pk]),
        reverse("vacancies:job_seeker_list"),
        reverse("vacancies:data_requests"),
        reverse("companies:detail", args=[vacancy.company_id]),
    ]
    for url in pages:
        assert_no_trace(as_encargado.get(url).content.decode())
    as_encargado.force_login(psicologa)
    for url in pages[:3]:
        assert_no_trace(as_encargado.get(url).content.decode())


@pytest.mark.parametrize("search", ["q=Tapia", "q=12.345.678-5", "q=12345678", "skills=arco"])
def test_after_erasure_no_search_finds_the_person(as_encargado, luis, search):
    erase(as_encargado, luis)

    response = as_encargado.get(reverse("vacancies:job_seeker_list") + "?" + search)

    assert_no_trace(rows_of(response, "people-table"))
    assert "No hay personas que cumplan la búsqueda." in response.content.decode()


def test_the_board_shows_an_erased_candidate_without_a_name(as_encargado, luis, vacancy):
    erase(as_encargado, luis)

    content = as_encargado.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))
    board = content.content.decode().split('data-testid="referral-board"', 1)[1]
    assert "Persona eliminada" in board
    assert reverse("vacancies:job_seeker_detail", args=[luis.pk]) not in board


def test_an_erased_person_is_never_a_candidate(client, luis, psicologa, company, gestora):
    job_seeker_erase(job_seeker=luis, erased_by=gestora)
    fresh = vacancy_create(company=company, title="Bodeguero", captured_by=gestora)
    client.force_login(psicologa)

    content = client.get(reverse("vacancies:vacancy_detail", args=[fresh.pk])).content.decode()

    assert "Persona eliminada" not in content.split('data-testid="candidate-table"', 1)[1]


def test_an_erased_person_cannot_be_referred_nor_hired(luis, psicologa, company, gestora):
    from vacancies.services import referral_create, referral_move

    job_seeker_erase(job_seeker=luis, erased_by=gestora)
    fresh = vacancy_create(company=company, title="Bodeguero", captured_by=gestora)
    interview = Referral.objects.get(job_seeker=luis, stage=Referral.Stage.INTERVIEW)

    with pytest.raises(ValidationError):
        referral_create(job_seeker=luis, vacancy=fresh, referred_by=psicologa)
    with pytest.raises(ValidationError) as error:
        referral_move(referral=interview, stage=Referral.Stage.HIRED, changed_by=psicologa)
    assert "eliminados" in error.value.messages[0]


def test_a_person_cannot_be_erased_twice(luis, encargado):
    job_seeker_erase(job_seeker=luis, erased_by=encargado)

    with pytest.raises(ValidationError):
        job_seeker_erase(job_seeker=luis, erased_by=encargado)
    assert DataSubjectRequest.objects.count() == 1


def test_an_erased_persons_rut_may_register_again(as_psicologa, luis, encargado):
    job_seeker_erase(job_seeker=luis, erased_by=encargado)

    as_psicologa.post(
        reverse("vacancies:job_seeker_create"),
        {"rut": "12.345.678-5", "first_name": "Luis", "last_name": "Tapia"},
    )

    assert JobSeeker.objects.active().get().rut == "12345678-5"


def test_the_register_lists_every_answer(as_encargado, luis):
    deliver(as_encargado, luis, "portability")
    deliver(as_encargado, luis, "access")

    content = as_encargado.get(reverse("vacancies:data_requests")).content.decode()

    table = content.split('data-testid="data-request-table"', 1)[1]
    assert table.count("Luis Tapia") == 2
    assert "Portabilidad (archivo JSON)" in table
    assert "Acceso (página legible)" in table
