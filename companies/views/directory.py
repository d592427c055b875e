"""The company directory: filters, ordering, pagination and export of what is filtered."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from companies.filters import CompanyFilter
from companies.selectors import directory_queryset
from omil_crm.base.exports import SafeCsvWriter, append_row
from omil_crm.base.formtools import paginate

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
    page = paginate(request, company_filter.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "companies/directory.html",
        {
            "filter": company_filter,
            "page": page,
            "query": query.urlencode(),
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


class Echo:
    """A file-like object whose write returns the line, so a csv writer can feed a stream."""

    def write(self, value):
        return value


def csv_lines(queryset):
    writer = SafeCsvWriter(Echo(), delimiter=";")
    # A BOM and semicolons: what Excel configured for Chile opens without an import wizard.
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)
    for row in export_rows(queryset):
        yield writer.writerow(row)


@permission_required("companies.view_company", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Formato de exportación desconocido")
    queryset = filtered(request).qs
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="empresas-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Empresas")
    append_row(sheet, EXPORT_HEADER)
    for row in export_rows(queryset):
        append_row(sheet, row)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="empresas-{stamp}.xlsx"'
    workbook.save(response)
    return response
