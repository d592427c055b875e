"""Every visit and contact of the office: filters, pagination and export of what is filtered."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from companies.filters import VisitFilter
from companies.selectors import visit_list_queryset
from omil_crm.accounts.roles import person_name
from omil_crm.base.exports import list_export
from omil_crm.base.formtools import paginate_filtered

EXPORT_HEADER = [
    "Fecha y hora",
    "Estado",
    "Tipo",
    "Empresa",
    "RUT de la empresa",
    "Parque",
    "Funcionario",
    "Resumen",
    "Necesidades detectadas",
    "Próximo paso",
]


def filtered(request: HttpRequest) -> VisitFilter:
    return VisitFilter(request.GET or None, queryset=visit_list_queryset())


@permission_required("companies.view_visit", raise_exception=True)
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": visits,
        "page": paginate_filtered(request, visits),
        "query": query.urlencode(),
    }
    return render(request, "companies/visit_list.html", context)


def _moment(visit) -> str:
    moment = visit.happened_at or visit.planned_for
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def export_rows(queryset):
    for visit in queryset.iterator(chunk_size=2000):
        company = visit.company
        yield [
            _moment(visit),
            visit.get_status_display(),
            visit.get_kind_display(),
            company.legal_name,
            company.rut_display,
            company.park.name if company.park else "",
            person_name(visit.staff),
            visit.summary,
            visit.needs_detected,
            visit.next_step,
        ]


@permission_required("companies.view_visit", raise_exception=True)
def visit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = filtered(request).qs
    return list_export(
        fmt,
        name="visitas",
        sheet="Visitas",
        header=EXPORT_HEADER,
        rows=lambda: export_rows(queryset),
    )
