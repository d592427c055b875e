"""Forms of the inclusion pages (vacancies/inclusion_services.py saves them)."""

import django_filters
from django import forms

from companies.filters import ParkFilter
from companies.forms import DateInput
from omil_crm.base.filtering import FilterSet
from vacancies.forms import ServiceForm
from vacancies.inclusion_models import FunctionalEvaluation, InclusionProfile, JobAnalysis

ROWS = {"rows": 3}


class InclusionProfileForm(ServiceForm):
    class Meta:
        model = InclusionProfile
        fields = [
            "has_credential",
            "credential_number",
            "credential_date",
            "disability_type",
            "disability_pension",
            "adjustments",
            "notes",
        ]
        widgets = {
            "credential_date": DateInput(),
            "adjustments": forms.Textarea(attrs=ROWS),
            "notes": forms.Textarea(attrs=ROWS),
        }
        help_texts = {
            "credential_number": "Opcional.",
            "adjustments": "Por ejemplo: rampa de acceso, intérprete de lengua de señas, "
            "jornada adaptada.",
        }


class FunctionalEvaluationForm(ServiceForm):
    class Meta:
        model = FunctionalEvaluation
        fields = ["evaluated_on", "findings", "recommended_adjustments", "suitable_tasks"]
        widgets = {
            "evaluated_on": DateInput(),
            "findings": forms.Textarea(attrs=ROWS),
            "recommended_adjustments": forms.Textarea(attrs=ROWS),
            "suitable_tasks": forms.Textarea(attrs=ROWS),
        }


class JobAnalysisForm(ServiceForm):
    suitable = forms.TypedChoiceField(
        label="¿Puesto adecuado para una persona con discapacidad?",
        choices=[("1", "Sí"), ("0", "No")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Indique si el puesto es adecuado."},
    )

    class Meta:
        model = JobAnalysis
        fields = [
            "analysed_on",
            "physical_demands",
            "cognitive_demands",
            "sensory_demands",
            "accessibility",
            "possible_adjustments",
            "suitable",
        ]
        widgets = {
            "analysed_on": DateInput(),
            "physical_demands": forms.Textarea(attrs=ROWS),
            "cognitive_demands": forms.Textarea(attrs=ROWS),
            "sensory_demands": forms.Textarea(attrs=ROWS),
            "accessibility": forms.Textarea(attrs=ROWS),
            "possible_adjustments": forms.Textarea(attrs=ROWS),
        }


class FunctionalEvaluationFilter(FilterSet):
    evaluated_from = django_filters.DateFilter(
        label="Desde", field_name="evaluated_on", lookup_expr="gte", widget=DateInput()
    )
    evaluated_until = django_filters.DateFilter(
        label="Hasta", field_name="evaluated_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = FunctionalEvaluation
        fields = []


class JobAnalysisFilter(FilterSet):
    park = ParkFilter(field_name="vacancy__company__park")
    analysed_from = django_filters.DateFilter(
        label="Desde", field_name="analysed_on", lookup_expr="gte", widget=DateInput()
    )
    analysed_until = django_filters.DateFilter(
        label="Hasta", field_name="analysed_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = JobAnalysis
        fields = []
