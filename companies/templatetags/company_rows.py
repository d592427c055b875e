"""The company directory's rows (omil_crm.base.rows says why they are written in Python)."""

from django import template

from omil_crm.base.rows import DASH, day, table_rows, text, url_for

register = template.Library()
STATUS_BADGES = {"active": "success", "inactive": "secondary"}


@register.simple_tag
def company_rows(page):
    detail = url_for("companies:detail")
    return table_rows(
        [_row(company, detail) for company in page], "No hay empresas que cumplan los filtros."
    )


def _row(company, detail) -> str:
    trade = (
        f'<div class="small text-body-secondary">{text(company.trade_name)}</div>'
        if company.trade_name
        else ""
    )
    flag = '<span class="badge text-bg-warning">Aviso Alcaldía</span>' if company.is_flagged else ""
    park = company.park.name if company.park_id else ""
    owner = company.owner.get_full_name() if company.owner_id else ""
    badge = STATUS_BADGES.get(company.status, "warning")
    contact = day(company.last_contact_at) or '<span class="text-danger">Nunca</span>'
    return (
        "<tr>"
        f'<td><a href="{detail(company.pk)}" class="fw-semibold">{text(company.legal_name)}</a>'
        f"{trade}{flag}</td>"
        f'<td class="text-nowrap d-none d-sm-table-cell">{text(company.rut_display, DASH)}</td>'
        f'<td class="d-none d-md-table-cell">{text(company.get_sector_display())}</td>'
        f'<td class="d-none d-xl-table-cell text-nowrap">{text(park, DASH)}</td>'
        f'<td><span class="badge text-bg-{badge}">{text(company.get_status_display())}'
        "</span></td>"
        f'<td class="d-none d-md-table-cell">{text(owner, DASH)}</td>'
        f'<td class="text-nowrap">{contact}</td>'
        "</tr>"
    )
