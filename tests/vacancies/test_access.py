"""Every employment page with every role: who gets in and who gets 403, stated here
independently of the views' decorators."""

import pytest
from django.urls import reverse

from tests.urlwalk import discover_urls
from tests.vacancies.conftest import refer
from tests.vacancies.inclusion_data import give_inclusion_consent
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give
from vacancies.inclusion_services import functional_evaluation_create, job_analysis_create
from vacancies.models import (
    Evaluation,
    GuidanceSession,
    Placement,
    Programme,
    ProgrammeOffer,
    Vacancy,
    Workshop,
)

G, A, P, E = "gestora", "administrativa", "psicologa", "encargado"

# url name -> (method, roles that may use it)
MATRIX = {
    "job_seeker_list": ("get", {P, E}),
    "job_seeker_create": ("get", {P}),
    "job_seeker_detail": ("get", {P, E}),
    "job_seeker_edit": ("get", {P}),
    "job_seeker_consent": ("post", {P, E}),
    "consent_share": ("post", {P, E}),
    "consent_withdraw": ("post", {P, E}),
    "data_access": ("get", {E}),
    "data_export": ("get", {E}),
    "erase": ("get", {E}),
    "data_requests": ("get", {E}),
    "evaluation_create": ("get", {P}),
    "evaluation_detail": ("get", {P, E}),
    "vacancy_list": ("get", {G, P, E}),
    "vacancy_create": ("get", {G}),
    "vacancy_detail": ("get", {G, P, E}),
    "vacancy_edit": ("get", {G}),
    "vacancy_posting": ("get", {G, P, E}),
    "vacancy_proposal_confirm": ("post", {G, E}),
    "vacancy_proposal_decline": ("post", {G, E}),
    "referral_list": ("get", {P, E}),
    "referral_export": ("get", {P, E}),
    "placement_list": ("get", {P, E}),
    "placement_export": ("get", {P, E}),
    "placement_detail": ("get", {P, E}),
    "referral_add": ("post", {P}),
    "referral_move": ("post", {P}),
    "workshop_list": ("get", {P, E}),
    "workshop_create": ("get", {P}),
    "workshop_detail": ("get", {P, E}),
    "workshop_edit": ("get", {P}),
    "workshop_attendance": ("post", {P}),
    "guidance_list": ("get", {P, E}),
    "guidance_create": ("get", {P}),
    "guidance_detail": ("get", {P, E}),
    "guidance_edit": ("get", {P}),
    "programme_list": ("get", {G, P, E}),
    "offer_list": ("get", {G, E}),
    "offer_create": ("get", {G}),
    "offer_detail": ("get", {G, E}),
    # Inclusion under Ley 21.015: sensitive data, like evaluations.
    "inclusion_person": ("get", {P, E}),
    "inclusion_profile_edit": ("get", {P}),
    "functional_evaluation_create": ("get", {P}),
    "functional_evaluation_list": ("get", {P, E}),
    "functional_evaluation_detail": ("get", {P, E}),
    "job_analysis_create": ("get", {P}),
    "job_analysis_list": ("get", {P, E}),
    "job_analysis_detail": ("get", {P, E}),
}


def test_the_matrix_covers_every_employment_page():
    names = {
        url.name.split(":", 1)[1] for url in discover_urls() if url.name.startswith("vacancies:")
    }

    assert names == set(MATRIX)


@pytest.fixture
def world(consenting, vacancy, psicologa, gestora, company):
    referral = refer(consenting, vacancy, psicologa)
    evaluation = Evaluation.objects.create(
        job_seeker=consenting, psychologist=psicologa, result="suitable"
    )
    workshop = Workshop.objects.create(date="2026-03-02", topic="Apresto", facilitator=psicologa)
    guidance = GuidanceSession.objects.create(
        held_on="2026-03-03", staff=psicologa, mode="individual", topics=["cv"]
    )
    guidance.participants.add(consenting)
    programme = Programme.objects.create(name="Aprendices", kind="subsidy")
    offer = ProgrammeOffer.objects.create(company=company, programme=programme, offered_by=gestora)
    consent = consent_give(
        job_seeker=consenting,
        purpose=Consent.Purpose.SHARE_PROFILE,
        company=company,
        method=Consent.Method.IN_PERSON,
        recorded_by=psicologa,
    )
    give_inclusion_consent(consenting, psicologa)
    functional_evaluation = functional_evaluation_create(
        job_seeker=consenting, evaluator=psicologa, findings="Se desempeña bien sentado"
    )
    job_analysis = job_analysis_create(
        vacancy=vacancy, analyst=psicologa, suitable=True, physical_demands="Carga liviana"
    )
    objects = {
        "inclusion_person": consenting,
        "inclusion_profile_edit": consenting,
        "functional_evaluation_create": consenting,
        "functional_evaluation_detail": functional_evaluation,
        "job_analysis_create": vacancy,
        "job_analysis_detail": job_analysis,
        "job_seeker_detail": consenting,
        "job_seeker_edit": consenting,
        "job_seeker_consent": consenting,
        "consent_share": consenting,
        "consent_withdraw": consent,
        "data_access": consenting,
        "data_export": consenting,
        "erase": consenting,
        "evaluation_create": consenting,
        "evaluation_detail": evaluation,
        "vacancy_detail": vacancy,
        "vacancy_edit": vacancy,
        "vacancy_posting": vacancy,
        "vacancy_proposal_confirm": vacancy,
        "vacancy_proposal_decline": vacancy,
        "referral_move": referral,
        "workshop_detail": workshop,
        "workshop_edit": workshop,
        "workshop_attendance": workshop,
        "guidance_detail": guidance,
        "guidance_edit": guidance,
        "offer_detail": offer,
        "placement_detail": Placement.objects.create(
            referral=referral,
            start_date="2026-03-16",
            contract_type=Vacancy.Contract.INDEFINITE,
            recorded_by=psicologa,
        ),
    }
    assert set(objects) == set(OBJECT_PAGES)
    return objects


@pytest.mark.parametrize("persona", [G, A, P, E, "alcaldia"])
@pytest.mark.parametrize("name", list(MATRIX))
def test_each_role_gets_exactly_its_pages(client, request, world, persona, name):
    method, allowed = MATRIX[name]
    client.force_login(request.getfixturevalue(persona))
    target = world.get(name)
    args = [target.pk] if target else [EXPORT_FORMATS[name]] if name in EXPORT_FORMATS else []
    url = reverse(f"vacancies:{name}", args=args)

    response = getattr(client, method)(url)

    if persona in allowed:
        assert response.status_code in (200, 302), (name, persona, response.status_code)
    else:
        assert response.status_code == 403, (name, persona, response.status_code)


EXPORT_FORMATS = {"referral_export": "csv", "placement_export": "xlsx"}

OBJECT_PAGES = [
    "inclusion_person",
    "inclusion_profile_edit",
    "functional_evaluation_create",
    "functional_evaluation_detail",
    "job_analysis_create",
    "job_analysis_detail",
    "placement_detail",
    "job_seeker_detail",
    "job_seeker_edit",
    "job_seeker_consent",
    "consent_share",
    "consent_withdraw",
    "data_access",
    "data_export",
    "erase",
    "evaluation_create",
    "evaluation_detail",
    "vacancy_detail",
    "vacancy_edit",
    "vacancy_posting",
    "vacancy_proposal_confirm",
    "vacancy_proposal_decline",
    "referral_move",
    "workshop_detail",
    "workshop_edit",
    "workshop_attendance",
    "guidance_detail",
    "guidance_edit",
    "offer_detail",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_an_unknown_object_is_not_found(client, request, name):
    method, allowed = MATRIX[name]
    client.force_login(request.getfixturevalue(sorted(allowed)[0]))

    response = getattr(client, method)(reverse(f"vacancies:{name}", args=[987654]))

    assert response.status_code == 404
