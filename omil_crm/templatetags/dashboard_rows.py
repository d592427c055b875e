"""The dashboard's staff table rows, written in one pass.

The table lists every staff member who did something in the period (hundreds in a large
office), six linked figures each: as template tags that is thousands of variable lookups per
page, the larger part of its rendering time. The markup is the same as a template loop's,
escaped the same way.
"""

from django import template
from django.utils.html import format_html, format_html_join

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
    if not rows:
        return format_html(
            '<tr><td colspan="7" class="text-body-secondary">{}</td></tr>',
            "Sin actividad registrada en el período.",
        )
    return format_html_join(
        "\n",
        '<tr data-testid="staff-row"><th scope="row" class="fw-normal">{}</th>{}</tr>',
        ((row["name"], _cells(row)) for row in rows),
    )


def _cells(row):
    return format_html_join(
        "",
        '<td class="text-end"><a href="{}" data-testid="{}">{}</a></td>',
        ((row[link], testid, row[figure]) for figure, link, testid in STAFF_COLUMNS),
    )
