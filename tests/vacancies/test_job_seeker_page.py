"""A job seeker's page: their record, consent, referrals, placements, workshops and — only
for the Psicóloga and the Encargado — their evaluations."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import count_queries, make_person, refer, rows_of
from vacancies.models import Evaluation, Referral, Workshop
from vacancies.services import vacancy_create


def page_url(person) -> str:
    return reverse("vacancies:job_seeker_detail", args=[person.pk])


@pytest.fixture
def history(consenting, vacancy, psicologa):
    """Luis was hired for the vacancy, attended a workshop and was evaluated."""
    referral = refer(
        consenting,
        vacancy,
        psicologa,
        Referral.Stage.HIRED,
        start_date=date(2026, 4, 6),
        contract_type="indefinite",
    )
    workshop = Workshop.objects.create(
        date=date(2026, 3, 2), topic="Cómo enfrentar una entrevista", facilitator=psicologa
    )
    workshop.attendees.add(consenting)
    Evaluation.objects.create(
        job_seeker=consenting,
        referral=referral,
        psychologist=psicologa,
        result="suitable",
        notes="Muy buena disposición al trabajo en equipo.",
    )
    return referral


def test_the_page_shows_referrals_with_their_placement(as_psicologa, consenting, history):
    referrals = rows_of(as_psicologa.get(page_url(consenting)), "person-referrals")

    assert "Operario de bodega" in referrals
    assert "Bodegas de Prueba SpA" in referrals
    assert "Contratado" in referrals
    assert "Desde el 06-04-2026 · Indefinido" in referrals


def test_the_page_shows_the_workshops_attended(as_psicologa, consenting, history):
    content = as_psicologa.get(page_url(consenting)).content.decode()

    assert "Cómo enfrentar una entrevista" in content.split('data-testid="person-workshops"')[1]


def test_the_psicologa_sees_the_evaluations_but_not_their_result(as_psicologa, consenting, history):
    content = as_psicologa.get(page_url(consenting)).content.decode()

    evaluations = content.split('data-testid="person-evaluations"', 1)[1].split("</ul>")[0]
    assert "Abrir" in evaluations
    assert "Recomendable" not in content
    assert "Muy buena disposición" not in content


def test_the_encargado_sees_the_evaluations_list(as_encargado, consenting, history):
    content = as_encargado.get(page_url(consenting)).content.decode()

    assert 'data-testid="person-evaluations"' in content


def test_opening_the_page_does_not_count_as_reading_an_evaluation(
    as_psicologa, consenting, history
):
    as_psicologa.get(page_url(consenting))

    assert not Evaluation.objects.get().reads.exists()


def test_the_consent_is_shown_with_who_recorded_it(as_psicologa, consenting):
    content = as_psicologa.get(page_url(consenting)).content.decode()

    line = rows_of_item(content, "consent-intermediation")
    assert "Vigente desde el" in line
    assert "por Psicologa" in line
    assert "presencial" in line


def test_consent_can_be_recorded_from_the_page(as_psicologa, job_seeker, psicologa):
    response = as_psicologa.post(
        reverse("vacancies:job_seeker_consent", args=[job_seeker.pk]),
        {
            "purpose": "intermediation",
            "intermediation-given_on": timezone.localdate().isoformat(),
            "intermediation-method": "written",
        },
        follow=True,
    )

    job_seeker.refresh_from_db()
    assert job_seeker.has_consent
    assert job_seeker.consent_recorded_by == psicologa
    consent = job_seeker.consents.get()
    assert (consent.purpose, consent.method) == ("intermediation", "written")
    assert (
        "Se registró el consentimiento de Luis Tapia: intermediación laboral."
        in response.content.decode()
    )


def test_consent_needs_how_it_was_given(as_psicologa, job_seeker):
    response = as_psicologa.post(
        reverse("vacancies:job_seeker_consent", args=[job_seeker.pk]),
        {"purpose": "intermediation", "intermediation-given_on": "2026-03-02"},
    )

    assert response.status_code == 200
    assert "Indique cómo otorgó el consentimiento." in response.content.decode()
    job_seeker.refresh_from_db()
    assert not job_seeker.has_consent


def test_a_person_without_consent_offers_no_referral(as_psicologa, job_seeker, vacancy):
    content = as_psicologa.get(page_url(job_seeker)).content.decode()

    assert "Sin este consentimiento no se la puede derivar a vacantes." in content
    assert 'data-testid="refer-form"' not in content


def test_a_consenting_person_is_referred_from_their_page(as_psicologa, consenting, vacancy):
    response = as_psicologa.post(
        reverse("vacancies:referral_add"),
        {"job_seeker": consenting.pk, "vacancy": vacancy.pk, "back": "person"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == page_url(consenting)
    assert Referral.objects.get().job_seeker == consenting
    assert "Luis Tapia quedó derivada a «Operario de bodega»" in response.content.decode()


def test_the_page_costs_the_same_queries_for_a_short_and_a_long_history(
    as_encargado, consenting, company, gestora, psicologa, history
):
    few = count_queries(as_encargado, page_url(consenting))
    for index in range(6):
        other = vacancy_create(company=company, title=f"Cargo {index}", captured_by=gestora)
        referral = refer(consenting, other, psicologa, Referral.Stage.INTERVIEW)
        Evaluation.objects.create(
            job_seeker=consenting, referral=referral, psychologist=psicologa, result="suitable"
        )
        Workshop.objects.create(
            date=date(2026, 1, 1 + index), topic=f"Taller {index}", facilitator=psicologa
        ).attendees.add(consenting)

    assert count_queries(as_encargado, page_url(consenting)) == few


def test_an_unknown_person_is_not_found(as_psicologa):
    assert as_psicologa.get(reverse("vacancies:job_seeker_detail", args=[999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_roles_without_job_seekers_may_not_open_a_person(client, request, persona):
    person = make_person(15111222, "Camila", "Araya")
    client.force_login(request.getfixturevalue(persona))

    assert client.get(page_url(person)).status_code == 403


def rows_of_item(content: str, testid: str) -> str:
    """The HTML of the list item marked with data-testid=testid."""
    return content.split(f'data-testid="{testid}"', 1)[1].split("</li>", 1)[0]
