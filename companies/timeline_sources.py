"""This app's own entries on the company timeline: contacts made and follow-ups."""

from django.db.models import Value
from django.urls import reverse

from companies.models import FollowUp, Visit
from companies.timeline import (
    TimelineSource,
    choice_label,
    columns,
    register,
    register_link,
    text,
)


def visit_entries(company):
    return columns(
        Visit.objects.filter(company=company, status=Visit.Status.DONE),
        kind="visit",
        at="happened_at",
        title=text(
            choice_label("kind", Visit.Kind.choices),
            Value(" — "),
            "staff__first_name",
            Value(" "),
            "staff__last_name",
        ),
        detail="summary",
    )


def follow_up_entries(company):
    return columns(
        FollowUp.objects.filter(company=company),
        kind="follow_up",
        at="created_at",
        title="title",
        detail=text(
            Value("Responsable: "), "assigned_to__first_name", Value(" "), "assigned_to__last_name"
        ),
    )


def register_sources():
    register(
        TimelineSource(
            "visit",
            "Contacto",
            "chat-dots",
            visit_entries,
            lambda pk: reverse("companies:visit_detail", args=[pk]),
        )
    )
    register(TimelineSource("follow_up", "Seguimiento", "check2-square", follow_up_entries))
    register_link("companies.visit", lambda pk: reverse("companies:visit_detail", args=[pk]))
