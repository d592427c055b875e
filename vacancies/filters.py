"""Filters and orderings of the employment lists; only these keys ever reach the ORM."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from companies.filters import DayRangeFilterSet, ParkFilter, StaffFilter
from companies.forms import DateInput
from companies.rut import rut_search_key
from omil_crm.base.comunas import comuna_name
from omil_crm.base.filtering import FilterSet, IdFilter
from vacancies.inclusion_selectors import has_inclusion_profile
from vacancies.models import (
    DataSubjectRequest,
    EducationLevel,
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)
from vacancies.selectors import comunas_in_use
from vacancies.sence import (
    AGE_GROUPS,
    NO_BIRTH_DATE,
    NO_BIRTH_DATE_LABEL,
    SEX_GROUPS,
    SEX_LABELS,
    age_condition,
    sence_incomplete,
    sex_condition,
    with_age_at_start,
)
from vacancies.sence_counts import attended_between, registered_between


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering by a column, then newest first among equals, so pages never shuffle rows."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if not value:
            return qs
        return qs.order_by(*qs.query.order_by, "-pk")


def search_people(queryset, value: str):
    """Every word typed must be in the names, or the text is (part of) a RUT."""
    value = value.strip()
    if not value:
        return queryset
    rut_key = rut_search_key(value)
    if (
        rut_key
        and sum(char.isdigit() for char in rut_key) >= 4
        and not any(char.isalpha() and char not in "kK" for char in value)
    ):
        return queryset.filter(rut__contains=rut_key)
    for word in value.split()[:5]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


def search_company(queryset, value: str, prefix: str = "company__"):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(**{f"{prefix}legal_name__icontains": value})
        | Q(**{f"{prefix}trade_name__icontains": value})
    )


class PeopleFilter(FilterSet):
    """Search by name or RUT, skills, comuna and schooling: the registry and the candidate
    search of a vacancy share it."""

    q = django_filters.CharFilter(label="Nombre o RUT", method="filter_q")
    skills = django_filters.CharFilter(
        label="Habilidades u oficio", field_name="skills", lookup_expr="icontains"
    )
    comuna = django_filters.ChoiceFilter(label="Comuna", choices=[], empty_label="Todas")
    education = django_filters.ChoiceFilter(
        label="Escolaridad", choices=EducationLevel.choices, empty_label="Todas"
    )
    workshop = django_filters.ChoiceFilter(
        label="Talleres de apresto",
        method="filter_workshop",
        empty_label="Indistinto",
        choices=[("1", "Asistió a alguno"), ("0", "No ha asistido")],
    )

    class Meta:
        model = JobSeeker
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["comuna"].extra["choices"] = sorted(
            ((code, comuna_name(code)) for code in comunas_in_use() if comuna_name(code)),
            key=lambda choice: choice[1],
        )

    def filter_q(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_workshop(self, queryset, name, value):
        attended = Exists(Workshop.attendees.through.objects.filter(jobseeker=OuterRef("pk")))
        return queryset.filter(attended if value in (True, "1") else ~attended)


class JobSeekerFilter(PeopleFilter):
    consent = django_filters.ChoiceFilter(
        label="Consentimiento",
        method="filter_consent",
        empty_label="Todas",
        choices=[("1", "Otorgado"), ("0", "Pendiente"), ("retirado", "Retirado")],
    )
    # The monthly report's «Personas atendidas» and «inscritas» open the list with these.
    attended_from = django_filters.DateFilter(
        label="Atendidas desde", method="filter_attended", widget=DateInput()
    )
    attended_until = django_filters.DateFilter(
        label="hasta", method="filter_attended", widget=DateInput()
    )
    registered_from = django_filters.DateFilter(
        label="Inscritas desde", method="filter_registered", widget=DateInput()
    )
    registered_until = django_filters.DateFilter(
        label="hasta", method="filter_registered", widget=DateInput()
    )
    order = StableOrderingFilter(
        label="Ordenar por",
        fields=(
            ("last_name", "name"),
            ("comuna", "comuna"),
            ("education", "education"),
            ("created_at", "created"),
        ),
        field_labels={
            "last_name": "Apellidos",
            "comuna": "Comuna",
            "education": "Escolaridad",
            "created_at": "Inscripción",
        },
    )

    def filter_consent(self, queryset, name, value):
        if value == "retirado":
            return queryset.filter(
                consent_given_at__isnull=True, consent_withdrawn_at__isnull=False
            )
        if value in (True, "1"):
            return queryset.filter(consent_given_at__isnull=False)
        return queryset.filter(consent_given_at__isnull=True, consent_withdrawn_at__isnull=True)

    def _day_bounds(self, prefix: str, name: str):
        """Both ends of a range, applied once (by its first filter that has a value)."""
        first = self.form.cleaned_data.get(f"{prefix}_from")
        last = self.form.cleaned_data.get(f"{prefix}_until")
        if name.endswith("_until") and first is not None:
            return None
        return first, last

    def filter_attended(self, queryset, name, value):
        bounds = self._day_bounds("attended", name)
        return queryset if bounds is None else queryset.filter(attended_between(*bounds))

    def filter_registered(self, queryset, name, value):
        bounds = self._day_bounds("registered", name)
        return queryset if bounds is None else queryset.filter(registered_between(*bounds))

    def period_condition(self) -> Q | None:
        """The attended and registered days asked for, as one condition (None without them):
        the list shows only people whose data remains, the report counts everyone."""
        if not self.is_bound or not self.form.is_valid():
            return None
        condition = None
        for prefix, between in (("attended", attended_between), ("registered", registered_between)):
            first = self.form.cleaned_data.get(f"{prefix}_from")
            last = self.form.cleaned_data.get(f"{prefix}_until")
            if first is None and last is None:
                continue
            part = between(first, last)
            condition = part if condition is None else condition & part
        return condition


class VacancyFilter(FilterSet):
    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    # Links from a company page carry its id; there is no select of every company.
    company = IdFilter(field_name="company_id", label="Empresa", widget=forms.HiddenInput())
    park = ParkFilter(field_name="company__park")
    status = django_filters.ChoiceFilter(
        label="Estado", choices=Vacancy.Status.choices, empty_label="Todos"
    )
    captured_by = StaffFilter(label="Captada por")
    open_positions = django_filters.ChoiceFilter(
        label="Cupos",
        method="filter_open_positions",
        empty_label="Todos",
        choices=[("1", "Con cupos por llenar"), ("0", "Sin cupos por llenar")],
    )
    inclusive = django_filters.ChoiceFilter(
        label="Inclusiva (Ley 21.015)",
        method="filter_inclusive",
        empty_label="Todas",
        choices=[("1", "Solo vacantes inclusivas")],
    )
    opened_from = django_filters.DateFilter(
        label="Captadas desde", field_name="opened_on", lookup_expr="gte", widget=DateInput()
    )
    opened_until = django_filters.DateFilter(
        label="hasta", field_name="opened_on", lookup_expr="lte", widget=DateInput()
    )
    order = StableOrderingFilter(
        label="Ordenar por",
        fields=(
            ("opened_on", "opened"),
            ("closing_date", "closing"),
            ("company__legal_name", "company"),
        ),
        field_labels={
            "opened_on": "Captación",
            "closing_date": "Cierre",
            "company__legal_name": "Empresa",
        },
    )

    class Meta:
        model = Vacancy
        fields = []

    def filter_company_name(self, queryset, name, value):
        return search_company(queryset, value)

    def __init__(self, data=None, queryset=None, **kwargs):
        # A company's proposal is listed only when asked for by its status: every other view
        # of the list matches the figures, which count captured vacancies only.
        if queryset is not None and (data or {}).get("status") not in Vacancy.PROPOSAL_STATUSES:
            queryset = queryset.captured()
        super().__init__(data, queryset, **kwargs)

    def filter_inclusive(self, queryset, name, value):
        return queryset.filter(inclusive=True)

    def filter_open_positions(self, queryset, name, value):
        # `hired` is annotated by the list's queryset.
        open_ones = Q(status=Vacancy.Status.OPEN, hired__lt=F("positions"))
        return queryset.filter(open_ones if value in (True, "1") else ~open_ones)


class WorkshopFilter(FilterSet):
    topic = django_filters.CharFilter(label="Tema", lookup_expr="icontains")
    facilitator = StaffFilter(label="Facilitadora", empty_label="Todas")
    date_from = django_filters.DateFilter(
        label="Desde", field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_until = django_filters.DateFilter(
        label="Hasta", field_name="date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Workshop
        fields = []


class ProgrammeOfferFilter(FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label="Programa", queryset=Programme.objects.all(), empty_label="Todos"
    )
    status = django_filters.ChoiceFilter(
        label="Estado", choices=ProgrammeOffer.Status.choices, empty_label="Todos"
    )
    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    company = IdFilter(field_name="company_id", label="Empresa", widget=forms.HiddenInput())
    park = ParkFilter(field_name="company__park")
    offered_from = django_filters.DateFilter(
        label="Ofrecidos desde", field_name="offered_on", lookup_expr="gte", widget=DateInput()
    )
    offered_until = django_filters.DateFilter(
        label="hasta", field_name="offered_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = ProgrammeOffer
        fields = []

    def filter_company_name(self, queryset, name, value):
        return search_company(queryset, value)


# The stage choice of the referral list that means «still in process».
IN_PROCESS = "en_proceso"


class ReferralFilter(DayRangeFilterSet):
    RANGES = {"referred": "referred_at"}

    person = django_filters.CharFilter(label="Persona (nombre o RUT)", method="filter_person")
    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    vacancy = IdFilter(field_name="vacancy_id", label="Vacante", widget=forms.HiddenInput())
    # Links from a company's balance carry its id; there is no select of every company.
    company = IdFilter(
        field_name="vacancy__company_id", label="Empresa", widget=forms.HiddenInput()
    )
    park = ParkFilter(field_name="vacancy__company__park")
    stage = django_filters.ChoiceFilter(
        label="Etapa",
        choices=[(IN_PROCESS, "En proceso (derivado o en entrevista)"), *Referral.Stage.choices],
        empty_label="Todas",
        method="filter_stage",
    )
    referred_by = StaffFilter(label="Derivado por")
    referred_from = django_filters.DateFilter(
        label="Derivados desde", method="filter_day_range", widget=DateInput()
    )
    referred_until = django_filters.DateFilter(
        label="hasta", method="filter_day_range", widget=DateInput()
    )
    order = StableOrderingFilter(
        label="Ordenar por",
        fields=(("referred_at", "referred"), ("stage_changed_at", "stage_changed")),
        field_labels={"referred_at": "Derivación", "stage_changed_at": "Último cambio de etapa"},
    )

    class Meta:
        model = Referral
        fields = []

    def filter_person(self, queryset, name, value):
        people = search_people(JobSeeker.objects.active(), value)
        return queryset.filter(job_seeker__in=people.values("pk"))

    def filter_company_name(self, queryset, name, value):
        return search_company(queryset, value, prefix="vacancy__company__")

    def filter_stage(self, queryset, name, value):
        if value == IN_PROCESS:
            return queryset.filter(stage__in=[Referral.Stage.REFERRED, Referral.Stage.INTERVIEW])
        return queryset.filter(stage=value)


class PlacementFilter(FilterSet):
    person = django_filters.CharFilter(label="Persona (nombre o RUT)", method="filter_person")
    company_name = django_filters.CharFilter(label="Empresa", method="filter_company_name")
    company = IdFilter(
        field_name="referral__vacancy__company_id", label="Empresa", widget=forms.HiddenInput()
    )
    park = ParkFilter(field_name="referral__vacancy__company__park")
    contract_type = django_filters.ChoiceFilter(
        label="Contrato", choices=Vacancy.Contract.choices, empty_label="Todos"
    )
    recorded_by = StaffFilter(label="Registrada por")
    sence = django_filters.ChoiceFilter(
        label="Datos para el SENCE",
        method="filter_sence",
        empty_label="Todas",
        choices=[("1", "Por completar para el SENCE")],
    )
    sexo = django_filters.ChoiceFilter(
        label="Sexo",
        method="filter_sex",
        empty_label="Todos",
        choices=[(key, SEX_LABELS[key]) for key in SEX_GROUPS],
    )
    edad = django_filters.ChoiceFilter(
        label="Edad al inicio",
        method="filter_age",
        empty_label="Todas",
        choices=[
            *((key, label) for key, (label, _low, _high) in AGE_GROUPS.items()),
            (NO_BIRTH_DATE, NO_BIRTH_DATE_LABEL),
        ],
    )
    pcd = django_filters.ChoiceFilter(
        label="Inclusión (Ley 21.015)",
        method="filter_pcd",
        empty_label="Todas",
        choices=[("1", "Personas con discapacidad")],
    )
    start_from = django_filters.DateFilter(
        label="Inicio desde", field_name="start_date", lookup_expr="gte", widget=DateInput()
    )
    start_until = django_filters.DateFilter(
        label="hasta", field_name="start_date", lookup_expr="lte", widget=DateInput()
    )
    order = StableOrderingFilter(
        label="Ordenar por",
        fields=(("start_date", "start"), ("recorded_at", "recorded")),
        field_labels={"start_date": "Fecha de inicio", "recorded_at": "Registro"},
    )

    class Meta:
        model = Placement
        fields = []

    def filter_person(self, queryset, name, value):
        people = search_people(JobSeeker.objects.active(), value)
        return queryset.filter(referral__job_seeker__in=people.values("pk"))

    def filter_company_name(self, queryset, name, value):
        return search_company(queryset, value, prefix="referral__vacancy__company__")

    def filter_sence(self, queryset, name, value):
        return queryset.filter(sence_incomplete(timezone.localdate()))

    def filter_sex(self, queryset, name, value):
        return queryset.filter(sex_condition(value))

    def filter_pcd(self, queryset, name, value):
        # Persons with an inclusion profile, sealed ones too: the report counts them.
        return queryset.filter(has_inclusion_profile())

    def filter_age(self, queryset, name, value):
        return with_age_at_start(queryset).filter(age_condition(value))


class DataRequestFilter(FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Derecho", choices=DataSubjectRequest.Kind.choices, empty_label="Todos"
    )

    class Meta:
        model = DataSubjectRequest
        fields = []
