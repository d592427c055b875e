"""This app's own entries on the company timeline: contacts made, planned visits moved or
cancelled, follow-ups and their postponements and reopenings, and notes."""

from django.db.models import Case, TextField, Value, When

from companies.models import CompanyNote, FollowUp, FollowUpChange, Visit, VisitChange
from companies.timeline import (
    TimelineSource,
    choice_label,
    columns,
    date_text,
    datetime_text,
    register,
    register_link,
    text,
)
from omil_crm.base.paths import path_for


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


def note_entries(company):
    return columns(
        CompanyNote.objects.filter(company=company),
        kind="note",
        at="created_at",
        title=Case(
            When(source="", then=Value("Nota")),
            default=text(Value("Nota — "), "source"),
            output_field=TextField(),
        ),
        detail="text",
    )


def _with_reason(*parts):
    return text(
        *parts,
        Case(
            When(reason="", then=Value("")),
            default=text(Value(". Motivo: "), "reason"),
            output_field=TextField(),
        ),
    )


def visit_change_entries(company):
    return columns(
        VisitChange.objects.filter(visit__company=company),
        kind="visit_change",
        at="changed_at",
        ref="visit_id",
        title=text(
            Case(
                When(kind=VisitChange.Kind.CANCELLED, then=Value("Visita cancelada")),
                default=Value("Visita reprogramada"),
                output_field=TextField(),
            ),
            Value(" — "),
            "changed_by__first_name",
            Value(" "),
            "changed_by__last_name",
        ),
        detail=Case(
            When(
                kind=VisitChange.Kind.CANCELLED,
                then=_with_reason(
                    Value("Estaba planificada para el "), datetime_text("previous_planned_for")
                ),
            ),
            default=_with_reason(
                Value("Del "),
                datetime_text("previous_planned_for"),
                Value(" al "),
                datetime_text("new_planned_for"),
            ),
            output_field=TextField(),
        ),
    )


def follow_up_change_entries(company):
    return columns(
        FollowUpChange.objects.filter(follow_up__company=company),
        kind="follow_up_change",
        at="changed_at",
        ref="follow_up_id",
        title=text(
            Case(
                When(kind=FollowUpChange.Kind.REOPENED, then=Value("Seguimiento reabierto: ")),
                default=Value("Seguimiento pospuesto: "),
                output_field=TextField(),
            ),
            "follow_up__title",
        ),
        detail=Case(
            When(
                kind=FollowUpChange.Kind.REOPENED,
                then=_with_reason(
                    Value("Por "), "changed_by__first_name", Value(" "), "changed_by__last_name"
                ),
            ),
            default=_with_reason(
                Value("Del "),
                date_text("previous_due_date"),
                Value(" al "),
                date_text("new_due_date"),
                Value(", por "),
                "changed_by__first_name",
                Value(" "),
                "changed_by__last_name",
            ),
            output_field=TextField(),
        ),
    )


def register_sources():
    register(
        TimelineSource(
            "visit",
            "Contacto",
            "chat-dots",
            visit_entries,
            lambda pk: path_for("companies:visit_detail", pk),
        )
    )
    register(
        TimelineSource(
            "visit_change",
            "Visita planificada",
            "calendar-x",
            visit_change_entries,
            lambda pk: path_for("companies:visit_detail", pk),
        )
    )
    register(
        TimelineSource(
            "follow_up",
            "Seguimiento",
            "check2-square",
            follow_up_entries,
            lambda pk: path_for("companies:follow_up_detail", pk),
        )
    )
    register(
        TimelineSource(
            "follow_up_change",
            "Seguimiento",
            "calendar-event",
            follow_up_change_entries,
            lambda pk: path_for("companies:follow_up_detail", pk),
        )
    )
    register(TimelineSource("note", "Nota", "sticky", note_entries))
    register_link("companies.visit", lambda pk: path_for("companies:visit_detail", pk))
