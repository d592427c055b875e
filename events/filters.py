"""The events list's filters; only these keys ever reach the ORM."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from companies.forms import DateInput
from companies.models import IndustrialPark
from events.models import EmployerEvent
from omil_crm.base.filtering import FilterSet

Kind = EmployerEvent.Kind

# The two groups SENCE counts (omil_crm/dashboard/event_figures.py): the monthly report links
# to the list filtered by one of them.
KIND_GROUPS = {
    "encuentros": (Kind.ENCOUNTER, Kind.BREAKFAST),
    "ferias": (Kind.FAIR, Kind.MASS_RECRUITMENT),
}
KIND_CHOICES = [
    *Kind.choices,
    ("encuentros", "Encuentros y desayunos (encuentros empresariales)"),
    ("ferias", "Ferias y reclutamientos masivos (ferias laborales)"),
]


class EventFilter(FilterSet):
    q = django_filters.CharFilter(label="Buscar en título y descripción", method="search")
    kind = django_filters.ChoiceFilter(
        label="Tipo", choices=KIND_CHOICES, empty_label="Todos", method="filter_kind"
    )
    period = django_filters.ChoiceFilter(
        label="Período",
        method="filter_period",
        empty_label="Todos",
        choices=[("proximos", "Próximos"), ("pasados", "Pasados")],
    )
    park = django_filters.ModelChoiceFilter(
        label="Parque", queryset=IndustrialPark.objects.all(), empty_label="Todos"
    )
    status = django_filters.ChoiceFilter(
        label="Estado", choices=EmployerEvent.Status.choices, empty_label="Todos"
    )
    since = django_filters.DateFilter(
        label="Desde", field_name="date", lookup_expr="gte", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label="Hasta", field_name="date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = EmployerEvent
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(kind__in=KIND_GROUPS.get(value, (value,)))

    def filter_period(self, queryset, name, value):
        # Today's events count as upcoming all day long.
        today = timezone.localdate()
        if value == "proximos":
            return queryset.filter(date__gte=today).order_by("date", "start_time", "pk")
        if value == "pasados":
            return queryset.filter(date__lt=today)
        return queryset
