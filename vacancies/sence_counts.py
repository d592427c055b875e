"""Who counts as «atendida» for SENCE, shared by the monthly report and the people list.

The report's «Personas atendidas» links to the people list filtered by the same days; both
read this one condition, so the number and the list it opens never disagree.
"""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from omil_crm.base.periods import local_midnight
from vacancies.guidance_models import GuidanceSession
from vacancies.models import Evaluation, Referral, Workshop


def _instant_range(column: str, first: date | None, last: date | None) -> dict:
    bounds = {}
    if first is not None:
        bounds[f"{column}__gte"] = local_midnight(first)
    if last is not None:
        bounds[f"{column}__lt"] = local_midnight(last + timedelta(days=1))
    return bounds


def _day_range(column: str, first: date | None, last: date | None) -> dict:
    bounds = {}
    if first is not None:
        bounds[f"{column}__gte"] = first
    if last is not None:
        bounds[f"{column}__lte"] = last
    return bounds


def registered_between(first: date | None, last: date | None) -> Q:
    return Q(**_instant_range("created_at", first, last))


def attended_between(first: date | None, last: date | None) -> Q:
    """People the office attended on the days first…last (either may be None): registered,
    referred to a vacancy, evaluated, at a workshop or in a guidance session."""
    referred = Referral.objects.filter(
        job_seeker=OuterRef("pk"), **_instant_range("referred_at", first, last)
    )
    evaluated = Evaluation.objects.filter(
        job_seeker=OuterRef("pk"), **_day_range("evaluated_on", first, last)
    )
    at_workshop = Workshop.attendees.through.objects.filter(
        jobseeker_id=OuterRef("pk"), **_day_range("workshop__date", first, last)
    )
    guided = GuidanceSession.participants.through.objects.filter(
        jobseeker_id=OuterRef("pk"), **_day_range("guidancesession__held_on", first, last)
    )
    return (
        registered_between(first, last)
        | Exists(referred)
        | Exists(evaluated)
        | Exists(at_workshop)
        | Exists(guided)
    )
