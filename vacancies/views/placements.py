"""The list of every placement (hire), with its export."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from omil_crm.accounts.roles import person_name
from omil_crm.base.exports import list_export
from vacancies import selectors
from vacancies.filters import PlacementFilter
from vacancies.views.common import list_context
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
]


def _filtered(request: HttpRequest) -> PlacementFilter:
    return PlacementFilter(request.GET or None, queryset=selectors.placement_list_queryset())


@permission_required("vacancies.view_placement", raise_exception=True)
def placement_list(request: HttpRequest) -> HttpResponse:
    context = list_context(request, _filtered(request))
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
