"""The meetings list's filters and orderings; only these keys ever reach the ORM."""

from datetime import datetime, time, timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from companies.forms import DateInput
from companies.models import IndustrialPark
from meetings.models import Meeting
from omil_crm.base.filtering import FilterSet


def local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class MeetingFilter(FilterSet):
    q = django_filters.CharFilter(label="Buscar en título, tabla y acta", method="search")
    period = django_filters.ChoiceFilter(
        label="Período",
        method="filter_period",
        empty_label="Todas",
        choices=[("proximas", "Próximas"), ("pasadas", "Pasadas")],
    )
    park = django_filters.ModelChoiceFilter(
        label="Parque", queryset=IndustrialPark.objects.all(), empty_label="Todos"
    )
    kind = django_filters.ChoiceFilter(
        label="Tipo", choices=Meeting.Kind.choices, empty_label="Todos"
    )
    status = django_filters.ChoiceFilter(
        label="Estado", choices=Meeting.Status.choices, empty_label="Todos"
    )
    since = django_filters.DateFilter(label="Desde", method="filter_since", widget=DateInput())
    until = django_filters.DateFilter(label="Hasta", method="filter_until", widget=DateInput())

    class Meta:
        model = Meeting
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(agenda__icontains=value) | Q(minutes__icontains=value)
        )

    def filter_period(self, queryset, name, value):
        # Today's meetings count as upcoming all day long.
        today = local_midnight(timezone.localdate())
        if value == "proximas":
            return queryset.filter(starts_at__gte=today).order_by("starts_at", "pk")
        if value == "pasadas":
            return queryset.filter(starts_at__lt=today)
        return queryset

    def filter_since(self, queryset, name, value):
        return queryset.filter(starts_at__gte=local_midnight(value)) if value else queryset

    def filter_until(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(starts_at__lt=local_midnight(value + timedelta(days=1)))
