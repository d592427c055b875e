"""Builders of the inclusion tests: the consent for inclusion data, given and withdrawn."""

from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give, consent_withdraw

INCLUSION = Consent.Purpose.INCLUSION_DATA


def give_inclusion_consent(person, user) -> Consent:
    return consent_give(
        job_seeker=person, purpose=INCLUSION, method=Consent.Method.WRITTEN, recorded_by=user
    )


def withdraw_inclusion_consent(person, user) -> Consent:
    consent = Consent.objects.get(job_seeker=person, purpose=INCLUSION, withdrawn_at=None)
    return consent_withdraw(consent=consent, withdrawn_by=user)
