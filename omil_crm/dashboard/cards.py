"""What the dashboard page shows: the figures as cards and tables, each with its link."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.formats import number_format

from omil_crm.base.periods import MONTH_NAMES
from omil_crm.dashboard.figures import Figures, Scope, share
from omil_crm.dashboard.links import FigureLinks
from vacancies.models import ProgrammeOffer


@dataclass
class Card:
    key: str
    label: str
    value: int | float | None
    link: str
    previous: int | float | None = None
    note: str = ""
    percent: bool = False

    @property
    def compared(self) -> bool:
        return self.previous is not None and self.value is not None

    @property
    def change(self) -> float | None:
        return None if not self.compared else round(self.value - self.previous, 1)

    @property
    def change_percent(self) -> int | None:
        if not self.compared or not self.previous or self.percent:
            return None
        return round(100 * (self.value - self.previous) / self.previous)


def _park_share_card(scope: Scope, figures: Figures, links: FigureLinks) -> Card:
    office = figures.counters.get("placements_office", (0, 0))
    if scope.park is None:
        part = figures.counters.get("placements_in_parks", (0, 0))
        label = "Colocaciones en empresas de parques"
        note = "del total de colocaciones de la oficina"
    else:
        part = figures.counters.get("placements", (0, 0))
        label = "Participación del parque en las colocaciones"
        note = f"{part[0]} de {office[0]} colocaciones de la oficina"
    return Card(
        "park_share",
        label,
        share(part[0], office[0]),
        links.placements(whole_office=True),
        previous=share(part[1], office[1]),
        note=note,
        percent=True,
    )


def indicator_cards(scope: Scope, figures: Figures, links: FigureLinks) -> list[Card]:
    def compared(key, label, link, note=""):
        current, previous = figures.counters.get(key, (0, 0))
        return Card(key, label, current, link, previous=previous, note=note)

    def today(key, label, link, note=""):
        return Card(key, label, figures.current(key), link, note=note)

    companies = figures.current("companies")
    contacted = figures.current("companies_contacted")
    contacted_share = share(contacted, companies)
    where = "del parque" if scope.park else "de la oficina"
    return [
        compared("visits", "Visitas y contactos realizados", links.visits()),
        compared(
            "companies_contacted",
            "Empresas contactadas",
            links.companies_contacted(),
            note=(
                f"{number_format(contacted_share, 1)} % de las {companies} empresas {where}"
                if contacted_share is not None
                else f"No hay empresas {where}"
            ),
        ),
        today("never_contacted", "Empresas nunca contactadas", links.never_contacted(), "hoy"),
        today(
            "long_not_contacted",
            f"Sin contacto hace más de {settings.NO_CONTACT_DAYS} días",
            links.long_not_contacted(),
            "hoy, sin contar las nunca contactadas",
        ),
        compared("vacancies", "Vacantes captadas", links.vacancies()),
        compared("positions", "Puestos captados", links.vacancies()),
        compared("referrals", "Derivaciones", links.referrals()),
        compared("placements", "Colocaciones", links.placements()),
        _park_share_card(scope, figures, links),
        compared("requests_received", "Solicitudes recibidas", links.requests_received()),
        compared("requests_resolved", "Solicitudes resueltas", links.requests_resolved()),
        today("requests_overdue", "Solicitudes vencidas", links.requests_overdue(), "hoy"),
        compared("workshops", "Talleres", links.workshops()),
        compared("attendees", "Asistencias a talleres", links.workshops()),
    ]


def _month_label(month) -> str:
    return f"{MONTH_NAMES[month.month - 1][:3]} {month.year}"


def chart_data(figures: Figures) -> dict:
    labels = [_month_label(month) for month in figures.trend_months]
    return {
        "labels": labels,
        "companies": {
            "Visitas": figures.trend["visits"],
            "Solicitudes recibidas": figures.trend["requests_received"],
            "Solicitudes resueltas": figures.trend["requests_resolved"],
        },
        "employment": {
            "Vacantes": figures.trend["vacancies"],
            "Derivaciones": figures.trend["referrals"],
            "Colocaciones": figures.trend["placements"],
        },
    }


def _query(period, park) -> str:
    params = period.query()
    if park is not None:
        params["parque"] = park.pk
    return urlencode(params)


# The team table shows this many people a page: an office has a dozen, a comuna's
# whole staff or a shared installation hundreds.
STAFF_PER_PAGE = 50


def whole_team(figures: Figures) -> Page:
    """The whole team table as one page (the monthly report, which is printed)."""
    return Paginator(figures.staff_activity, max(len(figures.staff_activity), 1)).page(1)


def dashboard_context(scope: Scope, figures: Figures, staff: Page) -> dict:
    """What the dashboard shows, with the page of the team table `staff`
    (staff_figures.staff_page, or whole_team)."""
    links = FigureLinks(scope)
    departments = [
        {
            **row,
            "received_link": links.requests_received(row["department_id"]),
            "resolved_link": links.requests_resolved(row["department_id"]),
            "overdue_link": links.requests_overdue(row["department_id"]),
        }
        for row in figures.requests_by_department
    ]
    surveys = [
        {
            **row,
            "sent_link": links.surveys(row["department_id"], "enviada"),
            "answered_link": links.surveys(row["department_id"], "respondida"),
            "yes_link": links.surveys(row["department_id"], "si"),
            "reopened_link": links.surveys(row["department_id"], "no"),
        }
        for row in figures.surveys_by_department
    ]
    park_shares = [
        {
            **row,
            "link": links.placements(park_id=row["park_id"])
            if row["park_id"] is not None
            else links.placements_outside_parks(),
        }
        for row in figures.placements_by_park
    ]
    offers = [
        {
            "status": status,
            "label": label,
            "current": figures.offers_by_status.get(status, (0, 0))[0],
            "previous": figures.offers_by_status.get(status, (0, 0))[1],
            "link": links.offers(status),
        }
        for status, label in ProgrammeOffer.Status.choices
    ]
    staff.object_list = links.staff_rows(staff.object_list)
    return {
        "scope": scope,
        "period": scope.period,
        "previous_period": scope.period.previous(),
        "comparison_text": scope.comparison_text,
        "figures": figures,
        "cards": indicator_cards(scope, figures, links),
        "departments": departments,
        "surveys": surveys,
        "park_shares": park_shares,
        "offers": offers,
        "staff": staff,
        "chart_data": chart_data(figures),
        "links": links,
        "query": _query(scope.period, scope.park),
        "staff_query": _query(scope.period, scope.park) + "&personal=",
        "previous_query": _query(scope.period.previous(), scope.park),
        "next_query": _query(scope.period.next(), scope.park),
    }
