"""The demo's employer events: a year of them, loaded once however often seed_demo runs."""

import random

import pytest
from django.utils import timezone

from events.models import EmployerEvent, EventParticipant
from omil_crm.demo.employer_events import load_employer_events


@pytest.mark.django_db
def test_the_demo_events_load_once(park, company, other_company, gestora, psicologa, job_seeker):
    def load():
        load_employer_events(
            today=timezone.localdate(),
            park=park,
            companies=[company, other_company],
            staff=gestora,
            psicologa=psicologa,
            people=[job_seeker],
            rng=random.Random(23),
        )

    load()
    first = EmployerEvent.objects.count()
    load()

    assert first == EmployerEvent.objects.count() == 16
    kinds = set(EmployerEvent.objects.values_list("kind", flat=True))
    assert kinds == set(EmployerEvent.Kind.values)
    assert EmployerEvent.objects.filter(date__gt=timezone.localdate()).count() == 1
    assert EventParticipant.objects.filter(event__kind="fair").exists()
