"""Writes on the inclusion data (Ley 21.015) and the legal quota.

Same contract as vacancies/services.py: keyword arguments, full_clean, one transaction. A
person's inclusion data is written only with their live consent for that purpose (Ley 21.719,
sensitive data); job analyses are about a position, not a person, and need none.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vacancies.inclusion_models import (
    FunctionalEvaluation,
    InclusionProfile,
    InclusionRead,
    JobAnalysis,
)
from vacancies.inclusion_selectors import has_inclusion_consent
from vacancies.models import JobSeeker, Vacancy

NO_CONSENT = (
    "Sin consentimiento vigente de la persona para tratar sus datos de inclusión laboral: "
    "regístrelo en su ficha antes de ingresar estos datos."
)

# Ley 21.015: companies of this many workers or more must employ people with a disability.
QUOTA_THRESHOLD = 100


def legal_quota(workers: int | None) -> int:
    """Positions for persons with a disability that Ley 21.015 asks of a company with
    `workers` workers: 1 % of the staff, counted in whole persons, from 100 workers on.

    The law counts people, so a fraction of a person is not owed: the 1 % is rounded down
    (250 workers: 2 positions, not 2.5 nor 3). Every company under the law owes at least one
    (100 to 199 workers: 1). Under 100 workers, or with the size unknown, it owes none.
    """
    if workers is None or workers < QUOTA_THRESHOLD:
        return 0
    return max(1, workers // 100)


def _refuse_without_consent(job_seeker: JobSeeker) -> None:
    if not has_inclusion_consent(job_seeker):
        raise ValidationError(NO_CONSENT)


def _refuse_future(day: date | None, field: str, what: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: f"La fecha {what} no puede ser futura."})


@transaction.atomic
def inclusion_profile_save(
    *,
    job_seeker: JobSeeker,
    acting_user,
    has_credential: bool = False,
    credential_number: str = "",
    credential_date: date | None = None,
    disability_type: str = "",
    disability_pension: bool = False,
    adjustments: str = "",
    notes: str = "",
) -> InclusionProfile:
    """Create the person's profile or update it: one per person, only with live consent."""
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    _refuse_without_consent(job_seeker)
    if not has_credential and (credential_number.strip() or credential_date):
        raise ValidationError(
            {"has_credential": "Marque que tiene credencial para indicar su número o fecha."}
        )
    _refuse_future(credential_date, "credential_date", "de la credencial")
    now = timezone.now()
    profile = InclusionProfile.objects.filter(job_seeker=job_seeker).first()
    if profile is None:
        profile = InclusionProfile(job_seeker=job_seeker, recorded_by=acting_user, created_at=now)
    else:
        profile.updated_by = acting_user
    profile.has_credential = has_credential
    profile.credential_number = credential_number.strip()
    profile.credential_date = credential_date
    profile.disability_type = disability_type
    profile.disability_pension = disability_pension
    profile.adjustments = adjustments.strip()
    profile.notes = notes.strip()
    profile.updated_at = now
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def functional_evaluation_create(
    *,
    job_seeker: JobSeeker,
    evaluator,
    findings: str,
    evaluated_on: date | None = None,
    recommended_adjustments: str = "",
    suitable_tasks: str = "",
) -> FunctionalEvaluation:
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    _refuse_without_consent(job_seeker)
    _refuse_future(evaluated_on, "evaluated_on", "de la evaluación")
    evaluation = FunctionalEvaluation(
        job_seeker=job_seeker,
        evaluator=evaluator,
        evaluated_on=evaluated_on or timezone.localdate(),
        findings=findings.strip(),
        recommended_adjustments=recommended_adjustments.strip(),
        suitable_tasks=suitable_tasks.strip(),
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def job_analysis_create(
    *,
    vacancy: Vacancy,
    analyst,
    suitable: bool,
    analysed_on: date | None = None,
    physical_demands: str = "",
    cognitive_demands: str = "",
    sensory_demands: str = "",
    accessibility: str = "",
    possible_adjustments: str = "",
) -> JobAnalysis:
    """Record the analysis of a vacancy's position; a company's proposal not yet confirmed
    has no position to analyse."""
    if vacancy.status in Vacancy.PROPOSAL_STATUSES:
        raise ValidationError("Es una propuesta de la empresa: confírmela antes de analizarla.")
    _refuse_future(analysed_on, "analysed_on", "del análisis")
    analysis = JobAnalysis(
        vacancy=vacancy,
        analyst=analyst,
        analysed_on=analysed_on or timezone.localdate(),
        physical_demands=physical_demands.strip(),
        cognitive_demands=cognitive_demands.strip(),
        sensory_demands=sensory_demands.strip(),
        accessibility=accessibility.strip(),
        possible_adjustments=possible_adjustments.strip(),
        suitable=suitable,
    )
    if not any((analysis.physical_demands, analysis.cognitive_demands, analysis.sensory_demands)):
        raise ValidationError({"physical_demands": "Describa al menos una exigencia del puesto."})
    analysis.full_clean()
    analysis.save()
    return analysis


def inclusion_record_read(
    *,
    reader,
    profile: InclusionProfile | None = None,
    functional_evaluation: FunctionalEvaluation | None = None,
    job_analysis: JobAnalysis | None = None,
    at: datetime | None = None,
) -> InclusionRead:
    """Every opening of inclusion data leaves a trace, as evaluation_record_read does: pages
    call this on GET, deliberately (tests/test_get_writes_nothing.py lists it)."""
    read = InclusionRead(
        reader=reader,
        profile=profile,
        functional_evaluation=functional_evaluation,
        job_analysis=job_analysis,
        read_at=at or timezone.now(),
    )
    read.full_clean()
    read.save()
    return read


def inclusion_record_person_reads(*, job_seeker: JobSeeker, reader, at: datetime) -> None:
    """Log the reading of every inclusion record shown with a person's data (their access
    page and file)."""
    profile = InclusionProfile.objects.filter(job_seeker=job_seeker).first()
    reads = [InclusionRead(profile=profile, reader=reader, read_at=at)] if profile else []
    reads += [
        InclusionRead(functional_evaluation=evaluation, reader=reader, read_at=at)
        for evaluation in FunctionalEvaluation.objects.filter(job_seeker=job_seeker)
    ]
    InclusionRead.objects.bulk_create(reads)


def inclusion_erase(job_seeker: JobSeeker) -> None:
    """At a person's erasure, empty what their inclusion records say about them. The rows
    stay, without content, so past months keep counting the evaluation and the placement of a
    person with a disability."""
    InclusionProfile.objects.filter(job_seeker=job_seeker).update(
        credential_number="",
        credential_date=None,
        disability_type="",
        adjustments="",
        notes="",
    )
    FunctionalEvaluation.objects.filter(job_seeker=job_seeker).update(
        findings="", recommended_adjustments="", suitable_tasks=""
    )
