"""The request list's rows (omil_crm.base.rows says why they are written in Python)."""

from django import template

from omil_crm.base.rows import (
    DASH,
    company_name,
    day,
    full_name,
    table_rows,
    text,
    url_for,
)
from requests_routing.models import ServiceRequest

register = template.Library()
DONE = ("resolved", "closed")
STATUS_LABELS = dict(ServiceRequest.Status.choices)


@register.simple_tag
def request_rows(page, today):
    """`page` holds rows of selectors.request_list_rows."""
    detail = url_for("requests_routing:request_detail")
    company_page = url_for("companies:detail")
    return table_rows(
        [_row(request, today, detail, company_page) for request in page],
        "No hay solicitudes que cumplan los filtros.",
    )


def _row(request, today, detail, company_page) -> str:
    is_open = request.status in ServiceRequest.OPEN_STATUSES
    overdue = is_open and request.due_date is not None and request.due_date < today
    badge = "primary" if is_open else "success" if request.status in DONE else "secondary"
    company = company_name(request.company__trade_name, request.company__legal_name)
    owner = full_name(request.owner__first_name, request.owner__last_name)
    return (
        f"<tr{' class="table-danger" data-overdue="1"' if overdue else ''}>"
        f'<td class="text-nowrap"><a href="{detail(request.pk)}" class="fw-semibold">'
        f"{text(request.reference)}</a></td>"
        f"<td>{text(request.subject)}"
        f'<div class="small text-body-secondary">{text(request.category__name)}</div></td>'
        f'<td class="d-none d-md-table-cell"><a href="{company_page(request.company_id)}">'
        f"{text(company)}</a></td>"
        f'<td class="d-none d-lg-table-cell">{text(request.department__name, "Sin derivar")}</td>'
        f'<td><span class="badge text-bg-{badge}">{text(STATUS_LABELS.get(request.status))}'
        "</span></td>"
        f'<td class="text-nowrap">{day(request.due_date)}'
        f"{' <span class="badge text-bg-danger">Vencida</span>' if overdue else ''}</td>"
        f'<td class="d-none d-lg-table-cell">{text(owner, DASH)}</td>'
        "</tr>"
    )
