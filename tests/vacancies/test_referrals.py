import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from vacancies.models import Placement, Referral, Vacancy
from vacancies.services import (
    job_seeker_record_consent,
    referral_create,
    referral_move,
    vacancy_create,
)

Stage = Referral.Stage


@pytest.fixture
def vacancy(company, gestora):
    return vacancy_create(
        company=company, title="Operario de bodega", positions=1, captured_by=gestora
    )


@pytest.fixture
def consenting(job_seeker, psicologa):
    return job_seeker_record_consent(
        job_seeker=job_seeker, purpose="Intermediación laboral", recorded_by=psicologa
    )


@pytest.mark.django_db
def test_no_referral_without_consent(job_seeker, vacancy, psicologa):
    with pytest.raises(ValidationError) as error:
        referral_create(job_seeker=job_seeker, vacancy=vacancy, referred_by=psicologa)

    assert "consentimiento" in error.value.messages[0]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_no_second_active_referral_of_one_person_to_one_vacancy(consenting, vacancy, psicologa):
    referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)

    with pytest.raises(ValidationError):
        referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_the_database_also_refuses_a_second_active_referral(consenting, vacancy, psicologa):
    Referral.objects.create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)

    with pytest.raises(IntegrityError):
        Referral.objects.create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)


@pytest.mark.django_db
def test_a_withdrawn_person_may_be_referred_again(consenting, vacancy, psicologa):
    first = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    referral_move(referral=first, stage=Stage.WITHDRAWN, changed_by=psicologa)

    second = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)

    assert second.stage == Stage.REFERRED


@pytest.mark.django_db
def test_a_hire_records_the_placement_and_fills_the_vacancy(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    referral_move(referral=referral, stage=Stage.INTERVIEW, changed_by=psicologa)
    referral_move(referral=referral, stage=Stage.HIRED, changed_by=psicologa)

    placement = Placement.objects.get()
    assert placement.referral == referral
    assert placement.start_date == timezone.localdate()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert list(referral.stage_changes.values_list("to_stage", flat=True)) == [
        "referred",
        "interview",
        "hired",
    ]


@pytest.mark.django_db
def test_no_hire_beyond_the_positions(consenting, vacancy, psicologa, job_seeker):
    from vacancies.models import JobSeeker

    other = JobSeeker.objects.create(rut="11111111-1", first_name="Ana", last_name="Soto")
    job_seeker_record_consent(job_seeker=other, purpose="Intermediación", recorded_by=psicologa)
    first = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    second = referral_create(job_seeker=other, vacancy=vacancy, referred_by=psicologa)
    referral_move(referral=first, stage=Stage.HIRED, changed_by=psicologa)

    with pytest.raises(ValidationError) as error:
        referral_move(referral=second, stage=Stage.HIRED, changed_by=psicologa)

    assert "cupos" in error.value.messages[0]
    assert Placement.objects.count() == 1
    second.refresh_from_db()
    assert second.stage == Stage.REFERRED


@pytest.mark.django_db
def test_a_placement_exists_only_from_a_referral(psicologa):
    with pytest.raises(IntegrityError):
        Placement.objects.create(
            referral=None,
            start_date=timezone.localdate(),
            contract_type="fixed_term",
            recorded_by=psicologa,
        )


@pytest.mark.django_db
def test_a_salary_range_upside_down_is_refused(company, gestora):
    with pytest.raises(ValidationError) as error:
        vacancy_create(
            company=company,
            title="Soldador",
            captured_by=gestora,
            salary_min=900000,
            salary_max=600000,
        )

    assert "__all__" in error.value.message_dict
    assert not Vacancy.objects.exists()
