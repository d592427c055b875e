"""The referral pipeline: the list of every referral (with its export), putting a person
forward and moving them between stages."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from omil_crm.accounts.roles import person_name
from omil_crm.base.exports import list_export
from omil_crm.base.formtools import add_service_errors, int_param
from vacancies import selectors, services
from vacancies.filters import ReferralFilter
from vacancies.forms import StageMoveForm
from vacancies.models import JobSeeker, Referral, Vacancy
from vacancies.views.common import add_distinct_people, list_context
from vacancies.views.vacancies import render_vacancy_page, vacancy_or_404

ERASED = "Datos eliminados"
EXPORT_HEADER = [
    "Fecha de derivación",
    "Persona",
    "RUT",
    "Vacante",
    "Empresa",
    "Parque",
    "Etapa",
    "Último cambio de etapa",
    "Derivado por",
]


def person_cells(person: JobSeeker) -> list[str]:
    """Name and RUT, or nothing of an erased person but the fact."""
    if person.is_erased:
        return [ERASED, ""]
    return [person.full_name, person.rut_display]


def _filtered(request: HttpRequest) -> ReferralFilter:
    return ReferralFilter(request.GET or None, queryset=selectors.referral_list_queryset())


@permission_required("vacancies.view_referral", raise_exception=True)
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = _filtered(request)
    context = add_distinct_people(
        list_context(request, referrals),
        referrals,
        "job_seeker_id",
        ("referred_from", "referred_until"),
    )
    return render(request, "vacancies/referral_list.html", context)


def _export_rows(queryset):
    for referral in queryset.iterator(chunk_size=2000):
        company = referral.vacancy.company
        yield [
            timezone.localtime(referral.referred_at).strftime("%d-%m-%Y %H:%M"),
            *person_cells(referral.job_seeker),
            referral.vacancy.title,
            company.legal_name,
            company.park.name if company.park else "",
            referral.get_stage_display(),
            timezone.localtime(referral.stage_changed_at).strftime("%d-%m-%Y %H:%M"),
            person_name(referral.referred_by),
        ]


@permission_required("vacancies.view_referral", raise_exception=True)
def referral_export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = _filtered(request).qs
    return list_export(
        fmt,
        name="derivaciones",
        sheet="Derivaciones",
        header=EXPORT_HEADER,
        rows=lambda: _export_rows(queryset),
    )


@require_POST
@permission_required("vacancies.add_referral", raise_exception=True)
def referral_add(request: HttpRequest) -> HttpResponse:
    """Refer a person to a vacancy, from the vacancy's candidate search or the person's page;
    the answer goes back to where the user was."""
    vacancy = Vacancy.objects.filter(pk=int_param(request, "vacancy") or 0).first()
    person = JobSeeker.objects.active().filter(pk=int_param(request, "job_seeker") or 0).first()
    back_to_person = request.POST.get("back") == "person" and person is not None
    if vacancy is None or person is None:
        messages.error(request, "Elija la persona y la vacante.")
    else:
        try:
            services.referral_create(job_seeker=person, vacancy=vacancy, referred_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{person.full_name} quedó derivada a «{vacancy.title}» ({vacancy.company}).",
            )
    if back_to_person:
        return redirect("vacancies:job_seeker_detail", pk=person.pk)
    if vacancy is not None:
        return redirect("vacancies:vacancy_detail", pk=vacancy.pk)
    return redirect("vacancies:vacancy_list")


@require_POST
@permission_required("vacancies.change_referral", raise_exception=True)
def referral_move(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("vacancy", "job_seeker"), pk=pk)
    form = StageMoveForm(request.POST, referral=referral)
    if form.is_valid():
        data = form.cleaned_data
        # A hire writes a placement, which needs its own permission.
        if data["stage"] == Referral.Stage.HIRED and not request.user.has_perm(
            "vacancies.add_placement"
        ):
            raise PermissionDenied
        try:
            services.referral_move(
                referral=referral,
                stage=data["stage"],
                changed_by=request.user,
                start_date=data["start_date"],
                contract_type=data["contract_type"],
                contract_months=data["contract_months"],
                written_contract=data["written_contract"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            messages.error(request, " ".join(error.messages))
        else:
            label = Referral.Stage(data["stage"]).label
            messages.success(request, f"{referral.job_seeker.full_name}: {label.lower()}.")
            return redirect("vacancies:vacancy_detail", pk=referral.vacancy_id)
    # Refused: the board again, the reason shown on that candidate's card.
    return render_vacancy_page(request, vacancy_or_404(referral.vacancy_id), bound_move=form)
