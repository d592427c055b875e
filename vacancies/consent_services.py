"""Recording and withdrawing a job seeker's consents per purpose (vacancies/consent_models.py).

Same contract as vacancies/services.py: keyword arguments, full_clean, one transaction.
The intermediation consent is also mirrored on the person (JobSeeker.consent_given_at and
friends) in the same transaction, so no reader ever sees the row and the mirror disagree.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from companies.models import Company
from vacancies.consent_models import Consent
from vacancies.models import JobSeeker, Referral
from vacancies.people_services import refuse_if_erased

Purpose = Consent.Purpose

# What the person's record says the consent was for when the form gave no wording.
INTERMEDIATION_WORDING = "Intermediación laboral"

# The person's columns that mirror their live intermediation consent.
MIRROR_FIELDS = [
    "consent_given_at",
    "consent_recorded_by",
    "consent_purpose",
    "consent_withdrawn_at",
]


def consent_moment(day: date) -> datetime:
    """When a consent given on `day` (as the form asks it) is recorded: now if today, else the
    start of that day in Santiago, so a withdrawal later that day is never «before» it."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time.min))


def share_companies(job_seeker: JobSeeker):
    """The companies a person's profile may be shared with: those of the vacancies they were
    referred to (a company only ever sees candidates of its own vacancies)."""
    return Company.objects.filter(
        pk__in=Referral.objects.filter(job_seeker=job_seeker).values("vacancy__company")
    ).order_by("legal_name")


def share_consents_of(job_seeker: JobSeeker) -> list[Consent]:
    """A person's consents to share their profile, live first, newest first."""
    return list(
        Consent.objects.filter(job_seeker=job_seeker, purpose=Purpose.SHARE_PROFILE)
        .select_related("company", "recorded_by", "withdrawn_by")
        .order_by(F("withdrawn_at").desc(nulls_first=True), "-given_at", "-pk")[:50]
    )


@transaction.atomic
def consent_give(
    *,
    job_seeker: JobSeeker,
    purpose: str,
    method: str,
    recorded_by,
    company=None,
    given_at: datetime | None = None,
    wording: str = "",
) -> Consent:
    """Record a consent. At most one live consent per person, purpose and company: giving it
    again while it is live is refused with a message, never a second row. `wording` is what
    the person was told the intermediation consent is for (kept on the person's record)."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": "Finalidad desconocida."})
    if method not in Consent.Method.values:
        raise ValidationError({"method": "Indique cómo otorgó el consentimiento."})
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    refuse_if_erased(job_seeker)
    given_at = given_at or timezone.now()
    if given_at > timezone.now():
        raise ValidationError({"given_at": "La fecha del consentimiento no puede ser futura."})
    if purpose not in Consent.COMPANY_PURPOSES:
        company = None
    live = Consent.objects.filter(
        job_seeker=job_seeker, purpose=purpose, company=company, withdrawn_at__isnull=True
    )
    if live.exists():
        target = f" con {company}" if company is not None else ""
        raise ValidationError(
            f"{job_seeker.full_name} ya tiene este consentimiento vigente{target}."
        )
    consent = Consent(
        job_seeker=job_seeker,
        purpose=purpose,
        company=company,
        method=method,
        recorded_by=recorded_by,
        given_at=given_at,
    )
    consent.full_clean()
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as clash:
        raise ValidationError("Este consentimiento ya está vigente.") from clash
    if purpose == Purpose.INTERMEDIATION:
        job_seeker.consent_given_at = consent.given_at
        job_seeker.consent_recorded_by = recorded_by
        job_seeker.consent_purpose = (wording or "").strip() or INTERMEDIATION_WORDING
        job_seeker.consent_withdrawn_at = None
        job_seeker.full_clean()
        job_seeker.save(update_fields=MIRROR_FIELDS)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by, at: datetime | None = None) -> Consent:
    """Withdraw a consent: from this moment its purpose stops (no new referral; inclusion data
    sealed; hints hidden; a company no longer sees the profile). What already happened stays:
    past referrals and placements keep counting in the office's figures. The record stays, to
    prove when it was given and when withdrawn."""
    # The person first, as consent_give does, so both lock in the same order.
    job_seeker = JobSeeker.objects.select_for_update().get(pk=consent.job_seeker_id)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        when = timezone.localtime(consent.withdrawn_at)
        raise ValidationError(f"Este consentimiento ya fue retirado el {when:%d-%m-%Y}.")
    consent.withdrawn_at = max(at or timezone.now(), consent.given_at)
    consent.withdrawn_by = withdrawn_by
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if consent.purpose == Purpose.INTERMEDIATION and not job_seeker.is_erased:
        job_seeker.consent_given_at = None
        job_seeker.consent_recorded_by = None
        job_seeker.consent_withdrawn_at = consent.withdrawn_at
        job_seeker.full_clean()
        job_seeker.save(update_fields=MIRROR_FIELDS)
    return consent
