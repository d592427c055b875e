"""The list of every placement (hire), with its export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from omil_crm.accounts.roles import person_name
from omil_crm.base.exports import list_export
from omil_crm.base.formtools import add_service_errors
from vacancies import selectors, services
from vacancies.filters import PlacementFilter
from vacancies.forms import PlacementSenceForm
from vacancies.sence import placement_sence_reasons
from vacancies.views.common import add_distinct_people, list_context, posted
from vacancies.views.referrals import person_cells

EXPORT_HEADER = [
    "Fecha de inicio",
    "Persona",
    "RUT",
    "Vacante",
    "Empresa",
    "Parque",
    "Contrato",
    "Registrada por",
    "Registrada el",
    "RUT del empleador",
    "Duración (meses)",
    "Contrato escrito",
    "Código BNE",
]


def _filtered(request: HttpRequest) -> PlacementFilter:
    return PlacementFilter(request.GET or None, queryset=selectors.placement_list_queryset())


@permission_required("vacancies.view_placement", raise_exception=True)
def placement_list(request: HttpRequest) -> HttpResponse:
    placements = _filtered(request)
    context = add_distinct_people(
        list_context(request, placements),
        placements,
        "referral__job_seeker_id",
        # With a disability filter the set is small, and the report counts its persons.
        ("start_from", "start_until", "pcd"),
    )
    return render(request, "vacancies/placement_list.html", context)


def _export_rows(queryset):
    for placement in queryset.iterator(chunk_size=2000):
        referral = placement.referral
        company = referral.vacancy.company
        yield [
            placement.start_date.strftime("%d-%m-%Y"),
            *person_cells(referral.job_seeker),
            referral.vacancy.title,
            company.legal_name,
            company.park.name if company.park else "",
            placement.get_contract_type_display(),
            person_name(placement.recorded_by),
            timezone.localtime(placement.recorded_at).strftime("%d-%m-%Y %H:%M"),
            company.rut_display,
            placement.contract_months or "",
            "Sí" if placement.written_contract else "No",
            referral.vacancy.bne_code,
        ]


@permission_required("vacancies.view_placement", raise_exception=True)
def placement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = _filtered(request).qs
    return list_export(
        fmt,
        name="colocaciones",
        sheet="Colocaciones",
        header=EXPORT_HEADER,
        rows=lambda: _export_rows(queryset),
    )


@permission_required("vacancies.view_placement", raise_exception=True)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A placement with what SENCE verifies, and the form to complete it."""
    placement = get_object_or_404(selectors.placement_list_queryset(), pk=pk)
    if request.method == "POST" and not request.user.has_perm("vacancies.change_placement"):
        raise PermissionDenied
    vacancy = placement.referral.vacancy
    initial = {
        "start_date": placement.start_date,
        "contract_type": placement.contract_type,
        "contract_months": placement.contract_months,
        "written_contract": placement.written_contract,
        "bne_code": vacancy.bne_code,
    }
    form = PlacementSenceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_complete(placement=placement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Se guardaron los datos de la colocación.")
            return redirect("vacancies:placement_detail", pk=placement.pk)
    context = {
        "placement": placement,
        "reasons": placement_sence_reasons(placement),
        "form": form,
        "can_change": request.user.has_perm("vacancies.change_placement"),
    }
    return render(request, "vacancies/placement_detail.html", context)
