"""Filters and orderings of the request list; only these keys ever reach the ORM."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from companies.filters import ParkFilter, StaffFilter
from omil_crm.base.filtering import FilterSet, IdFilter
from requests_routing.models import Department, RequestCategory, ServiceRequest
from requests_routing.references import parse_reference


class DateInput(forms.DateInput):
    input_type = "date"


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
    order = django_filters.OrderingFilter(
        label="Ordenar por",
        fields=(("received_at", "received"), ("due_date", "due"), ("status", "status")),
        field_labels={"received_at": "Recepción", "due_date": "Plazo", "status": "Estado"},
    )

    class Meta:
        model = ServiceRequest
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        reference = parse_reference(value)
        if reference is not None:
            return queryset.filter(reference=reference)
        if value.upper().startswith("SOL-"):
            return queryset.filter(reference__istartswith=value)
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
