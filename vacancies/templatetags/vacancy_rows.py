"""The rows of the vacancy list and the people list (omil_crm.base.rows says why they are
written in Python)."""

from django import template
from django.utils.text import Truncator

from omil_crm.base.rows import DASH, day, table_rows, text, url_for

register = template.Library()
VACANCY_BADGES = {"open": "primary", "filled": "success"}


@register.simple_tag
def vacancy_rows(page):
    detail = url_for("vacancies:vacancy_detail")
    return table_rows(
        [_vacancy(vacancy, detail) for vacancy in page],
        "No hay vacantes que cumplan los filtros.",
    )


def _vacancy(vacancy, detail) -> str:
    company = vacancy.company
    inclusive = (
        ' <span class="badge text-bg-info" data-testid="inclusive-badge">Inclusiva</span>'
        if vacancy.inclusive
        else ""
    )
    park = (
        f'<div class="small text-body-secondary">{text(company.park.name)}</div>'
        if company.park_id
        else ""
    )
    badge = VACANCY_BADGES.get(vacancy.status, "secondary")
    return (
        '<tr data-testid="vacancy-row">'
        f'<td><a href="{detail(vacancy.pk)}" class="fw-semibold">{text(vacancy.title)}</a>'
        f'{inclusive}<div class="small text-body-secondary d-md-none">{text(company)}</div></td>'
        f'<td class="d-none d-md-table-cell">{text(company)}{park}</td>'
        f'<td><span class="badge text-bg-{badge}">{text(vacancy.get_status_display())}'
        "</span></td>"
        f'<td class="text-nowrap">{text(vacancy.hired)} de {text(vacancy.positions)}</td>'
        f'<td class="d-none d-sm-table-cell">{text(vacancy.in_process)}</td>'
        f'<td class="text-nowrap d-none d-lg-table-cell">{day(vacancy.opened_on)}</td>'
        f'<td class="text-nowrap d-none d-lg-table-cell">{day(vacancy.closing_date, DASH)}</td>'
        "</tr>"
    )


@register.simple_tag
def person_rows(page):
    detail = url_for("vacancies:job_seeker_detail")
    return table_rows(
        [_person(person, detail) for person in page],
        "No hay personas que cumplan la búsqueda.",
    )


def _person(person, detail) -> str:
    if person.consent_given_at:
        consent = '<span class="badge text-bg-success">Otorgado</span>'
    elif person.consent_withdrawn_at:
        consent = '<span class="badge text-bg-secondary">Consentimiento retirado</span>'
    else:
        consent = '<span class="badge text-bg-warning">Pendiente</span>'
    skills = Truncator(person.skills).chars(80) if person.skills else ""
    return (
        '<tr data-testid="person-row">'
        f'<td><a href="{detail(person.pk)}" class="fw-semibold">{text(person.last_name)}, '
        f"{text(person.first_name)}</a></td>"
        f'<td class="text-nowrap d-none d-sm-table-cell">{text(person.rut_display, DASH)}</td>'
        f'<td class="d-none d-md-table-cell">{text(person.get_comuna_display(), DASH)}</td>'
        f'<td class="d-none d-lg-table-cell">{text(person.get_education_display(), DASH)}</td>'
        f'<td class="d-none d-lg-table-cell small stack-hide">{text(skills, DASH)}</td>'
        f"<td>{consent}</td>"
        f'<td class="d-none d-md-table-cell">{text(person.referrals_in_process)}</td>'
        "</tr>"
    )
