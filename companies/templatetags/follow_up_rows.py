"""The follow-ups' rows with their actions (omil_crm.base.rows says why they are written in
Python): each open one links five addresses and carries two forms, each done one a form to
reopen it."""

from django import template
from django.utils.safestring import mark_safe

from omil_crm.base.rows import company_name, day, full_name, moment, text, url_for

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_up_items(context, follow_ups):
    """The `<li>` of each follow-up, as companies/partials/follow_up_item.html wrote them."""
    links = {
        name: url_for(f"companies:{name}")
        for name in ("follow_up_detail", "detail", "follow_up_done", "follow_up_reassign")
    }
    actions = None
    if context["perms"]["companies"]["change_followup"]:
        actions = _form_fields(context) | {"lookup": text(context.get("staff_search_url", ""))}
    everyone = context.get("everyone")
    rows = [_item(follow_up, links, actions, everyone) for follow_up in follow_ups]
    return mark_safe("\n".join(rows))  # noqa: S308 - every text escaped by `text`


def _form_fields(context) -> dict[str, str]:
    """The hidden fields of a row's forms: the CSRF token, and the page to come back to."""
    csrf = text(context.get("csrf_token", ""))
    back = text(context["request"].get_full_path())
    return {
        "csrf": f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">',
        "next": f'<input type="hidden" name="next" value="{back}">',
    }


def _item(follow_up, links, actions, everyone) -> str:
    detail = links["follow_up_detail"](follow_up.pk)
    details = [
        f'<a href="{links["detail"](follow_up.company_id)}">{text(follow_up.company)}</a>',
        f"· vence {day(follow_up.due_date)}",
    ]
    if follow_up.times_postponed:
        times = follow_up.times_postponed
        details.append(
            '<span class="badge text-bg-light" data-testid="postponed">pospuesto'
            f"{f' {times} veces' if times > 1 else ''}; era para el "
            f"{day(follow_up.first_due_date)}</span>"
        )
    if everyone:
        details.append(f"· {text(follow_up.assigned_to.get_full_name())}")
    if follow_up.source_type_id:
        name = text(follow_up.source_type.name)
        source = follow_up.source_url
        details.append(
            f'· origen: <a href="{text(source)}">{name}</a>' if source else f"· origen: {name}"
        )
    notes = (
        f'<div class="small text-body-secondary">{text(follow_up.notes)}</div>'
        if follow_up.notes
        else ""
    )
    return (
        '<li class="list-group-item" data-testid="follow-up">'
        '<div class="d-flex flex-wrap gap-2 align-items-start"><div class="me-auto">'
        f'<div class="fw-semibold"><a class="link-body-emphasis" href="{detail}">'
        f"{text(follow_up.title)}</a></div>"
        f'<div class="small">{" ".join(details)}</div>{notes}</div>'
        f"{_actions(follow_up, links, actions, detail) if actions else ''}</div></li>"
    )


def _actions(follow_up, links, actions, detail) -> str:
    person = follow_up.assigned_to
    placeholder = text(person.get_full_name() or person.username)
    box = f"reassign-{follow_up.pk}"
    return (
        f'<form method="post" action="{links["follow_up_done"](follow_up.pk)}">'
        f"{actions['csrf']}{actions['next']}"
        '<button type="submit" class="btn btn-sm btn-success">'
        '<i class="bi bi-check-lg" aria-hidden="true"></i> Hecho</button></form>'
        f'<form method="post" action="{links["follow_up_reassign"](follow_up.pk)}" '
        f'class="d-flex gap-1">{actions["csrf"]}{actions["next"]}'
        f'<label class="visually-hidden" for="{box}">Reasignar a</label>'
        f'<input type="text" name="assigned_to" id="{box}" '
        'class="form-control form-control-sm" required maxlength="200" autocomplete="off" '
        f'placeholder="{placeholder}" data-staff-lookup="{actions["lookup"]}" '
        'data-only-active="1">'
        '<button type="submit" class="btn btn-sm btn-outline-secondary">Reasignar</button>'
        "</form>"
        f'<a class="btn btn-sm btn-outline-secondary" href="{detail}#posponer">Posponer</a>'
    )


@register.simple_tag(takes_context=True)
def done_follow_up_items(context, rows):
    """The `<li>` of each follow-up done lately (rows of selectors.recently_done_follow_ups),
    with its «Reabrir» for those who may change follow-ups."""
    detail = url_for("companies:follow_up_detail")
    company_page = url_for("companies:detail")
    reopen = None
    if context["perms"]["companies"]["change_followup"]:
        reopen = _form_fields(context) | {"url": url_for("companies:follow_up_reopen")}
    items = [_done_item(row, detail, company_page, reopen) for row in rows]
    return mark_safe("\n".join(items))  # noqa: S308 - every text escaped by `text`


def _done_item(row, detail, company_page, reopen) -> str:
    company = company_name(row.company__trade_name, row.company__legal_name)
    by = ""
    if row.done_by_id:
        # As {{ user.get_full_name|default:user.username }} says it.
        name = full_name(row.done_by__first_name, row.done_by__last_name)
        by = f" por {text(name or row.done_by__username)}"
    form = ""
    if reopen:
        form = (
            f'<form method="post" action="{reopen["url"](row.pk)}">'
            f"{reopen['csrf']}{reopen['next']}"
            '<button type="submit" class="btn btn-sm btn-outline-primary">'
            '<i class="bi bi-arrow-counterclockwise" aria-hidden="true"></i> Reabrir</button>'
            "</form>"
        )
    return (
        '<li class="list-group-item" data-testid="done-follow-up">'
        '<div class="d-flex flex-wrap gap-2 align-items-start">'
        '<div class="me-auto text-break">'
        f'<div><a class="link-body-emphasis" href="{detail(row.pk)}">{text(row.title)}</a></div>'
        f'<div class="small"><a href="{company_page(row.company_id)}">{text(company)}</a>'
        f" · hecho el {moment(row.done_at)}{by}</div>"
        f"</div>{form}</div></li>"
    )
