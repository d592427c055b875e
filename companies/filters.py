"""The company directory's filters and orderings; only these keys ever reach the ORM."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from companies.forms import DateInput
from companies.models import Company, CompanyFlag, FollowUp, IndustrialPark, Sector, Visit
from companies.rut import rut_search_key
from companies.selectors import SEARCH_ORDER
from omil_crm.accounts.staff_lookup import StaffLookupField, staff_members
from omil_crm.base.filtering import FilterSet, IdFilter
from omil_crm.base.periods import local_midnight

# The choice of a park filter that keeps the companies outside every park.
NO_PARK = "ninguno"
# The choice of the company status filter that leaves out only the inactive companies.
NOT_INACTIVE = "vigentes"


class StaffFilter(django_filters.Filter):
    """A staff member (former colleagues included, marked as such), chosen by name in a text
    box with suggestions instead of a select of everyone (see omil_crm.accounts.staff_lookup).
    An id in the query string (the panel's links) still selects her."""

    field_class = StaffLookupField

    def __init__(self, *args, **kwargs):
        # The select's «Todos»/«Todas» has no place in a text box left empty.
        kwargs.pop("empty_label", None)
        kwargs.setdefault("queryset", staff_members())
        super().__init__(*args, **kwargs)


class ParkFilter(django_filters.ModelChoiceFilter):
    """A park, or «Fuera de parques» for the companies outside every park."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Parque")
        kwargs.setdefault("queryset", IndustrialPark.objects.order_by("name"))
        kwargs.setdefault("empty_label", "Todos")
        kwargs.setdefault("null_label", "Fuera de parques")
        kwargs.setdefault("null_value", NO_PARK)
        super().__init__(*args, **kwargs)


def day_range(queryset, column: str, first, last):
    """Rows whose datetime `column` falls on the Santiago days first…last (either may be
    None): a plain range over the indexed column, not a date cast of every row."""
    if first is not None:
        queryset = queryset.filter(**{f"{column}__gte": local_midnight(first)})
    if last is not None:
        queryset = queryset.filter(**{f"{column}__lt": local_midnight(last + timedelta(days=1))})
    return queryset


def search_company_name(queryset, value: str):
    """Rows of the companies whose legal or trade name contains the text."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(company__legal_name__icontains=value) | Q(company__trade_name__icontains=value)
    )


def search_companies(queryset, value: str):
    """Companies whose legal or trade name contains the text, or whose RUT does (typed with
    or without dots and dash): the directory's search, also used by pickers."""
    value = value.strip()
    if not value:
        return queryset
    condition = Q(legal_name__icontains=value) | Q(trade_name__icontains=value)
    rut_key = rut_search_key(value)
    if rut_key and any(char.isdigit() for char in rut_key):
        # icontains compares UPPER(rut), the expression of its trigram index.
        condition |= Q(rut__icontains=rut_key)
    return queryset.filter(condition)


class DayRangeFilterSet(FilterSet):
    """A FilterSet whose `<prefix>_from` / `<prefix>_until` date filters select Santiago days
    of a datetime column (RANGES maps the prefix to the column)."""

    RANGES: dict[str, str] = {}

    def filter_day_range(self, queryset, name, value):
        prefix = name.rsplit("_", 1)[0]
        return day_range(
            queryset,
            self.RANGES[prefix],
            value if name.endswith("_from") else None,
            value if name.endswith("_until") else None,
        )


DEFAULT_ORDER = ("legal_name", "pk")


class CompanyFilter(FilterSet):
    q = django_filters.CharFilter(label="Buscar", method="search")
    park = ParkFilter()
    sector = django_filters.ChoiceFilter(label="Rubro", choices=Sector.choices, empty_label="Todos")
    status = django_filters.ChoiceFilter(
        label="Estado",
        choices=[*Company.Status.choices, (NOT_INACTIVE, "Todas menos las inactivas")],
        empty_label="Todos",
        method="filter_status",
    )
    owner = StaffFilter(label="Responsable")
    contacted = django_filters.ChoiceFilter(
        label="Contacto",
        method="filter_contacted",
        empty_label="Todas",
        choices=[("0", "Nunca contactadas"), ("1", "Contactadas alguna vez")],
    )
    no_contact_days = django_filters.NumberFilter(
        label="Sin contacto hace más de (días)",
        method="filter_no_contact",
        min_value=1,
        max_value=3650,
    )
    contacted_from = django_filters.DateFilter(
        label="Con contactos realizados desde",
        method="filter_contacted_between",
        widget=DateInput(),
    )
    contacted_until = django_filters.DateFilter(
        label="hasta", method="filter_contacted_between", widget=DateInput()
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
        if not value.strip():
            return queryset
        found = search_companies(queryset, value)
        if found.query.order_by == DEFAULT_ORDER:
            found = found.order_by(*SEARCH_ORDER)
        return found

    def filter_status(self, queryset, name, value):
        if value == NOT_INACTIVE:
            return queryset.exclude(status=Company.Status.INACTIVE)
        return queryset.filter(status=value)

    def filter_contacted(self, queryset, name, value):
        return queryset.filter(last_contact_at__isnull=value not in (True, "1"))

    def filter_contacted_between(self, queryset, name, value):
        """Companies with a visit or contact done in the range: both ends bound the same
        visit, so the range is applied once, by whichever of the two filters comes first."""
        data = self.form.cleaned_data
        first, last = data.get("contacted_from"), data.get("contacted_until")
        if name == "contacted_until" and first is not None:
            return queryset
        visits = day_range(
            Visit.objects.filter(company=OuterRef("pk"), status=Visit.Status.DONE),
            "happened_at",
            first,
            last,
        )
        return queryset.filter(Exists(visits))

    def filter_no_contact(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.not_contacted_since(timezone.now() - timedelta(days=int(value)))

    def filter_flagged(self, queryset, name, value):
        has_flag = Exists(CompanyFlag.objects.filter(company=OuterRef("pk")))
        # django-filter hands over the choice as typed, or already coerced to a boolean.
        wanted = value in (True, "1")
        return queryset.filter(has_flag if wanted else ~has_flag)


class VisitFilter(DayRangeFilterSet):
    RANGES = {"happened": "happened_at", "planned": "planned_for"}

    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    # Links from a company page carry its id; there is no select of every company.
    company = IdFilter(field_name="company_id", label="Empresa", widget=forms.HiddenInput())
    park = ParkFilter(field_name="company__park")
    staff = StaffFilter(label="Funcionario")
    kind = django_filters.ChoiceFilter(
        label="Tipo", choices=Visit.Kind.choices, empty_label="Todos"
    )
    status = django_filters.ChoiceFilter(
        label="Estado", choices=Visit.Status.choices, empty_label="Todos"
    )
    happened_from = django_filters.DateFilter(
        label="Realizadas desde", method="filter_day_range", widget=DateInput()
    )
    happened_until = django_filters.DateFilter(
        label="hasta", method="filter_day_range", widget=DateInput()
    )
    planned_from = django_filters.DateFilter(
        label="Planificadas para desde", method="filter_day_range", widget=DateInput()
    )
    planned_until = django_filters.DateFilter(
        label="hasta", method="filter_day_range", widget=DateInput()
    )
    order = django_filters.OrderingFilter(
        label="Ordenar por",
        fields=(("happened_at", "happened"), ("planned_for", "planned")),
        field_labels={"happened_at": "Fecha de realización", "planned_for": "Fecha planificada"},
    )

    class Meta:
        model = Visit
        fields = []

    def filter_company_name(self, queryset, name, value):
        return search_company_name(queryset, value)


class DoneFollowUpFilter(DayRangeFilterSet):
    """Follow-ups already done: who closed them and when (the panel's «Seguimientos
    cerrados» per staff member)."""

    RANGES = {"done": "done_at"}

    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    park = ParkFilter(field_name="company__park")
    done_by = StaffFilter(label="Cerrado por")
    done_from = django_filters.DateFilter(
        label="Cerrados desde", method="filter_day_range", widget=DateInput()
    )
    done_until = django_filters.DateFilter(
        label="hasta", method="filter_day_range", widget=DateInput()
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_company_name(self, queryset, name, value):
        return search_company_name(queryset, value)
