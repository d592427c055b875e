"""The company directory: filters, ordering, pagination and export of what is filtered."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from companies.filters import CompanyFilter
from companies.selectors import directory_queryset, directory_rows
from omil_crm.base.exports import list_export
from omil_crm.base.formtools import paginate_filtered

EXPORT_HEADER = [
    "RUT",
    "Razón social",
    "Nombre de fantasía",
    "Rubro",
    "Parque",
    "Dirección",
    "Teléfono",
    "Correo",
    "Dotación",
    "Estado",
    "Responsable",
    "Último contacto",
]


def filtered(request: HttpRequest) -> CompanyFilter:
    return CompanyFilter(request.GET or None, queryset=directory_queryset())


@permission_required("companies.view_company", raise_exception=True)
def directory(request: HttpRequest) -> HttpResponse:
    company_filter = filtered(request)
    page = paginate_filtered(request, company_filter, rows=directory_rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "companies/directory.html",
        {
            "filter": company_filter,
            "page": page,
            "query": query.urlencode(),
            # The phone's search box sends the other filters along, so searching keeps them.
            "kept_filters": [
                (name, value)
                for name, values in query.lists()
                if name != "q"
                for value in values[:1]
            ],
        },
    )


def export_rows(queryset):
    for company in queryset.iterator(chunk_size=2000):
        last = company.last_contact_at
        yield [
            company.rut_display,
            company.legal_name,
            company.trade_name,
            company.get_sector_display(),
            company.park.name if company.park else "",
            company.address,
            company.phone,
            company.email,
            company.workforce_size or "",
            company.get_status_display(),
            company.owner.get_full_name() if company.owner else "",
            timezone.localtime(last).strftime("%d-%m-%Y %H:%M") if last else "",
        ]


@permission_required("companies.view_company", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = filtered(request).qs
    return list_export(
        fmt,
        name="empresas",
        sheet="Empresas",
        header=EXPORT_HEADER,
        rows=lambda: export_rows(queryset),
    )
