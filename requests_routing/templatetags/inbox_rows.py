"""The inbox's emails (omil_crm.base.rows says why they are written in Python)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from omil_crm.base.rows import company_name, moment, text, url_for
from requests_routing.models import InboundEmail

register = template.Library()
STATE_LABELS = dict(InboundEmail.TriageState.choices)


@register.simple_tag
def inbox_rows(page, tab: str, can_triage: bool):
    """`page` holds rows of selectors.inbox_list_rows."""
    detail = url_for("requests_routing:email_detail")
    request = url_for("requests_routing:request_detail")
    pick = tab == "nuevos" and can_triage
    rows = [
        _row(email, tab, pick, first=index == 0, detail=detail, request=request)
        for index, email in enumerate(page)
    ]
    if not rows:
        empty = "No hay correos por revisar. ¡Bandeja al día!" if tab == "nuevos" else "Nada aquí."
        return mark_safe(f'<div class="list-group-item text-body-secondary">{empty}</div>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every text escaped in _row


def _row(email, tab, pick, *, first, detail, request) -> str:
    box = (
        '<input class="form-check-input mt-1" type="checkbox" name="emails" '
        f'value="{email.pk}" aria-label="Seleccionar «{text(email.subject)}»">'
        if pick
        else ""
    )
    sent = email.sent_at or email.received_at
    when = moment(sent)
    return (
        '<div class="list-group-item"><div class="d-flex gap-2 align-items-start">'
        f'{box}<div class="flex-grow-1">'
        f'<a href="{detail(email.pk)}" class="fw-semibold"{' accesskey="1"' if first else ""}>'
        f"{text(email.subject, '(sin asunto)')}</a>"
        f'<div class="small text-body-secondary">{text(email.sender_name, email.sender)} '
        f"&lt;{text(email.sender)}&gt; · {when}</div>"
        f'<div class="small">{" ".join(_notes(email, tab, request))}</div>'
        "</div></div></div>"
    )


def _notes(email, tab, request) -> list[str]:
    """The badges and remarks under an email, in the order the inbox has always shown them."""
    new = email.triage_state == "new"
    notes = []
    if email.source == "portal":
        notes.append('<span class="badge text-bg-dark" data-testid="from-portal">Portal</span>')
    if email.matched_company_id:
        company = company_name(email.matched_company__trade_name, email.matched_company__legal_name)
        notes.append(f'<span class="badge text-bg-success">{text(company)}</span>')
    elif new:
        notes.append('<span class="badge text-bg-warning">Remitente desconocido</span>')
    if email.suggested_category_id:
        category = text(email.suggested_category__name)
        notes.append(f'<span class="badge text-bg-info">{category}</span>')
    if new and email.suggested_request_id:
        notes.append(
            '<span class="badge text-bg-primary" data-testid="suggested-request">'
            f"Parece referirse a {text(email.suggested_request__reference)}</span>"
        )
    if email.has_dangerous_attachment:
        notes.append('<span class="badge text-bg-danger">Adjunto peligroso</span>')
    if email.service_request_id:
        notes.append(
            f'<a href="{request(email.service_request_id)}">'
            f"{text(email.service_request__reference)}</a>"
        )
    if email.triage_state == "failed":
        reason = Truncator(email.failure_reason or "").chars(200)
        notes.append(f'<span class="text-danger">{text(reason)}</span>')
    if email.triage_note:
        notes.append(
            f'<span class="text-body-secondary">{text(STATE_LABELS.get(email.triage_state))}: '
            f"{text(email.triage_note)}</span>"
        )
    elif tab == "revisados":
        notes.append(
            f'<span class="text-body-secondary">{text(STATE_LABELS.get(email.triage_state))}</span>'
        )
    return notes
