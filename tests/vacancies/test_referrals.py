from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from vacancies.models import Placement, Referral, Vacancy
from vacancies.people_services import job_seeker_record_consent
from vacancies.services import referral_create, referral_move, vacancy_create

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

    assert error.value.message_dict == {
        "salary_max": ["La renta máxima no puede ser menor que la mínima."]
    }
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_every_move_records_who_and_when(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    moment = timezone.now()

    referral_move(referral=referral, stage=Stage.INTERVIEW, changed_by=psicologa, at=moment)

    change = referral.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.changed_by, change.changed_at) == (
        Stage.REFERRED,
        Stage.INTERVIEW,
        psicologa,
        moment,
    )
    referral.refresh_from_db()
    assert (referral.stage, referral.stage_changed_at) == (Stage.INTERVIEW, moment)


@pytest.mark.django_db
def test_a_hire_keeps_the_start_date_and_contract_given(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    start = timezone.localdate() + timedelta(days=7)

    referral_move(
        referral=referral,
        stage=Stage.HIRED,
        changed_by=psicologa,
        start_date=start,
        contract_type="indefinite",
    )

    placement = Placement.objects.get()
    assert (placement.start_date, placement.contract_type, placement.recorded_by) == (
        start,
        "indefinite",
        psicologa,
    )


@pytest.mark.django_db
def test_a_vacancy_with_positions_left_stays_open_after_a_hire(consenting, company, psicologa):
    two = vacancy_create(company=company, title="Grúa", positions=2, captured_by=psicologa)
    referral = referral_create(job_seeker=consenting, vacancy=two, referred_by=psicologa)

    referral_move(referral=referral, stage=Stage.HIRED, changed_by=psicologa)

    two.refresh_from_db()
    assert two.status == Vacancy.Status.OPEN


@pytest.mark.django_db
def test_a_finished_referral_cannot_move_again(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    referral_move(referral=referral, stage=Stage.NOT_SELECTED, changed_by=psicologa)

    with pytest.raises(ValidationError) as error:
        referral_move(referral=referral, stage=Stage.INTERVIEW, changed_by=psicologa)

    assert error.value.messages == ["No se puede pasar de «No seleccionado» a «En entrevista»."]
    referral.refresh_from_db()
    assert referral.stage == Stage.NOT_SELECTED
    assert referral.stage_changes.count() == 2


@pytest.mark.django_db
def test_an_unknown_stage_is_refused(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)

    with pytest.raises(ValidationError):
        referral_move(referral=referral, stage="promoted", changed_by=psicologa)

    referral.refresh_from_db()
    assert referral.stage == Stage.REFERRED


@pytest.mark.django_db
def test_no_referral_to_a_vacancy_that_is_not_open(consenting, vacancy, psicologa):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)

    with pytest.raises(ValidationError) as error:
        referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)

    assert error.value.messages == ["La vacante no está abierta (Cerrada)."]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_vacancy_admits_no_hire(consenting, vacancy, psicologa):
    referral = referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CANCELLED)

    with pytest.raises(ValidationError) as error:
        referral_move(referral=referral, stage=Stage.HIRED, changed_by=psicologa)

    assert "cancelada" in error.value.messages[0]
    assert not Placement.objects.exists()
