"""Reads of the inclusion data (Ley 21.015): consent state, pages, lists and the counters of
the monthly report.

A person's profile and functional evaluations are shown only while their consent for
«datos de inclusión laboral» is live; without it they are sealed (see `sealed_since`), but they
still count: a withdrawal must not change the figures of months already reported.
"""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from vacancies.consent_models import Consent
from vacancies.consent_selectors import has_live_consent
from vacancies.inclusion_models import (
    FunctionalEvaluation,
    InclusionProfile,
    InclusionRead,
    JobAnalysis,
)
from vacancies.models import JobSeeker, Placement

INCLUSION = Consent.Purpose.INCLUSION_DATA


def _live_consents():
    return Consent.objects.filter(purpose=INCLUSION, withdrawn_at__isnull=True)


def has_inclusion_consent(job_seeker: JobSeeker) -> bool:
    """Whether the person's consent to process their inclusion data is live right now."""
    return has_live_consent(job_seeker, INCLUSION)


def sealed_since(job_seeker: JobSeeker) -> datetime | None:
    """When the person withdrew the consent their inclusion data was recorded under, if it is
    not live now (None: live, or never given)."""
    if has_inclusion_consent(job_seeker):
        return None
    last = (
        Consent.objects.filter(job_seeker=job_seeker, purpose=INCLUSION, withdrawn_at__isnull=False)
        .order_by("-withdrawn_at")
        .values_list("withdrawn_at", flat=True)
        .first()
    )
    return last


def with_consent_live(queryset: QuerySet, person_path: str = "job_seeker") -> QuerySet:
    """Annotate `consent_live`: False when the person's data is sealed (consent withdrawn or
    never given, or the person erased, whose consents are withdrawn with the erasure)."""
    live = _live_consents().filter(job_seeker=OuterRef(person_path))
    return queryset.annotate(consent_live=Exists(live))


def person_profile(job_seeker: JobSeeker) -> InclusionProfile | None:
    return (
        InclusionProfile.objects.select_related("recorded_by", "updated_by")
        .filter(job_seeker=job_seeker)
        .first()
    )


def person_functional_evaluations(job_seeker: JobSeeker) -> QuerySet:
    return (
        FunctionalEvaluation.objects.filter(job_seeker=job_seeker)
        .select_related("evaluator")
        .order_by("-evaluated_on", "-pk")
    )


def functional_evaluation_list_queryset() -> QuerySet:
    queryset = FunctionalEvaluation.objects.select_related("job_seeker", "evaluator")
    return with_consent_live(queryset).order_by("-evaluated_on", "-pk")


def functional_evaluation_page(pk: int) -> FunctionalEvaluation | None:
    queryset = FunctionalEvaluation.objects.select_related("job_seeker", "evaluator")
    return with_consent_live(queryset).filter(pk=pk).first()


def job_analysis_list_queryset() -> QuerySet:
    return JobAnalysis.objects.select_related("vacancy__company", "analyst").order_by(
        "-analysed_on", "-pk"
    )


def job_analysis_page(pk: int) -> JobAnalysis | None:
    return job_analysis_list_queryset().filter(pk=pk).first()


def vacancy_job_analyses(vacancy) -> QuerySet:
    return vacancy.job_analyses.select_related("analyst").order_by("-analysed_on", "-pk")


# Counters ------------------------------------------------------------------------------------


def has_inclusion_profile(person_path: str = "referral__job_seeker") -> Exists:
    """Placements (by default) of persons with an inclusion profile, sealed or not: a
    withdrawn consent keeps the person counted among those placed."""
    return Exists(InclusionProfile.objects.filter(job_seeker=OuterRef(person_path)))


def functional_evaluations_between(first: date, last: date) -> int:
    """«Evaluaciones funcionales» of the monthly report."""
    return FunctionalEvaluation.objects.filter(
        evaluated_on__gte=first, evaluated_on__lte=last
    ).count()


def job_analyses_between(first: date, last: date, companies: Q | None = None) -> int:
    """«Análisis de puestos de trabajo» of the monthly report (`companies`: the park's, from
    the analysis)."""
    analyses = JobAnalysis.objects.filter(analysed_on__gte=first, analysed_on__lte=last)
    return analyses.filter(companies if companies is not None else Q()).count()


def pcd_placements(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Placement.objects.all() if queryset is None else queryset
    return queryset.filter(has_inclusion_profile())


def pcd_placed_between(first: date, last: date, companies: Q | None = None) -> int:
    """«Personas con discapacidad colocadas»: distinct persons with an inclusion profile whose
    placement started in the period (`companies`: the park's, from the placement)."""
    placements = pcd_placements().filter(start_date__gte=first, start_date__lte=last)
    if companies is not None:
        placements = placements.filter(companies)
    return placements.values("referral__job_seeker").distinct().count()


def pcd_placed_in_company(company) -> int:
    """Persons with an inclusion profile the office placed in the company, ever."""
    placements = pcd_placements().filter(referral__vacancy__company=company)
    return placements.values("referral__job_seeker").distinct().count()


# The person's own data export ----------------------------------------------------------------


def _day(day) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def inclusion_personal_data(job_seeker: JobSeeker) -> dict:
    """The person's inclusion data for their access and portability requests: sealed data
    included, since it is theirs."""
    profile = person_profile(job_seeker)
    evaluations = person_functional_evaluations(job_seeker)
    return {
        "perfil": None
        if profile is None
        else {
            "tiene_credencial_rnd": "Sí" if profile.has_credential else "No",
            "numero_de_credencial": profile.credential_number,
            "fecha_de_credencial": _day(profile.credential_date),
            "tipo_de_discapacidad": profile.get_disability_type_display(),
            "pension_de_invalidez": "Sí" if profile.disability_pension else "No",
            "ajustes_que_necesita": profile.adjustments,
            "observaciones": profile.notes,
            "registrado_por": _name(profile.recorded_by),
        },
        "evaluaciones_funcionales": [
            {
                "fecha": _day(evaluation.evaluated_on),
                "evaluadora": _name(evaluation.evaluator),
                "resultados": evaluation.findings,
                "ajustes_recomendados": evaluation.recommended_adjustments,
                "tareas_adecuadas": evaluation.suitable_tasks,
            }
            for evaluation in evaluations
        ],
    }


def reads_of(limit: int, **target) -> QuerySet:
    """The latest readings of one profile, evaluation or analysis (the Encargado's audit)."""
    return InclusionRead.objects.filter(**target).select_related("reader")[:limit]
