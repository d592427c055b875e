"""Writes on job guidance sessions (orientación laboral).

Same contract as vacancies/services.py: keyword arguments, full_clean, one transaction.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vacancies.guidance_models import GuidanceSession, GuidanceTopic
from vacancies.models import JobSeeker

MAX_PARTICIPANTS = 60


def _participants(
    mode: str, participants: Iterable[JobSeeker], already: set[int]
) -> list[JobSeeker]:
    """Who may be in the session: people added now need consent; those already in it stay."""
    people = list({person.pk: person for person in participants}.values())
    if not people:
        raise ValidationError({"participants": "Elija al menos una persona."})
    if mode == GuidanceSession.Mode.INDIVIDUAL and len(people) != 1:
        raise ValidationError(
            {"participants": "Una sesión individual es con una sola persona; elija «Grupal»."}
        )
    if len(people) > MAX_PARTICIPANTS:
        raise ValidationError(
            {"participants": f"Una sesión grupal admite hasta {MAX_PARTICIPANTS} personas."}
        )
    fresh = JobSeeker.objects.filter(pk__in=[person.pk for person in people])
    refused = [
        person.full_name for person in fresh if not person.has_consent and person.pk not in already
    ]
    if refused:
        raise ValidationError(
            {
                "participants": "Sin consentimiento vigente o con sus datos eliminados: "
                + ", ".join(sorted(refused))
                + "."
            }
        )
    return people


def _check(session: GuidanceSession) -> None:
    errors = {}
    known = set(GuidanceTopic.values)
    topics = [key for key in GuidanceTopic.values if key in set(session.topics)]
    if not topics or set(session.topics) - known:
        errors["topics"] = "Elija al menos un tema de la lista."
    session.topics = topics
    if GuidanceTopic.OTHER in topics and not session.topic_other:
        errors["topic_other"] = "Indique cuál es el otro tema."
    if GuidanceTopic.OTHER not in topics:
        session.topic_other = ""
    if session.held_on and session.held_on > timezone.localdate():
        errors["held_on"] = "La fecha de la sesión no puede ser futura."
    if errors:
        raise ValidationError(errors)


def _save(session: GuidanceSession, participants, already=frozenset()) -> GuidanceSession:
    people = _participants(session.mode, participants, set(already))
    _check(session)
    session.full_clean()
    session.save()
    session.participants.set(people)
    return session


@transaction.atomic
def guidance_create(
    *,
    held_on: date,
    staff,
    mode: str,
    participants: Iterable[JobSeeker],
    topics: list[str],
    topic_other: str = "",
    next_steps: str = "",
    follow_up_on: date | None = None,
) -> GuidanceSession:
    session = GuidanceSession(
        held_on=held_on,
        staff=staff,
        mode=mode,
        topics=list(topics),
        topic_other=topic_other.strip(),
        next_steps=next_steps.strip(),
        follow_up_on=follow_up_on,
    )
    return _save(session, participants)


@transaction.atomic
def guidance_update(
    *,
    session: GuidanceSession,
    held_on: date,
    staff,
    mode: str,
    participants: Iterable[JobSeeker],
    topics: list[str],
    topic_other: str = "",
    next_steps: str = "",
    follow_up_on: date | None = None,
) -> GuidanceSession:
    """People already in the session may stay even if they withdrew consent since."""
    session = GuidanceSession.objects.select_for_update().get(pk=session.pk)
    already = set(session.participants.values_list("pk", flat=True))
    session.held_on = held_on
    session.staff = staff
    session.mode = mode
    session.topics = list(topics)
    session.topic_other = topic_other.strip()
    session.next_steps = next_steps.strip()
    session.follow_up_on = follow_up_on
    return _save(session, participants, already)
