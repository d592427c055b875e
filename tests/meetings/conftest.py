from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import Company, Contact
from meetings.models import Attendance, Meeting


@pytest.fixture
def represented_park(park, contact):
    """The test park with Ana Pérez (of Bodegas de Prueba) as its representative."""
    park.representative = contact
    park.meeting_place = "Sala de la asociación"
    park.save()
    return park


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


def make_meeting(park, *, days=10, kind=Meeting.Kind.BREAKFAST, title="Desayuno con el alcalde"):
    starts_at = (timezone.localtime() + timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return Meeting.objects.create(
        park=park,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Municipalidad",
        cycle_month=starts_at.date().replace(day=1) if kind == Meeting.Kind.MONTHLY else None,
    )


@pytest.fixture
def meeting(represented_park, contact, gestora):
    meeting = make_meeting(represented_park, kind=Meeting.Kind.MONTHLY, title="Reunión mensual")
    Attendance.objects.create(meeting=meeting, staff=gestora)
    Attendance.objects.create(meeting=meeting, contact=contact)
    return meeting


@pytest.fixture
def run_job():
    """Run a periodic job by its task name, as the worker would when beat sends it."""
    from omil_crm.celery import app

    app.loader.import_default_modules()

    def run(name: str, **kwargs):
        return app.tasks[name].apply(kwargs=kwargs).get()

    return run
