"""Recording and withdrawing a job seeker's consents per purpose (vacancies/consent_models.py).

Same contract as vacancies/services.py: keyword arguments, full_clean, one transaction.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from companies.models import Company
from vacancies.consent_models import Consent
from vacancies.models import JobSeeker, Referral
from vacancies.people_services import refuse_if_erased

Purpose = Consent.Purpose


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
) -> Consent:
    """Record a consent. At most one live consent per person, purpose and company: giving it
    again while it is live is refused with a message, never a second row."""
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
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by, at: datetime | None = None) -> Consent:
    """Withdraw a consent: from this moment its purpose stops (a company no longer sees the
    profile). The record stays, to prove when it was given and when withdrawn."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        when = timezone.localtime(consent.withdrawn_at)
        raise ValidationError(f"Este consentimiento ya fue retirado el {when:%d-%m-%Y}.")
    consent.withdrawn_at = max(at or timezone.now(), consent.given_at)
    consent.withdrawn_by = withdrawn_by
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return consent
