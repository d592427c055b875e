"""The demo people's consents per purpose: most consent to intermediation (recorded when they
were registered), some also to programme hints or to their inclusion data; a few withdrew one,
so the person's page, the registry and the data export show each state."""

import random
from datetime import date, timedelta

from django.utils import timezone

from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give, consent_withdraw
from vacancies.eligibility import eligibility_hints

Purpose = Consent.Purpose
METHODS = [Consent.Method.IN_PERSON, Consent.Method.IN_PERSON, Consent.Method.WRITTEN]


def load_consents(*, today: date, people: list, staff: list, rng: random.Random) -> None:
    """Loaded once: a second run finds the hint consents and adds nothing."""
    if Consent.objects.filter(purpose=Purpose.ELIGIBILITY_HINTS).exists():
        return
    consenting = [person for person in people if person.has_consent]
    # Hints where the page has one to show (age and sex fit a programme), and a few more.
    fitting = [
        person
        for person in consenting
        if eligibility_hints(birth_date=person.birth_date, sex=person.sex, today=today)
    ]
    others = [person for person in consenting if person not in fitting]
    hinted = fitting[: max(len(fitting) * 2 // 3, 1)] + others[:4]
    given = timezone.now() - timedelta(days=200)
    # Inclusion-data consents come with the inclusion cases (omil_crm/demo/inclusion.py).
    for purpose, group in ((Purpose.ELIGIBILITY_HINTS, hinted),):
        for person in group:
            consent_give(
                job_seeker=person,
                purpose=purpose,
                method=rng.choice(METHODS),
                recorded_by=rng.choice(staff),
                given_at=given + timedelta(days=rng.randint(0, 60)),
            )
    withdrawn_at = timezone.now() - timedelta(days=12)
    for purpose, group in ((Purpose.ELIGIBILITY_HINTS, hinted[-2:]),):
        for person in group:
            consent = Consent.objects.get(job_seeker=person, purpose=purpose, withdrawn_at=None)
            consent_withdraw(consent=consent, withdrawn_by=staff[0], at=withdrawn_at)
    # Two people with past referrals (and no guidance) ended the intermediation: their
    # referrals stay in the figures, and they are no longer offered as candidates.
    leaving = [
        person
        for person in consenting
        if person.referrals.exists() and not person.guidance_sessions.exists()
    ][:2]
    for person in leaving:
        consent = Consent.objects.get(
            job_seeker=person, purpose=Purpose.INTERMEDIATION, withdrawn_at=None
        )
        consent_withdraw(consent=consent, withdrawn_by=staff[0], at=withdrawn_at)
