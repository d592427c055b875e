"""Filters and orderings of the request list; only these keys ever reach the ORM."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from companies.filters import ParkFilter, StaffFilter
from omil_crm.base.filtering import FilterSet, IdFilter
from requests_routing.models import (
    Department,
    RequestCategory,
    ResolutionSurvey,
    ServiceRequest,
)
from requests_routing.references import parse_reference


class DateInput(forms.DateInput):
    input_type = "date"


SURVEY_ANSWERS = {
    "enviada": Q(),
    "pendiente": Q(answered_at__isnull=True),
    "respondida": Q(answered_at__isnull=False),
    "si": Q(resolved=True),
    "no": Q(resolved=False),
}
# The survey filters describe one survey together (see filter_queryset).
SURVEY_FILTERS = (
    "survey",
    "survey_sent_from",
    "survey_sent_until",
    "survey_answered_from",
    "survey_answered_until",
)


def _survey_date(label: str):
    return django_filters.DateFilter(label=label, method="filter_survey_later", widget=DateInput())


class ServiceRequestFilter(FilterSet):
    q = django_filters.CharFilter(label="Referencia o asunto", method="search")
    status = django_filters.ChoiceFilter(
        label="Estado", choices=ServiceRequest.Status.choices, empty_label="Todos"
    )
    department = django_filters.ModelChoiceFilter(
        label="Departamento", queryset=Department.objects.all(), empty_label="Todos"
    )
    category = django_filters.ModelChoiceFilter(
        label="Categoría", queryset=RequestCategory.objects.all(), empty_label="Todas"
    )
    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    # Links from a company page carry its id; there is no select of every company.
    company = IdFilter(field_name="company_id", label="Empresa", widget=forms.HiddenInput())
    park = ParkFilter(field_name="company__park")
    owner = StaffFilter(label="Responsable")
    created_by = StaffFilter(label="Ingresada por")
    overdue = django_filters.ChoiceFilter(
        label="Plazo",
        method="filter_overdue",
        empty_label="Todas",
        choices=[("1", "Vencidas"), ("0", "En plazo")],
    )
    received_from = django_filters.DateFilter(
        label="Recibidas desde",
        field_name="received_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    received_until = django_filters.DateFilter(
        label="hasta", field_name="received_at", lookup_expr="date__lte", widget=DateInput()
    )
    resolved_from = django_filters.DateFilter(
        label="Resueltas desde",
        field_name="resolved_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    resolved_until = django_filters.DateFilter(
        label="hasta", field_name="resolved_at", lookup_expr="date__lte", widget=DateInput()
    )
    survey = django_filters.ChoiceFilter(
        label="Encuesta «¿Quedó resuelto?»",
        method="filter_survey_later",
        empty_label="Todas",
        choices=[
            ("enviada", "Enviada"),
            ("pendiente", "Sin responder"),
            ("respondida", "Respondida"),
            ("si", "Respondió que sí"),
            ("no", "Reabierta por encuesta (respondió que no)"),
        ],
    )
    survey_sent_from = _survey_date("Encuesta enviada desde")
    survey_sent_until = _survey_date("hasta")
    survey_answered_from = _survey_date("Encuesta respondida desde")
    survey_answered_until = _survey_date("hasta")
    order = django_filters.OrderingFilter(
        label="Ordenar por",
        fields=(("received_at", "received"), ("due_date", "due"), ("status", "status")),
        field_labels={"received_at": "Recepción", "due_date": "Plazo", "status": "Estado"},
    )

    class Meta:
        model = ServiceRequest
        fields = []

    def filter_survey_later(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        """The survey filters apply to one same survey of the request: «answered "no" in
        March» means a survey answered "no" in March, not a "no" once and an answer in March."""
        queryset = super().filter_queryset(queryset)
        data = {name: self.form.cleaned_data.get(name) for name in SURVEY_FILTERS}
        if not any(data.values()):
            return queryset
        condition = SURVEY_ANSWERS.get(data["survey"] or "enviada", Q())
        bounds = {
            "survey_sent_from": "sent_at__date__gte",
            "survey_sent_until": "sent_at__date__lte",
            "survey_answered_from": "answered_at__date__gte",
            "survey_answered_until": "answered_at__date__lte",
        }
        for name, lookup in bounds.items():
            if data[name]:
                condition &= Q(**{lookup: data[name]})
        surveys = ResolutionSurvey.objects.filter(condition, request=OuterRef("pk"))
        return queryset.filter(Exists(surveys))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        reference = parse_reference(value)
        if reference is not None:
            return queryset.filter(reference=reference)
        if value.upper().startswith("SOL-"):
            # References are stored in capitals: compared as they are, the beginning of one is
            # found in the reference index (in any case, every request was read and tested).
            return queryset.filter(reference__startswith=value.upper())
        return queryset.filter(subject__icontains=value)

    def filter_company_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(company__legal_name__icontains=value) | Q(company__trade_name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.filter(
            status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=timezone.localdate()
        )
        if value == "1":
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))
