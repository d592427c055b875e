"""What SENCE verifies of a placement, and placements by sex and age group (heavy reads).

Since 2022 SENCE counts a placement by matching the person's RUN and the employer's RUT
against pension contributions from the start date; a placement missing one of those, or
without a written contract, is unlikely to be confirmed. The placement list's filters and the
monthly report both read these conditions, so a number in the report and the list it links to
always agree.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from omil_crm.base.periods import Period
from vacancies.models import Placement, Sex, Vacancy

# Shown in the report and on the placement page, in this order.
SENCE_REASONS = {
    "no_employer_rut": "La empresa no tiene RUT registrado",
    "no_run": "La persona no tiene RUN registrado",
    "no_written_contract": "Sin contrato escrito",
    "no_start_date": "Sin fecha de inicio",
    "future_start": "La fecha de inicio aún no llega",
    "no_length": "Plazo fijo sin duración en meses",
}

# How many placements the report lists by name; the rest are on the linked list.
REPORT_LIST_CAP = 100


def sence_conditions(today: date) -> dict[str, Q]:
    """Each reason as a condition on placements."""
    return {
        "no_employer_rut": Q(referral__vacancy__company__rut__isnull=True)
        | Q(referral__vacancy__company__rut=""),
        "no_run": Q(referral__job_seeker__rut__isnull=True) | Q(referral__job_seeker__rut=""),
        "no_written_contract": Q(written_contract=False),
        "no_start_date": Q(start_date__isnull=True),
        "future_start": Q(start_date__gt=today),
        "no_length": Q(contract_type=Vacancy.Contract.FIXED_TERM, contract_months__isnull=True),
    }


def sence_incomplete(today: date) -> Q:
    """Placements with at least one reason SENCE may not confirm them."""
    condition = Q()
    for reason in sence_conditions(today).values():
        condition |= reason
    return condition


def placement_sence_reasons(placement: Placement, today: date | None = None) -> list[str]:
    """The reasons of one placement (its referral, person and company already loaded)."""
    today = today or timezone.localdate()
    company_rut = placement.referral.vacancy.company.rut
    checks = {
        "no_employer_rut": not company_rut,
        "no_run": not placement.referral.job_seeker.rut,
        "no_written_contract": not placement.written_contract,
        "no_start_date": placement.start_date is None,
        "future_start": placement.start_date is not None and placement.start_date > today,
        "no_length": placement.contract_type == Vacancy.Contract.FIXED_TERM
        and placement.contract_months is None,
    }
    return [label for key, label in SENCE_REASONS.items() if checks[key]]


@dataclass(frozen=True)
class IncompletePlacement:
    placement: Placement
    reasons: list[str]


def placements_sence_may_not_confirm(
    period: Period, park=None, today: date | None = None, limit: int = REPORT_LIST_CAP
) -> tuple[int, list[IncompletePlacement]]:
    """The placements starting in `period` that SENCE may not confirm: how many, and the first
    `limit` of them (by start date) with their reasons. Two queries."""
    today = today or timezone.localdate()
    queryset = Placement.objects.filter(
        sence_incomplete(today),
        start_date__gte=period.first_day,
        start_date__lte=period.last_day,
    )
    if park is not None:
        queryset = queryset.filter(referral__vacancy__company__park=park)
    total = queryset.count()
    rows = queryset.select_related("referral__job_seeker", "referral__vacancy__company").order_by(
        "start_date", "pk"
    )[:limit]
    return total, [IncompletePlacement(row, placement_sence_reasons(row, today)) for row in rows]


# Sex and age group -------------------------------------------------------------------------

SEX_GROUPS = {"mujer": Sex.FEMALE, "hombre": Sex.MALE, "no-informado": Sex.NOT_STATED}
SEX_LABELS = {"mujer": "Mujeres", "hombre": "Hombres", "no-informado": "Sexo no informado"}

# Age on the start date; (lowest, highest) inclusive, None: open. People may work from 15,
# so the younger ones get their own group and the groups always add up to the total.
AGE_GROUPS = {
    "menos-18": ("Menos de 18 años", None, 17),
    "18-24": ("18 a 24 años", 18, 24),
    "25-59": ("25 a 59 años", 25, 59),
    "60-mas": ("60 años y más", 60, None),
}
NO_BIRTH_DATE = "sin-fecha"
NO_BIRTH_DATE_LABEL = "Sin fecha de nacimiento"


def with_age_at_start(queryset: QuerySet) -> QuerySet:
    """Annotate `age_at_start`: whole years of the person on the placement's start date
    (null without a birth date), computed in the database on SQLite and PostgreSQL alike."""
    birth = "referral__job_seeker__birth_date"
    queryset = queryset.annotate(
        _start_month=ExtractMonth("start_date"),
        _start_day=ExtractDay("start_date"),
        _birth_month=ExtractMonth(birth),
        _birth_day=ExtractDay(birth),
    )
    before_birthday = Q(_start_month__lt=F("_birth_month")) | Q(
        _start_month=F("_birth_month"), _start_day__lt=F("_birth_day")
    )
    return queryset.annotate(
        age_at_start=ExtractYear("start_date")
        - ExtractYear(birth)
        - Case(When(before_birthday, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def sex_condition(group: str) -> Q:
    return Q(referral__job_seeker__sex=SEX_GROUPS[group])


def age_condition(group: str) -> Q:
    """A condition on a queryset annotated by `with_age_at_start`."""
    if group == NO_BIRTH_DATE:
        return Q(referral__job_seeker__birth_date__isnull=True)
    _label, lowest, highest = AGE_GROUPS[group]
    condition = Q(referral__job_seeker__birth_date__isnull=False)
    if lowest is not None:
        condition &= Q(age_at_start__gte=lowest)
    if highest is not None:
        condition &= Q(age_at_start__lte=highest)
    return condition


def placements_by_sex_and_age(queryset: QuerySet) -> dict[str, int]:
    """Counts of `queryset` (placements) by sex group and by age group, in one query; keys are
    the groups' URL values."""
    counts = {f"sexo:{key}": Count("pk", filter=sex_condition(key)) for key in SEX_GROUPS}
    for key in [*AGE_GROUPS, NO_BIRTH_DATE]:
        counts[f"edad:{key}"] = Count("pk", filter=age_condition(key))
    return with_age_at_start(queryset).aggregate(**counts)
