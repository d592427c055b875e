"""Employer events a company was invited to, on the company timeline."""

from django.db.models import Exists, OuterRef, Value

from companies.timeline import (
    TimelineSource,
    choice_label,
    columns,
    register,
    register_link,
    text,
)
from events.models import EmployerEvent, EventCompany
from omil_crm.base.paths import path_for


def event_entries(company):
    invited = EventCompany.objects.filter(event=OuterRef("pk"), company=company)
    return columns(
        EmployerEvent.objects.filter(Exists(invited)),
        kind="employer_event",
        at="date",
        title="title",
        detail=text(
            choice_label("kind", EmployerEvent.Kind.choices),
            Value(" · "),
            choice_label("status", EmployerEvent.Status.choices),
        ),
    )


def event_url(pk: int) -> str:
    return path_for("events:detail", pk)


def register_sources():
    register(
        TimelineSource(
            "employer_event", "Evento", "calendar-event", event_entries, event_url, date_only=True
        )
    )
    register_link("events.employerevent", event_url)
