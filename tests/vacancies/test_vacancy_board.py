"""A vacancy's page: the referral board by stage, the candidate search, adding people and
moving them between stages (a hire asks its start date and contract)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import count_queries, make_person, refer, rows_of
from vacancies.models import Placement, Referral, ReferralStageChange, Vacancy, Workshop

Stage = Referral.Stage


def page_url(vacancy) -> str:
    return reverse("vacancies:vacancy_detail", args=[vacancy.pk])


def move_url(referral) -> str:
    return reverse("vacancies:referral_move", args=[referral.pk])


def move(client, referral, stage, **fields):
    data = {f"r{referral.pk}-stage": stage}
    data.update({f"r{referral.pk}-{name}": value for name, value in fields.items()})
    return client.post(move_url(referral), data)


def column(response, stage: str) -> str:
    content = response.content.decode()
    return content.split(f'data-testid="stage-{stage}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def camila(psicologa):
    return make_person(
        15111222, "Camila", "Araya", comuna="05103", skills="Grúa horquilla", consent_by=psicologa
    )


@pytest.fixture
def pedro(psicologa):
    return make_person(16222333, "Pedro", "Bravo", comuna="05107", consent_by=psicologa)


# The board


def test_the_board_shows_each_candidate_in_their_stage(
    as_psicologa, vacancy, camila, pedro, psicologa
):
    refer(camila, vacancy, psicologa)
    refer(pedro, vacancy, psicologa, Stage.INTERVIEW)

    response = as_psicologa.get(page_url(vacancy))

    assert "Camila Araya" in column(response, "referred")
    assert "Pedro Bravo" in column(response, "interview")
    assert "Nadie." in column(response, "hired")


def test_a_card_says_who_moved_the_candidate_and_when(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa)

    move(as_psicologa, referral, "interview")

    change = ReferralStageChange.objects.get(to_stage=Stage.INTERVIEW)
    card = column(as_psicologa.get(page_url(vacancy)), "interview")
    assert f"En entrevista el {timezone.localtime(change.changed_at):%d-%m-%Y %H:%M}" in card
    assert "por Psicologa" in card


def test_the_gestora_sees_how_many_per_stage_but_not_who(as_gestora, vacancy, camila, psicologa):
    refer(camila, vacancy, psicologa)

    content = as_gestora.get(page_url(vacancy)).content.decode()

    assert "Camila" not in content
    assert 'data-testid="referral-board"' not in content
    counts = content.split('data-testid="stage-counts"', 1)[1].split("</ul>")[0]
    assert "Derivado</span><span>1</span>" in counts


def test_the_board_costs_the_same_queries_for_few_and_many(as_psicologa, vacancy, psicologa):
    refer(make_person(10000001, "Uno", "Primero", consent_by=psicologa), vacancy, psicologa)
    few = count_queries(as_psicologa, page_url(vacancy))
    for index in range(2, 16):
        person = make_person(10000000 + index, f"Persona{index}", "Más", consent_by=psicologa)
        stage = [Stage.REFERRED, Stage.INTERVIEW, Stage.WITHDRAWN][index % 3]
        refer(person, vacancy, psicologa, stage)

    assert count_queries(as_psicologa, page_url(vacancy)) == few


# Candidate search


def candidates(client, vacancy, query: str = "") -> str:
    return rows_of(client.get(f"{page_url(vacancy)}?{query}"), "candidate-table")


def test_the_search_offers_only_consenting_people_not_yet_referred(
    as_psicologa, vacancy, camila, pedro, job_seeker, psicologa
):
    refer(pedro, vacancy, psicologa)

    found = candidates(as_psicologa, vacancy)

    assert "Camila Araya" in found
    assert "Pedro Bravo" not in found
    assert "Luis Tapia" not in found


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=camila", {"Camila Araya"}),
        ("q=16.222.333", {"Pedro Bravo"}),
        ("skills=grúa", {"Camila Araya"}),
        ("comuna=05107", {"Pedro Bravo"}),
        ("workshop=1", {"Pedro Bravo"}),
        ("workshop=0", {"Camila Araya"}),
    ],
)
def test_the_search_filters(as_psicologa, vacancy, camila, pedro, psicologa, query, expected):
    Workshop.objects.create(
        date=date(2026, 3, 2), topic="Entrevista", facilitator=psicologa
    ).attendees.add(pedro)

    found = candidates(as_psicologa, vacancy, query)

    assert {name for name in ("Camila Araya", "Pedro Bravo") if name in found} == expected


def test_a_candidate_is_added_from_the_search(as_psicologa, vacancy, camila, psicologa):
    response = as_psicologa.post(
        reverse("vacancies:referral_add"),
        {"vacancy": vacancy.pk, "job_seeker": camila.pk},
        follow=True,
    )

    referral = Referral.objects.get()
    assert (referral.job_seeker, referral.referred_by, referral.stage) == (
        camila,
        psicologa,
        Stage.REFERRED,
    )
    assert "Camila Araya quedó derivada a «Operario de bodega»" in response.content.decode()
    assert "Camila Araya" in column(response, "referred")


def test_a_referral_without_consent_is_refused_with_the_reason(as_psicologa, vacancy, job_seeker):
    response = as_psicologa.post(
        reverse("vacancies:referral_add"),
        {"vacancy": vacancy.pk, "job_seeker": job_seeker.pk},
        follow=True,
    )

    assert (
        "La persona no ha otorgado su consentimiento para el tratamiento de sus datos"
        in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_a_second_active_referral_is_refused_with_the_reason(
    as_psicologa, vacancy, camila, psicologa
):
    refer(camila, vacancy, psicologa)

    response = as_psicologa.post(
        reverse("vacancies:referral_add"),
        {"vacancy": vacancy.pk, "job_seeker": camila.pk},
        follow=True,
    )

    assert "Camila Araya ya está derivada a esta vacante." in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_referral_with_a_missing_person_is_refused(as_psicologa, vacancy):
    response = as_psicologa.post(
        reverse("vacancies:referral_add"), {"vacancy": vacancy.pk, "job_seeker": "x"}, follow=True
    )

    assert "Elija la persona y la vacante." in response.content.decode()
    assert not Referral.objects.exists()


def test_a_filled_vacancy_offers_no_candidate_search(as_psicologa, vacancy):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.FILLED)

    content = as_psicologa.get(page_url(vacancy)).content.decode()

    assert 'data-testid="candidate-table"' not in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "encargado", "administrativa"])
def test_only_the_psicologa_refers(client, request, vacancy, camila, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("vacancies:referral_add"), {"vacancy": vacancy.pk, "job_seeker": camila.pk}
    )

    assert response.status_code == 403
    assert not Referral.objects.exists()


# Moving between stages


def test_moving_to_interview(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa)

    response = move(as_psicologa, referral, "interview")

    assert response["Location"] == page_url(vacancy)
    referral.refresh_from_db()
    assert referral.stage == Stage.INTERVIEW
    change = referral.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.REFERRED,
        Stage.INTERVIEW,
        psicologa,
    )


def test_a_hire_records_the_placement_with_its_start_and_contract(
    as_psicologa, vacancy, camila, psicologa
):
    referral = refer(camila, vacancy, psicologa, Stage.INTERVIEW)

    move(as_psicologa, referral, "hired", start_date="2026-06-01", contract_type="indefinite")

    placement = Placement.objects.get()
    assert (placement.referral, placement.start_date, placement.contract_type) == (
        referral,
        date(2026, 6, 1),
        "indefinite",
    )
    assert placement.recorded_by == psicologa


def test_the_last_hire_fills_the_vacancy(as_psicologa, vacancy, camila, pedro, psicologa):
    for person in (camila, pedro):
        referral = refer(person, vacancy, psicologa)
        move(as_psicologa, referral, "hired", start_date="2026-06-01", contract_type="fixed_term")

    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    content = as_psicologa.get(page_url(vacancy)).content.decode()
    assert "2 de 2 cupos cubiertos" in content


def test_a_hire_without_a_start_date_is_refused_next_to_the_field(
    as_psicologa, vacancy, camila, psicologa
):
    referral = refer(camila, vacancy, psicologa)

    response = move(as_psicologa, referral, "hired", start_date="", contract_type="fixed_term")

    assert response.status_code == 200
    card = column(response, "referred")
    start = card.split(f'id="div_id_r{referral.pk}-start_date"', 1)[1].split("</div>\n")[0:3]
    assert "Indique la fecha de inicio del contrato." in "".join(start)
    assert not Placement.objects.exists()
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED


def test_a_hire_with_a_bad_date_is_refused(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa)

    response = move(as_psicologa, referral, "hired", start_date="31-02-2026")

    assert "Introduzca una fecha válida." in column(response, "referred")
    assert not Placement.objects.exists()


def test_a_hire_beyond_the_positions_shows_the_reason_on_the_card(
    as_psicologa, vacancy, camila, pedro, psicologa
):
    Vacancy.objects.filter(pk=vacancy.pk).update(positions=1)
    refer(pedro, vacancy, psicologa, Stage.HIRED)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.OPEN)
    referral = Referral.objects.create(job_seeker=camila, vacancy=vacancy, referred_by=psicologa)

    response = move(
        as_psicologa, referral, "hired", start_date="2026-06-01", contract_type="fixed_term"
    )

    message = "La vacante ya tiene todos sus cupos cubiertos (1 de 1)."
    assert message in column(response, "referred").split('data-testid="move-error"')[1]
    assert Placement.objects.count() == 1
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED


def test_a_move_the_pipeline_forbids_is_refused(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa, Stage.WITHDRAWN)

    response = move(as_psicologa, referral, "interview")

    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    referral.refresh_from_db()
    assert referral.stage == Stage.WITHDRAWN


def test_moving_is_a_post(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa)

    assert as_psicologa.get(move_url(referral)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "encargado", "administrativa"])
def test_only_the_psicologa_moves_candidates(client, request, vacancy, camila, psicologa, persona):
    referral = refer(camila, vacancy, psicologa)
    client.force_login(request.getfixturevalue(persona))

    response = move(client, referral, "hired", start_date="2026-06-01")

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED
    assert not Placement.objects.exists()


def test_a_move_without_a_stage_is_refused(as_psicologa, vacancy, camila, psicologa):
    referral = refer(camila, vacancy, psicologa)

    response = move(as_psicologa, referral, "")

    assert "Elija la etapa a la que pasa la persona." in column(response, "referred")
    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED
