"""The staff list behind each figure of a balance, filtered to exactly that figure: the same
company or park and the same days, so the list holds as many rows as the figure says.

A link is left out (None) when the user may not open that list.
"""

from urllib.parse import urlencode

from django.urls import reverse

from omil_crm.base.periods import Period

# (figure, list URL name, permission to open it).
LISTS = {
    "received": ("requests_routing:request_list", "requests_routing.view_servicerequest"),
    "resolved": ("requests_routing:request_list", "requests_routing.view_servicerequest"),
    "vacancies": ("vacancies:vacancy_list", "vacancies.view_vacancy"),
    "referrals": ("vacancies:referral_list", "vacancies.view_referral"),
    "placements": ("vacancies:placement_list", "vacancies.view_placement"),
}
# Each list's own names for the first and last day of the figure's date.
DAYS = {
    "received": ("received_from", "received_until"),
    "resolved": ("resolved_from", "resolved_until"),
    "vacancies": ("opened_from", "opened_until"),
    "referrals": ("referred_from", "referred_until"),
    "placements": ("start_from", "start_until"),
}


def figure_links(
    user, period: Period, *, company_id: int | None = None, park_id: int | None = None
) -> dict[str, str | None]:
    """{figure: the list that reproduces it, or None} for one company or one park."""
    owner = {"company": company_id} if company_id is not None else {"park": park_id}
    links = {}
    for figure, (name, permission) in LISTS.items():
        if not user.has_perm(permission):
            links[figure] = None
            continue
        first, last = DAYS[figure]
        query = {
            **owner,
            first: period.first_day.isoformat(),
            last: period.last_day.isoformat(),
        }
        links[figure] = f"{reverse(name)}?{urlencode(query)}"
    return links
