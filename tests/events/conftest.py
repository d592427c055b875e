from datetime import time, timedelta

import pytest
from django.utils import timezone

from companies.models import Company, Contact
from events.models import EmployerEvent, EventCompany


def make_event(
    *,
    days=10,
    kind=EmployerEvent.Kind.BREAKFAST,
    title="Desayuno con el alcalde",
    park=None,
    **extra,
):
    fields = {
        "kind": kind,
        "title": title,
        "date": timezone.localdate() + timedelta(days=days),
        "start_time": time(8, 30),
        "end_time": time(10, 30),
        "place": "Salón municipal de Concón",
        "organiser": EmployerEvent.Organiser.ALCALDIA,
        "park": park,
        **extra,
    }
    return EmployerEvent.objects.create(**fields)


@pytest.fixture
def other_company(park, gestora):
    return Company.objects.create(
        rut="77123456-9", legal_name="Frigorífico del Parque SpA", park=park, owner=gestora
    )


@pytest.fixture
def other_contact(other_company):
    return Contact.objects.create(
        company=other_company, name="Bruno Díaz", email="bruno@frigorifico.cl"
    )


@pytest.fixture
def breakfast(park):
    return make_event(park=park)


@pytest.fixture
def invitation(breakfast, company, contact):
    return EventCompany.objects.create(event=breakfast, company=company)


@pytest.fixture
def fair(park):
    """A job fair held yesterday, so its participants may be recorded."""
    return make_event(
        days=-1,
        kind=EmployerEvent.Kind.FAIR,
        title="Feria laboral del parque",
        organiser=EmployerEvent.Organiser.OMIL,
        place="Gimnasio municipal",
        park=park,
        start_time=time(10, 0),
        end_time=time(14, 0),
    )
