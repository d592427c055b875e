"""Filters of the job guidance list (orientación laboral)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from companies.filters import StaffFilter
from companies.forms import DateInput
from omil_crm.base.filtering import FilterSet, IdFilter
from vacancies.filters import search_people
from vacancies.guidance_models import GuidanceSession
from vacancies.models import JobSeeker


class GuidanceFilter(FilterSet):
    held_from = django_filters.DateFilter(
        label="Desde", field_name="held_on", lookup_expr="gte", widget=DateInput()
    )
    held_until = django_filters.DateFilter(
        label="Hasta", field_name="held_on", lookup_expr="lte", widget=DateInput()
    )
    staff = StaffFilter(label="Orientó", empty_label="Todas")
    mode = django_filters.ChoiceFilter(
        label="Modalidad", choices=GuidanceSession.Mode.choices, empty_label="Todas"
    )
    q = django_filters.CharFilter(label="Persona (nombre o RUT)", method="filter_q")
    person = IdFilter(label="Persona", method="filter_person", widget=forms.HiddenInput())

    class Meta:
        model = GuidanceSession
        fields = []

    def filter_q(self, queryset, name, value):
        people = search_people(JobSeeker.objects.active(), value)
        through = GuidanceSession.participants.through.objects.filter(
            guidancesession=OuterRef("pk"), jobseeker__in=people.values("pk")
        )
        return queryset.filter(Exists(through))

    def filter_person(self, queryset, name, value):
        through = GuidanceSession.participants.through.objects.filter(
            guidancesession=OuterRef("pk"), jobseeker_id=value
        )
        return queryset.filter(Exists(through))
