"""The list behind each dashboard figure, filtered to the same period and park.

Figures with a staff list of their own (companies, requests, vacancies, offers, workshops) open
it; visits, referrals and placements have no staff list, so they open the admin's list, which
the Encargado may read, with the same filters.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from omil_crm.dashboard.figures import Scope


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


class FigureLinks:
    """Builds the links of one dashboard (one period, one park)."""

    def __init__(self, scope: Scope):
        self.first = scope.period.first_day.isoformat()
        self.last = scope.period.last_day.isoformat()
        self.park_id = scope.park.pk if scope.park else None

    def visits(self, staff_id: int | None = None) -> str:
        return _url(
            "admin:companies_visit_changelist",
            status__exact="done",
            happened_at__date__gte=self.first,
            happened_at__date__lte=self.last,
            company__park__id__exact=self.park_id,
            staff__id__exact=staff_id,
        )

    def not_contacted(self) -> str:
        return _url(
            "companies:directory",
            park=self.park_id,
            no_contact_days=settings.NO_CONTACT_DAYS,
            order="last_contact",
        )

    def vacancies(self) -> str:
        return _url(
            "vacancies:vacancy_list",
            park=self.park_id,
            opened_from=self.first,
            opened_until=self.last,
        )

    def referrals(self) -> str:
        return _url(
            "admin:vacancies_referral_changelist",
            referred_at__date__gte=self.first,
            referred_at__date__lte=self.last,
            vacancy__company__park__id__exact=self.park_id,
        )

    def placements(self, park_id: int | None = None, whole_office: bool = False) -> str:
        park_id = park_id if park_id is not None or whole_office else self.park_id
        return _url(
            "admin:vacancies_placement_changelist",
            start_date__gte=self.first,
            start_date__lte=self.last,
            referral__vacancy__company__park__id__exact=park_id,
        )

    def requests_received(self, department_id: int | None = None) -> str:
        return _url(
            "requests_routing:request_list",
            received_from=self.first,
            received_until=self.last,
            department=department_id,
            park=self.park_id,
        )

    def requests_resolved(self, department_id: int | None = None) -> str:
        return _url(
            "requests_routing:request_list",
            resolved_from=self.first,
            resolved_until=self.last,
            department=department_id,
            park=self.park_id,
        )

    def requests_overdue(self, department_id: int | None = None) -> str:
        return _url(
            "requests_routing:request_list",
            overdue="1",
            department=department_id,
            park=self.park_id,
        )

    def offers(self, status: str | None = None) -> str:
        return _url(
            "vacancies:offer_list",
            status=status,
            park=self.park_id,
            offered_from=self.first,
            offered_until=self.last,
        )

    def workshops(self) -> str:
        return _url("vacancies:workshop_list", date_from=self.first, date_until=self.last)
