"""The company directory's filters and orderings; only these keys ever reach the ORM."""

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from companies.models import Company, CompanyFlag, IndustrialPark, Sector
from companies.rut import rut_search_key
from companies.widgets import QuickSelect
from omil_crm.base.filtering import FilterSet


def staff_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class CompanyFilter(FilterSet):
    q = django_filters.CharFilter(label="Buscar", method="search")
    park = django_filters.ModelChoiceFilter(
        label="Parque", queryset=IndustrialPark.objects.all(), empty_label="Todos"
    )
    sector = django_filters.ChoiceFilter(label="Rubro", choices=Sector.choices, empty_label="Todos")
    status = django_filters.ChoiceFilter(
        label="Estado", choices=Company.Status.choices, empty_label="Todos"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Responsable", queryset=staff_users(), empty_label="Todos", widget=QuickSelect
    )
    no_contact_days = django_filters.NumberFilter(
        label="Sin contacto hace más de (días)",
        method="filter_no_contact",
        min_value=1,
        max_value=3650,
    )
    flagged = django_filters.ChoiceFilter(
        label="Aviso de la Alcaldía",
        method="filter_flagged",
        empty_label="Todas",
        choices=[("1", "Con aviso"), ("0", "Sin aviso")],
    )
    order = django_filters.OrderingFilter(
        label="Ordenar por",
        fields=(
            ("legal_name", "legal_name"),
            ("park__name", "park"),
            ("sector", "sector"),
            ("status", "status"),
            ("owner__username", "owner"),
            ("last_contact_at", "last_contact"),
        ),
        field_labels={
            "legal_name": "Razón social",
            "park__name": "Parque",
            "sector": "Rubro",
            "status": "Estado",
            "owner__username": "Responsable",
            "last_contact_at": "Último contacto",
        },
    )

    class Meta:
        model = Company
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(legal_name__icontains=value) | Q(trade_name__icontains=value)
        rut_key = rut_search_key(value)
        if rut_key and any(char.isdigit() for char in rut_key):
            condition |= Q(rut__contains=rut_key)
        return queryset.filter(condition)

    def filter_no_contact(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.not_contacted_since(timezone.now() - timedelta(days=int(value)))

    def filter_flagged(self, queryset, name, value):
        has_flag = Exists(CompanyFlag.objects.filter(company=OuterRef("pk")))
        # django-filter hands over the choice as typed, or already coerced to a boolean.
        wanted = value in (True, "1")
        return queryset.filter(has_flag if wanted else ~has_flag)
