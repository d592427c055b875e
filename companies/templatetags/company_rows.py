"""The company directory's rows (omil_crm.base.rows says why they are written in Python)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from companies.models import Company, Sector
from companies.rut import format_rut
from omil_crm.base.rows import DASH, day, full_name, table_rows, text, url_for

register = template.Library()
STATUS_BADGES = {"active": "success", "inactive": "secondary"}
SECTORS = dict(Sector.choices)
STATUSES = dict(Company.Status.choices)


@register.simple_tag
def company_rows(page):
    """`page` holds rows of selectors.directory_rows."""
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
    park = company.park__name if company.park_id else ""
    owner = full_name(company.owner__first_name, company.owner__last_name)
    badge = STATUS_BADGES.get(company.status, "warning")
    contact = day(company.last_contact_at) or '<span class="text-danger">Nunca</span>'
    return (
        "<tr>"
        f'<td><a href="{detail(company.pk)}" class="fw-semibold">{text(company.legal_name)}</a>'
        f"{trade}{flag}</td>"
        f'<td class="text-nowrap d-none d-sm-table-cell">{text(format_rut(company.rut), DASH)}</td>'
        f'<td class="d-none d-md-table-cell">{text(SECTORS.get(company.sector))}</td>'
        f'<td class="d-none d-xl-table-cell text-nowrap">{text(park, DASH)}</td>'
        f'<td><span class="badge text-bg-{badge}">{text(STATUSES.get(company.status))}'
        "</span></td>"
        f'<td class="d-none d-md-table-cell">{text(owner, DASH)}</td>'
        f'<td class="text-nowrap">{contact}</td>'
        "</tr>"
    )


@register.simple_tag
def timeline_items(entries):
    """The company timeline's entries, as the page's list items."""
    items = [_timeline_item(entry) for entry in entries]
    if not items:
        return mark_safe(
            '<li class="list-group-item text-body-secondary">'
            "Todavía no hay historia con esta empresa.</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every text escaped by text()


def _timeline_item(entry) -> str:
    source = entry.source
    title = text(entry.title)
    url = entry.url
    if url:
        title = f'<a href="{text(url)}">{title}</a>'
    detail = (
        f'<div class="small text-break">{text(Truncator(entry.detail).chars(300))}</div>'
        if entry.detail
        else ""
    )
    return (
        '<li class="list-group-item"><div class="d-flex gap-2">'
        f'<i class="bi bi-{text(source.icon)} text-primary fs-5" aria-hidden="true"></i>'
        '<div class="flex-grow-1">'
        f'<div class="small text-body-secondary">{text(entry.when)} · {text(source.label)}</div>'
        f'<div class="fw-semibold">{title}</div>{detail}'
        "</div></div></li>"
    )
