"""What a company reads about its own vacancies and programme offers on its portal.

Every read starts from the company: nothing here can reach another company's rows. A
candidate is shown only while that person's consent to share their profile with THIS company
is live (vacancies/consent_models.py), and only the fields listed in SHARED_FIELDS.
"""

from collections import defaultdict

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When

from vacancies.consent_models import Consent
from vacancies.models import ProgrammeOffer, Referral, Vacancy, Workshop

Stage = Referral.Stage

# What a company sees of a candidate who shares their profile with it. Never the RUT, phone,
# email, address, birth date or evaluations.
SHARED_FIELDS = ("first_name", "last_name", "comuna", "education", "skills", "experience")
# Bounds per page: vacancies per page, candidates shown per page, workshops per person.
VACANCIES_PER_PAGE = 20
CANDIDATES_PER_PAGE = 200
WORKSHOPS_SHOWN = 10


def company_vacancies(company):
    """The company's vacancies, open ones first, then its proposals, then the rest; each with
    the people referred, in interview and hired, counted in the same query."""
    return (
        Vacancy.objects.filter(company=company)
        .annotate(
            referred_count=Count("referrals"),
            interview_count=Count("referrals", filter=Q(referrals__stage=Stage.INTERVIEW)),
            hired_count=Count("referrals", filter=Q(referrals__stage=Stage.HIRED)),
            rank=Case(
                When(status=Vacancy.Status.OPEN, then=Value(0)),
                When(status=Vacancy.Status.PROPOSED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("rank", "-opened_on", "-pk")
    )


def shared_candidates(company, vacancy_ids) -> dict[int, list[Referral]]:
    """The referrals to these vacancies of the company whose person shares their profile
    with it now, by vacancy id. Erased people never appear."""
    live_consent = Consent.objects.filter(
        job_seeker=OuterRef("job_seeker"),
        company=company,
        purpose=Consent.Purpose.SHARE_PROFILE,
        withdrawn_at__isnull=True,
    )
    referrals = (
        Referral.objects.filter(
            vacancy__company=company,
            vacancy_id__in=list(vacancy_ids),
            job_seeker__erased_at__isnull=True,
        )
        .filter(Exists(live_consent))
        .select_related("job_seeker")
        .only("vacancy_id", "stage", "referred_at", *(f"job_seeker__{f}" for f in SHARED_FIELDS))
        .prefetch_related(
            Prefetch(
                "job_seeker__workshops",
                queryset=Workshop.objects.only("topic", "date").order_by("-date"),
            )
        )
        .order_by("vacancy_id", "job_seeker__last_name", "job_seeker__first_name", "pk")
    )[:CANDIDATES_PER_PAGE]
    by_vacancy = defaultdict(list)
    for referral in referrals:
        by_vacancy[referral.vacancy_id].append(referral)
    return dict(by_vacancy)


def company_offers(company):
    """The SENCE programme offers made to the company, newest first."""
    return (
        ProgrammeOffer.objects.filter(company=company)
        .select_related("programme")
        .order_by("-offered_on", "-pk")
    )
