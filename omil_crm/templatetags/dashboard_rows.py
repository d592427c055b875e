"""The dashboard's rows that grow with the office, written in one pass: the staff table,
the placements by park and the parks to choose from.

The staff table lists every staff member who did something in the period (hundreds in a
large office), six linked figures each: as template tags that is thousands of variable
lookups per page, the larger part of its rendering time. The parks are as many as the
office's (sixty in the benchmark at 3×): written by the template, they cost the dashboard
more than counting their placements. The markup is the same as a template loop's, escaped
the same way.
"""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

register = template.Library()

# (the row's figure, its link, the cell's data-testid), in the table's column order.
STAFF_COLUMNS = (
    ("visits", "visits_link", "staff-visits"),
    ("requests", "requests_link", "staff-requests"),
    ("vacancies", "vacancies_link", "staff-vacancies"),
    ("referrals", "referrals_link", "staff-referrals"),
    ("placements", "placements_link", "staff-placements"),
    ("follow_ups", "follow_ups_link", "staff-follow-ups"),
)


@register.simple_tag
def staff_rows(rows):
    """Every text escaped as Django escapes it (django.utils.html.escape is html.escape);
    the figures are whole numbers."""
    if not rows:
        return mark_safe(
            '<tr><td colspan="7" class="text-body-secondary">'
            "Sin actividad registrada en el período.</td></tr>"
        )
    return mark_safe("\n".join(_row(row) for row in rows))  # noqa: S308 - every value escaped


def _row(row) -> str:
    cells = "".join(
        f'<td class="text-end"><a href="{escape(str(row[link]))}" data-testid="{testid}">'
        f"{int(row[figure])}</a></td>"
        for figure, link, testid in STAFF_COLUMNS
    )
    return (
        f'<tr data-testid="staff-row"><th scope="row" class="fw-normal">'
        f"{escape(str(row['name']))}</th>{cells}</tr>"
    )


@register.simple_tag
def park_share_rows(rows):
    """Each park's placements, linked, and its share of the office's, as floatformat:1
    writes it."""
    if not rows:
        return mark_safe(
            '<tr><td colspan="3" class="text-body-secondary">'
            "No hay colocaciones en el período.</td></tr>"
        )
    return mark_safe(  # noqa: S308 - every value escaped
        "\n".join(
            f'<tr data-testid="park-share-row"><th scope="row" class="fw-normal">'
            f"{escape(str(row['park']))}</th>"
            f'<td class="text-end"><a href="{escape(str(row["link"]))}" data-testid="placements">'
            f"{int(row['placements'])}</a></td>"
            f'<td class="text-end" data-testid="share">{escape(floatformat(row["share"], 1))} %'
            "</td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def park_options(parks, chosen):
    """The options of the park selector (after «Toda la oficina»), `chosen` selected."""
    chosen_pk = getattr(chosen, "pk", None)
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{int(park["pk"])}"'
            f"{' selected' if park['pk'] == chosen_pk else ''}>{escape(str(park['name']))}</option>"
            for park in parks
        )
    )
