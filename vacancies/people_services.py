"""Every write on a job seeker's personal data and rights under Ley 21.719: registering and
correcting a person, consent, requests to see or erase their data, the log of who read it,
and erasure. Vacancies, referrals and evaluations: vacancies/services.py.
"""

from datetime import date, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.rut import format_rut, normalize_rut
from omil_crm.base.comunas import find_comuna
from vacancies.consent_models import Consent
from vacancies.guidance_models import GuidanceSession
from vacancies.inclusion_services import inclusion_erase, inclusion_record_person_reads
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    EvaluationRead,
    JobSeeker,
    Placement,
)

# Chilean law allows work from 15 with the parents' authorisation.
MINIMUM_AGE = 15

PERSONAL_FIELDS = (
    "email",
    "phone",
    "comuna",
    "address",
    "education",
    "experience",
    "skills",
    "availability",
    "sex",
    "consent_purpose",
)

# What erasure overwrites, also in every historical version of the person.
ERASED_FIELDS = (
    "rut",
    "first_name",
    "last_name",
    *PERSONAL_FIELDS,
    "birth_date",
    "consent_given_at",
    "consent_recorded_by",
)


# Job seekers --------------------------------------------------------------------------------


def refuse_if_erased(job_seeker: JobSeeker) -> None:
    if job_seeker.is_erased:
        raise ValidationError("Los datos de esta persona fueron eliminados a su solicitud.")


def _check_person(job_seeker: JobSeeker) -> None:
    """The rules a person's record must keep, reported next to the field they concern."""
    errors = {}
    if not job_seeker.rut:
        errors["rut"] = "Indique el RUT de la persona."
    else:
        try:
            job_seeker.rut = normalize_rut(job_seeker.rut)
        except ValidationError as error:
            errors["rut"] = error.messages
        else:
            twin = JobSeeker.objects.filter(rut=job_seeker.rut).exclude(pk=job_seeker.pk).first()
            if twin is not None:
                errors["rut"] = (
                    f"Ya hay una persona inscrita con el RUT {format_rut(job_seeker.rut)}: "
                    f"{twin.full_name}."
                )
    birth = job_seeker.birth_date
    if birth is not None:
        today = timezone.localdate()
        if birth >= today:
            errors["birth_date"] = "La fecha de nacimiento debe ser pasada."
        elif birth > today.replace(year=today.year - MINIMUM_AGE):
            errors["birth_date"] = f"La persona debe tener al menos {MINIMUM_AGE} años."
    if errors:
        raise ValidationError(errors)


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def job_seeker_create(
    *,
    registered_by,
    rut: str,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    comuna: str = "",
    address: str = "",
    birth_date: date | None = None,
    sex: str = "",
    education: str = "",
    experience: str = "",
    skills: str = "",
    availability: str = "",
    consent_purpose: str = "",
) -> JobSeeker:
    """Register a person; with a purpose, their consent is recorded at the same time."""
    job_seeker = JobSeeker(registered_by=registered_by, rut=_clean_text(rut))
    _assign(
        job_seeker,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        comuna=comuna,
        address=address,
        birth_date=birth_date,
        sex=sex,
        education=education,
        experience=experience,
        skills=skills,
        availability=availability,
    )
    _check_person(job_seeker)
    job_seeker.full_clean()
    job_seeker.save()
    if consent_purpose.strip():
        job_seeker_record_consent(
            job_seeker=job_seeker, purpose=consent_purpose, recorded_by=registered_by
        )
    return job_seeker


def _assign(job_seeker: JobSeeker, *, birth_date: date | None, **texts: str) -> None:
    for name, value in texts.items():
        setattr(job_seeker, name, _clean_text(value))
    # Callers may pass a name as people write it ("concon"); the official code is stored.
    job_seeker.comuna = find_comuna(job_seeker.comuna) or job_seeker.comuna
    job_seeker.birth_date = birth_date


@transaction.atomic
def job_seeker_update(
    *,
    job_seeker: JobSeeker,
    rut: str,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    comuna: str = "",
    address: str = "",
    birth_date: date | None = None,
    sex: str = "",
    education: str = "",
    experience: str = "",
    skills: str = "",
    availability: str = "",
) -> JobSeeker:
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    refuse_if_erased(job_seeker)
    job_seeker.rut = _clean_text(rut)
    _assign(
        job_seeker,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        comuna=comuna,
        address=address,
        birth_date=birth_date,
        sex=sex,
        education=education,
        experience=experience,
        skills=skills,
        availability=availability,
    )
    _check_person(job_seeker)
    job_seeker.full_clean()
    job_seeker.save()
    return job_seeker


def job_seeker_record_consent(
    *,
    job_seeker: JobSeeker,
    purpose: str,
    recorded_by,
    at: datetime | None = None,
    method: str = Consent.Method.IN_PERSON,
) -> JobSeeker:
    """Record that the person consents to the processing of their data for intermediation,
    with the wording they were given, and who took it down. Required before any referral
    (Ley 21.719: lawfulness and purpose). The record is a Consent row; see consent_give."""
    # Imported here: consent_services uses this module's refuse_if_erased.
    from vacancies.consent_services import consent_give

    refuse_if_erased(job_seeker)
    if not purpose.strip():
        raise ValidationError({"consent_purpose": "Indique para qué se otorga el consentimiento."})
    consent_give(
        job_seeker=job_seeker,
        purpose=Consent.Purpose.INTERMEDIATION,
        method=method,
        recorded_by=recorded_by,
        given_at=at,
        wording=purpose,
    )
    job_seeker.refresh_from_db()
    return job_seeker


# Data-subject rights ------------------------------------------------------------------------


@transaction.atomic
def data_request_record(
    *, job_seeker: JobSeeker, kind: str, handled_by, at: datetime | None = None
) -> DataSubjectRequest:
    """Record that an access or portability request was answered (the data handed over): an
    explicit action, never the mere showing or downloading of the data."""
    refuse_if_erased(job_seeker)
    request = DataSubjectRequest(
        kind=kind, job_seeker=job_seeker, handled_by=handled_by, handled_at=at or timezone.now()
    )
    request.full_clean()
    request.save()
    return request


def personal_data_record_read(*, job_seeker: JobSeeker, reader, at: datetime | None = None) -> None:
    """Log the reading of every evaluation and inclusion record shown with a person's data
    (sensitive data); called on GET, like evaluation_record_read."""
    at = at or timezone.now()
    EvaluationRead.objects.bulk_create(
        EvaluationRead(evaluation=evaluation, reader=reader, read_at=at)
        for evaluation in job_seeker.evaluations.all()
    )
    inclusion_record_person_reads(job_seeker=job_seeker, reader=reader, at=at)


def _erase_guidance_notes(job_seeker: JobSeeker) -> None:
    """An individual session's next steps and free topic are about the person: emptied, in
    the history too. The session stays (the month's «Personas con orientación laboral»)."""
    sessions = GuidanceSession.objects.filter(
        participants=job_seeker, mode=GuidanceSession.Mode.INDIVIDUAL
    )
    ids = list(sessions.values_list("pk", flat=True))
    GuidanceSession.objects.filter(pk__in=ids).update(next_steps="", topic_other="")
    GuidanceSession.history.model.objects.filter(id__in=ids).update(next_steps="", topic_other="")


@transaction.atomic
def job_seeker_erase(
    *, job_seeker: JobSeeker, erased_by, at: datetime | None = None
) -> DataSubjectRequest:
    """Erase a person at their request.

    Personal fields are emptied, evaluations (sensitive data) deleted; the row itself stays,
    anonymous, because referrals and placements point to it and the office's figures
    (referrals and placements per company and month, workshop attendance) must not change.
    The change history is cleansed the same way (see `_erase_history`).
    """
    at = at or timezone.now()
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    refuse_if_erased(job_seeker)
    evaluations = job_seeker.evaluations.count()
    referrals = job_seeker.referrals.count()
    placements = Placement.objects.filter(referral__job_seeker=job_seeker).count()
    job_seeker.evaluations.all().delete()
    _erase_guidance_notes(job_seeker)
    inclusion_erase(job_seeker)
    job_seeker.rut = None
    job_seeker.first_name = "Persona"
    job_seeker.last_name = "eliminada"
    for name in PERSONAL_FIELDS:
        setattr(job_seeker, name, "")
    job_seeker.birth_date = None
    job_seeker.consent_given_at = None
    job_seeker.consent_recorded_by = None
    job_seeker.erased_at = at
    job_seeker.full_clean()
    job_seeker.save()
    # No company sees an erased person again; the consents' dates stay as proof.
    Consent.objects.filter(job_seeker=job_seeker, withdrawn_at__isnull=True).update(
        withdrawn_at=at, withdrawn_by=erased_by
    )
    _erase_history(job_seeker)
    request = DataSubjectRequest(
        kind=DataSubjectRequest.Kind.ERASURE,
        job_seeker=job_seeker,
        handled_by=erased_by,
        handled_at=at,
        detail=(
            f"Se eliminaron los datos personales y {evaluations} evaluación(es); se conservan "
            f"sin datos personales {referrals} derivación(es) y {placements} colocación(es)."
        ),
    )
    request.full_clean()
    request.save()
    return request


def _erase_history(job_seeker: JobSeeker) -> None:
    """Leave no erased data in the records kept about the records.

    Every historical version of the person gets the erased values, so the history still says
    who registered or edited the person and when, but no longer what the data were. The
    history of the deleted evaluations goes with them (their notes are the most sensitive data
    the office holds). Referral history holds only ids, stages and dates, and stays. The Django
    admin's log names the object it touched: that name is replaced too.
    """
    erased = {name: getattr(job_seeker, name) for name in ERASED_FIELDS}
    JobSeeker.history.filter(id=job_seeker.pk).update(**erased)
    Evaluation.history.filter(job_seeker_id=job_seeker.pk).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(JobSeeker), object_id=str(job_seeker.pk)
    ).update(object_repr=str(job_seeker))
