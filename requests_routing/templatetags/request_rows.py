"""The request list's rows (omil_crm.base.rows says why they are written in Python)."""

from django import template

from omil_crm.base.rows import DASH, day, table_rows, text, url_for

register = template.Library()
DONE = ("resolved", "closed")


@register.simple_tag
def request_rows(page, today):
    detail = url_for("requests_routing:request_detail")
    company = url_for("companies:detail")
    return table_rows(
        [_row(request, today, detail, company) for request in page],
        "No hay solicitudes que cumplan los filtros.",
    )


def _row(request, today, detail, company) -> str:
    overdue = request.is_open and request.due_date is not None and request.due_date < today
    badge = "primary" if request.is_open else "success" if request.status in DONE else "secondary"
    owner = request.owner.get_full_name() if request.owner_id else ""
    return (
        f"<tr{' class="table-danger" data-overdue="1"' if overdue else ''}>"
        f'<td class="text-nowrap"><a href="{detail(request.pk)}" class="fw-semibold">'
        f"{text(request.reference)}</a></td>"
        f"<td>{text(request.subject)}"
        f'<div class="small text-body-secondary">{text(request.category)}</div></td>'
        f'<td class="d-none d-md-table-cell"><a href="{company(request.company_id)}">'
        f"{text(request.company)}</a></td>"
        f'<td class="d-none d-lg-table-cell">{text(request.department, "Sin derivar")}</td>'
        f'<td><span class="badge text-bg-{badge}">{text(request.get_status_display())}'
        "</span></td>"
        f'<td class="text-nowrap">{day(request.due_date)}'
        f"{' <span class="badge text-bg-danger">Vencida</span>' if overdue else ''}</td>"
        f'<td class="d-none d-lg-table-cell">{text(owner, DASH)}</td>'
        "</tr>"
    )
