"""The list behind each dashboard figure, filtered to exactly that figure's definition.

Each link carries the filters that reproduce its figure (period, park, «done», «never
contacted», «not contacted for N days», department, staff member…), so the list it opens holds
as many rows as the figure says, and shows those filters as set.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from companies.filters import NO_PARK, NOT_INACTIVE
from companies.models import Visit
from omil_crm.dashboard.figures import Scope


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    path = _path(name)
    return f"{path}?{query}" if query else path


def _path(name: str) -> str:
    """The list's path, reversed once per process: a dashboard links each of the office's
    parks and each person of the team's page to the same few lists, and reversing cost more
    than the rest of a link."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
    path = _paths.get(key)
    if path is None:
        path = _paths[key] = reverse(name)
    return path


# A few dozen lists' paths, per URLconf and script prefix.
_paths: dict[tuple, str] = {}


class FigureLinks:
    """Builds the links of one dashboard (one period, one park)."""

    def __init__(self, scope: Scope):
        self.first = scope.period.first_day.isoformat()
        self.last = scope.period.last_day.isoformat()
        self.park_id = scope.park.pk if scope.park else None

    def visits(self, staff_id: int | None = None) -> str:
        return _url(
            "companies:visit_list",
            status=Visit.Status.DONE,
            happened_from=self.first,
            happened_until=self.last,
            park=self.park_id,
            staff=staff_id,
        )

    def companies_contacted(self) -> str:
        return _url(
            "companies:directory",
            contacted_from=self.first,
            contacted_until=self.last,
            park=self.park_id,
        )

    def never_contacted(self) -> str:
        return _url("companies:directory", park=self.park_id, status=NOT_INACTIVE, contacted="0")

    def long_not_contacted(self) -> str:
        return _url(
            "companies:directory",
            park=self.park_id,
            status=NOT_INACTIVE,
            contacted="1",
            no_contact_days=settings.NO_CONTACT_DAYS,
            order="last_contact",
        )

    def vacancies(self, staff_id: int | None = None) -> str:
        return _url(
            "vacancies:vacancy_list",
            park=self.park_id,
            opened_from=self.first,
            opened_until=self.last,
            captured_by=staff_id,
        )

    def referrals(self, staff_id: int | None = None) -> str:
        return _url(
            "vacancies:referral_list",
            referred_from=self.first,
            referred_until=self.last,
            park=self.park_id,
            referred_by=staff_id,
        )

    def placements(
        self, park_id: int | None = None, whole_office: bool = False, staff_id: int | None = None
    ) -> str:
        """`whole_office`: every park and none (the share figures); `park_id` None with
        `whole_office` False: the dashboard's park."""
        park = park_id if park_id is not None or whole_office else self.park_id
        return _url(
            "vacancies:placement_list",
            start_from=self.first,
            start_until=self.last,
            park=park,
            recorded_by=staff_id,
        )

    def placements_outside_parks(self) -> str:
        return self.placements(park_id=NO_PARK)

    def requests_received(
        self, department_id: int | None = None, staff_id: int | None = None
    ) -> str:
        return _url(
            "requests_routing:request_list",
            received_from=self.first,
            received_until=self.last,
            department=department_id,
            park=self.park_id,
            created_by=staff_id,
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

    def surveys(self, department_id: int | None, answer: str) -> str:
        """Requests by their «¿Quedó resuelto?» survey: `answer` "enviada" (sent in the
        period), or "respondida", "si", "no" (answered in the period)."""
        dates = (
            {"survey_sent_from": self.first, "survey_sent_until": self.last}
            if answer == "enviada"
            else {"survey_answered_from": self.first, "survey_answered_until": self.last}
        )
        return _url(
            "requests_routing:request_list",
            survey=answer,
            department=department_id,
            park=self.park_id,
            **dates,
        )

    def follow_ups_done(self, staff_id: int | None = None) -> str:
        return _url(
            "companies:follow_ups_done",
            done_from=self.first,
            done_until=self.last,
            park=self.park_id,
            done_by=staff_id,
        )

    def staff_rows(self, rows: list[dict]) -> list[dict]:
        """The staff table's rows with each figure's link.

        The staff member is the last filter of each of these links, so each list's link is
        built (reversed, encoded) once and only the person's id is appended per row: the
        table may list hundreds of people, six links each.
        """
        lists = {
            "visits_link": (self.visits(), "staff"),
            "requests_link": (self.requests_received(), "created_by"),
            "vacancies_link": (self.vacancies(), "captured_by"),
            "referrals_link": (self.referrals(), "referred_by"),
            "placements_link": (self.placements(), "recorded_by"),
            "follow_ups_link": (self.follow_ups_done(), "done_by"),
        }
        return [
            {
                **row,
                **{
                    key: f"{base}&{param}={int(row['user_id'])}"
                    for key, (base, param) in lists.items()
                },
            }
            for row in rows
        ]

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

    def people_attended(self) -> str:
        return _url("vacancies:job_seeker_list", attended_from=self.first, attended_until=self.last)

    def people_registered(self) -> str:
        return _url(
            "vacancies:job_seeker_list", registered_from=self.first, registered_until=self.last
        )

    def guidance(self) -> str:
        """Sessions of the period; the list prints the distinct persons they reached."""
        return _url("vacancies:guidance_list", held_from=self.first, held_until=self.last)

    def events(self, kind_group: str, until=None) -> str:
        """Employer events held in the period (omil_crm/dashboard/event_figures.py): one kind
        group, not cancelled, up to `until` (today, while the period runs)."""
        return _url(
            "events:list",
            kind=kind_group,
            status="scheduled",
            since=self.first,
            until=until.isoformat() if until else self.last,
            park=self.park_id,
        )

    def functional_evaluations(self) -> str:
        """Functional evaluations (Ley 21.015) of the period, the whole office's."""
        return _url(
            "vacancies:functional_evaluation_list",
            evaluated_from=self.first,
            evaluated_until=self.last,
        )

    def job_analyses(self) -> str:
        return _url(
            "vacancies:job_analysis_list",
            analysed_from=self.first,
            analysed_until=self.last,
            park=self.park_id,
        )

    def pcd_placements(self) -> str:
        """Placements of persons with an inclusion profile; the list prints the distinct
        persons, which the report counts."""
        return f"{self.placements()}&pcd=1"
