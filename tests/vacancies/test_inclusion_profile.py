"""A person's inclusion profile (Ley 21.015): recorded only with their consent for that
purpose, read only by the Psicóloga and the Encargado, every reading logged, and sealed once
the consent is withdrawn."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.inclusion_data import give_inclusion_consent, withdraw_inclusion_consent
from vacancies.inclusion_models import InclusionProfile, InclusionRead
from vacancies.inclusion_services import NO_CONSENT, inclusion_profile_save
from vacancies.people_services import job_seeker_erase

ADJUSTMENTS = "Rampa de acceso y baño adaptado."


@pytest.fixture
def included(consenting, psicologa):
    give_inclusion_consent(consenting, psicologa)
    return consenting


@pytest.fixture
def profile(included, psicologa):
    return inclusion_profile_save(
        job_seeker=included,
        acting_user=psicologa,
        has_credential=True,
        credential_number="RND-4471",
        disability_type="physical",
        adjustments=ADJUSTMENTS,
    )


def page(person):
    return reverse("vacancies:inclusion_person", args=[person.pk])


def edit(person):
    return reverse("vacancies:inclusion_profile_edit", args=[person.pk])


def test_the_psicologa_records_the_profile(as_psicologa, included):
    response = as_psicologa.post(
        edit(included),
        {
            "has_credential": "on",
            "credential_number": "RND-4471",
            "disability_type": "hearing",
            "adjustments": "Intérprete de lengua de señas en la inducción.",
        },
    )

    assert response.status_code == 302
    shown = as_psicologa.get(page(included)).content.decode()
    assert "Intérprete de lengua de señas en la inducción." in shown
    assert "Sensorial auditiva" in shown
    assert InclusionProfile.objects.get(job_seeker=included).credential_number == "RND-4471"


def test_editing_keeps_one_profile_and_says_who_changed_it(as_psicologa, profile, psicologa):
    as_psicologa.post(edit(profile.job_seeker), {"adjustments": "Jornada adaptada."})

    saved = InclusionProfile.objects.get(job_seeker=profile.job_seeker)
    assert saved.pk == profile.pk
    assert saved.adjustments == "Jornada adaptada."
    assert saved.updated_by == psicologa


def test_without_consent_the_profile_is_refused_in_spanish(consenting, psicologa):
    with pytest.raises(ValidationError) as refused:
        inclusion_profile_save(job_seeker=consenting, acting_user=psicologa, adjustments="Rampa")

    assert refused.value.messages == [NO_CONSENT]
    assert not InclusionProfile.objects.exists()


def test_without_consent_the_form_sends_back_with_the_reason(as_psicologa, consenting):
    response = as_psicologa.post(edit(consenting), {"adjustments": "Rampa"}, follow=True)

    assert "Sin consentimiento vigente" in response.content.decode()
    assert not InclusionProfile.objects.exists()


def test_a_credential_number_needs_the_credential(as_psicologa, included):
    response = as_psicologa.post(edit(included), {"credential_number": "RND-1"})

    assert response.status_code == 200
    assert "Marque que tiene credencial" in response.content.decode()
    assert not InclusionProfile.objects.exists()


def test_every_reading_is_logged(as_psicologa, profile, psicologa):
    as_psicologa.get(page(profile.job_seeker))
    as_psicologa.get(page(profile.job_seeker))

    assert InclusionRead.objects.filter(profile=profile, reader=psicologa).count() == 2


def test_the_encargado_reads_and_sees_the_log_but_does_not_edit(
    client, encargado, profile, psicologa
):
    client.force_login(encargado)
    InclusionRead.objects.create(profile=profile, reader=psicologa)

    shown = client.get(page(profile.job_seeker)).content.decode()

    assert ADJUSTMENTS in shown
    reads = shown.split('data-testid="inclusion-reads"', 1)[1]
    assert "Psicologa" in reads and "Encargado" in reads
    assert client.get(edit(profile.job_seeker)).status_code == 403


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "alcaldia"])
def test_other_roles_are_refused(client, persona, profile, request):
    client.force_login(request.getfixturevalue(persona))
    person = profile.job_seeker

    for url in (page(person), edit(person)):
        assert client.get(url).status_code == 403
    assert not InclusionRead.objects.exists()


def test_the_person_page_links_to_the_inclusion_page(as_psicologa, profile):
    person_url = reverse("vacancies:job_seeker_detail", args=[profile.job_seeker.pk])
    assert 'data-testid="inclusion-link"' in as_psicologa.get(person_url).content.decode()


def test_after_withdrawal_the_data_is_sealed_but_kept(as_psicologa, profile, psicologa):
    withdrawn = withdraw_inclusion_consent(profile.job_seeker, psicologa)

    shown = as_psicologa.get(page(profile.job_seeker)).content.decode()

    day = timezone.localtime(withdrawn.withdrawn_at).strftime("%d-%m-%Y")
    assert f"Datos sellados: la persona retiró su consentimiento el {day}" in shown
    assert ADJUSTMENTS not in shown
    assert "RND-4471" not in shown
    assert not InclusionRead.objects.exists()
    assert InclusionProfile.objects.filter(pk=profile.pk).exists()
    assert as_psicologa.get(edit(profile.job_seeker)).status_code == 302


def test_the_persons_own_export_holds_their_sealed_inclusion_data(
    client, encargado, profile, psicologa
):
    withdraw_inclusion_consent(profile.job_seeker, psicologa)
    client.force_login(encargado)

    response = client.get(reverse("vacancies:data_export", args=[profile.job_seeker.pk]))

    data = json.loads(response.content)["inclusion_laboral"]
    assert data["perfil"]["ajustes_que_necesita"] == ADJUSTMENTS
    assert data["perfil"]["numero_de_credencial"] == "RND-4471"
    assert InclusionRead.objects.filter(profile=profile, reader=encargado).count() == 1
    access = client.get(reverse("vacancies:data_access", args=[profile.job_seeker.pk]))
    assert ADJUSTMENTS in access.content.decode()


def test_an_erasure_empties_the_profile_but_keeps_the_row(profile, encargado):
    job_seeker_erase(job_seeker=profile.job_seeker, erased_by=encargado)

    kept = InclusionProfile.objects.get(pk=profile.pk)
    assert (kept.adjustments, kept.credential_number, kept.disability_type) == ("", "", "")
