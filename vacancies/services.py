"""The referral pipeline: who may be referred, how stages move, and what a hire means."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vacancies.models import JobSeeker, Placement, Referral, ReferralStageChange, Vacancy

Stage = Referral.Stage

ALLOWED_MOVES: dict[str, set[str]] = {
    Stage.REFERRED: {Stage.INTERVIEW, Stage.HIRED, Stage.NOT_SELECTED, Stage.WITHDRAWN},
    Stage.INTERVIEW: {Stage.HIRED, Stage.NOT_SELECTED, Stage.WITHDRAWN},
    Stage.HIRED: set(),
    Stage.NOT_SELECTED: set(),
    Stage.WITHDRAWN: set(),
}


def job_seeker_record_consent(
    *, job_seeker: JobSeeker, purpose: str, recorded_by, at: datetime | None = None
) -> JobSeeker:
    if not purpose.strip():
        raise ValidationError({"consent_purpose": "Indique para qué se otorga el consentimiento."})
    job_seeker.consent_given_at = at or timezone.now()
    job_seeker.consent_purpose = purpose.strip()
    job_seeker.consent_recorded_by = recorded_by
    job_seeker.save(update_fields=["consent_given_at", "consent_purpose", "consent_recorded_by"])
    return job_seeker


@transaction.atomic
def referral_create(
    *, job_seeker: JobSeeker, vacancy: Vacancy, referred_by, at: datetime | None = None
) -> Referral:
    """Refer a person to a vacancy: only with consent, only to an open vacancy, only once."""
    at = at or timezone.now()
    if not job_seeker.has_consent:
        raise ValidationError(
            "La persona no ha otorgado su consentimiento para el tratamiento de sus datos."
        )
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError("La vacante no está abierta.")
    if Referral.objects.filter(
        job_seeker=job_seeker, vacancy=vacancy, stage__in=Referral.ACTIVE_STAGES
    ).exists():
        raise ValidationError("La persona ya está derivada a esta vacante.")
    referral = Referral.objects.create(
        job_seeker=job_seeker,
        vacancy=vacancy,
        referred_by=referred_by,
        referred_at=at,
        stage_changed_at=at,
    )
    ReferralStageChange.objects.create(
        referral=referral, to_stage=Stage.REFERRED, changed_by=referred_by, changed_at=at
    )
    return referral


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    stage: str,
    changed_by,
    at: datetime | None = None,
    start_date: date | None = None,
    contract_type: str = "",
) -> Referral:
    """Move a candidate to another stage. A hire records the placement and, when the last
    position is taken, marks the vacancy filled; no vacancy gets more hires than positions."""
    at = at or timezone.now()
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if stage not in ALLOWED_MOVES[referral.stage]:
        raise ValidationError(
            f"No se puede pasar de «{referral.get_stage_display()}» a «{Stage(stage).label}»."
        )
    if stage == Stage.HIRED:
        vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
        hired = Placement.objects.filter(referral__vacancy=vacancy).count()
        if hired >= vacancy.positions:
            raise ValidationError("La vacante ya tiene todos sus cupos cubiertos.")
        Placement.objects.create(
            referral=referral,
            start_date=start_date or timezone.localdate(at),
            contract_type=contract_type or vacancy.contract_type,
            recorded_by=changed_by,
            recorded_at=at,
        )
        if hired + 1 == vacancy.positions:
            vacancy.status = Vacancy.Status.FILLED
            vacancy.save(update_fields=["status"])
    ReferralStageChange.objects.create(
        referral=referral,
        from_stage=referral.stage,
        to_stage=stage,
        changed_by=changed_by,
        changed_at=at,
    )
    referral.stage = stage
    referral.stage_changed_at = at
    referral.save(update_fields=["stage", "stage_changed_at"])
    return referral


def vacancy_create(
    *,
    company,
    title: str,
    captured_by,
    positions: int = 1,
    requirements: str = "",
    shift: str = "",
    contract_type: str = Vacancy.Contract.FIXED_TERM,
    salary_min: int | None = None,
    salary_max: int | None = None,
    opened_on: date | None = None,
    closing_date: date | None = None,
    captured_on_visit=None,
) -> Vacancy:
    vacancy = Vacancy(
        company=company,
        title=title.strip(),
        positions=positions,
        requirements=requirements.strip(),
        shift=shift.strip(),
        contract_type=contract_type,
        salary_min=salary_min,
        salary_max=salary_max,
        opened_on=opened_on or timezone.localdate(),
        closing_date=closing_date,
        captured_by=captured_by,
        captured_on_visit=captured_on_visit,
    )
    vacancy.full_clean()
    vacancy.save()
    return vacancy
