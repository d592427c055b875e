"""Reads for the job guidance pages."""

from django.db.models import Count, Prefetch, QuerySet

from vacancies.filters import search_people
from vacancies.guidance_models import GuidanceSession
from vacancies.models import JobSeeker


def guidance_list_queryset() -> QuerySet:
    return (
        GuidanceSession.objects.select_related("staff")
        .annotate(participant_count=Count("participants"))
        .order_by("-held_on", "-pk")
    )


def guided_people(sessions: QuerySet) -> int:
    """Distinct persons in the sessions a list shows (the report's «Personas con orientación
    laboral» when the list is the month's)."""
    through = GuidanceSession.participants.through.objects
    ids = sessions.order_by().values("pk")
    return through.filter(guidancesession__in=ids).values("jobseeker").distinct().count()


def guidance_page(pk: int) -> GuidanceSession:
    return (
        GuidanceSession.objects.select_related("staff")
        .prefetch_related(
            Prefetch("participants", queryset=JobSeeker.objects.order_by("last_name", "first_name"))
        )
        .get(pk=pk)
    )


def person_sessions(person: JobSeeker) -> QuerySet:
    return (
        person.guidance_sessions.select_related("staff")
        .annotate(participant_count=Count("participants"))
        .order_by("-held_on", "-pk")
    )


def picker_matches(query: str) -> QuerySet:
    """People who may join a session, matching the search (all of them without one)."""
    people = JobSeeker.objects.referable().order_by("last_name", "first_name", "pk")
    return search_people(people, query)
