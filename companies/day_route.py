"""One staff member's field visits of a day, ordered on foot (companies/routing.py), with the
places to start from and the nearby companies due for contact."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from companies.models import Company, IndustrialPark, Visit
from companies.routing import Point, Route, Stop, Walking, haversine_m, plan_route
from omil_crm.base.periods import local_midnight

# More stops than anyone walks in a day; it also bounds the work of one page.
MAX_STOPS = 20
MAX_SUGGESTIONS = 8
# Companies read around the route before measuring the distance to each.
SUGGESTION_CANDIDATES = 200
# How far before or after a planned time the visit may start when planned times are kept.
APPOINTMENT_SLACK_MINUTES = 30
OFFICE_KEY = "oficina"


@dataclass(frozen=True)
class StartPlace:
    key: str
    name: str
    point: Point


@dataclass
class DayRoute:
    day: date
    start: StartPlace
    start_minute: int
    route: Route
    # Planned field visits that cannot be placed: the company has no coordinates.
    unplaced: list = field(default_factory=list)
    # Visits beyond MAX_STOPS, left out of the route.
    left_out: int = 0
    # Each visit routed, by the route's stop key (the visit's pk).
    visits: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    # Companies of the route that do not receive visits on that weekday.
    closed_that_day: list = field(default_factory=list)


def walking() -> Walking:
    return Walking(
        detour_factor=settings.OMIL_ROUTE_DETOUR_FACTOR, speed_kmh=settings.OMIL_ROUTE_WALKING_KMH
    )


def start_places() -> list[StartPlace]:
    """The office (the default), the places of settings (a bus stop), then every park placed
    on the map."""
    office = StartPlace(
        OFFICE_KEY,
        settings.OMIL_OFFICE_NAME,
        Point(settings.OMIL_OFFICE_LATITUDE, settings.OMIL_OFFICE_LONGITUDE),
    )
    named = [
        StartPlace(f"lugar-{index}", name, Point(latitude, longitude))
        for index, (name, latitude, longitude) in enumerate(settings.OMIL_ROUTE_START_POINTS)
    ]
    parks = IndustrialPark.objects.filter(latitude__isnull=False).order_by("name")[:20]
    return [office, *named] + [
        StartPlace(
            f"parque-{park.pk}", park.name, Point(float(park.latitude), float(park.longitude))
        )
        for park in parks
    ]


def minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def clock_text(minutes: float) -> str:
    minutes = round(minutes)
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def planned_field_visits(*, staff, day: date):
    return (
        Visit.objects.filter(
            staff=staff,
            status=Visit.Status.PLANNED,
            kind=Visit.Kind.FIELD,
            planned_for__gte=local_midnight(day),
            planned_for__lt=local_midnight(day + timedelta(days=1)),
        )
        .select_related("company")
        .order_by("planned_for", "pk")
    )


def _stop(visit: Visit, *, keep_planned_times: bool) -> Stop:
    company = visit.company
    duration = settings.OMIL_ROUTE_VISIT_MINUTES
    earliest = minute_of(company.visiting_from) if company.visiting_from else None
    latest = minute_of(company.visiting_until) - duration if company.visiting_until else None
    planned = minute_of(timezone.localtime(visit.planned_for).time())
    # Midnight is how a visit planned «for the day» without an hour looks.
    if keep_planned_times and planned:
        low, high = planned - APPOINTMENT_SLACK_MINUTES, planned + APPOINTMENT_SLACK_MINUTES
        earliest = max(earliest, low) if earliest is not None else low
        latest = min(latest, high) if latest is not None else high
    return Stop(
        key=visit.pk,
        name=str(company),
        point=Point(float(company.latitude), float(company.longitude)),
        duration=duration,
        earliest=earliest,
        latest=latest,
    )


def day_route(
    *, staff, day: date, start: StartPlace, start_minute: int, keep_planned_times: bool = False
) -> DayRoute:
    visits = list(planned_field_visits(staff=staff, day=day)[: MAX_STOPS + 1])
    left_out = max(0, len(visits) - MAX_STOPS)
    visits = visits[:MAX_STOPS]
    placed = [visit for visit in visits if visit.company.has_location]
    stops = [_stop(visit, keep_planned_times=keep_planned_times) for visit in placed]
    route = plan_route(stops, start=start.point, start_minute=start_minute, walking=walking())
    weekday = str(day.weekday())
    return DayRoute(
        day=day,
        start=start,
        start_minute=start_minute,
        route=route,
        unplaced=[visit for visit in visits if not visit.company.has_location],
        left_out=left_out,
        visits={visit.pk: visit for visit in placed},
        closed_that_day=[
            visit.company
            for visit in placed
            if visit.company.visiting_weekdays and weekday not in visit.company.visiting_weekdays
        ],
        suggestions=nearby_due_for_contact(
            points=[start.point] + [stop.point for stop in stops],
            weekday=day.weekday(),
            exclude={visit.company_id for visit in visits},
        ),
    )


def nearby_due_for_contact(*, points: list[Point], weekday: int, exclude: set) -> list[tuple]:
    """(company, metres from the route) of the companies due for contact that receive visits
    on `weekday`, within settings.OMIL_ROUTE_SUGGEST_METRES of a point of the route."""
    reach = settings.OMIL_ROUTE_SUGGEST_METRES
    # A box around the route in degrees (a degree of latitude is about 111 km) narrows the
    # rows read before the exact distance is measured.
    margin = reach / 111_000 * 1.5
    cutoff = timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS)
    candidates = (
        Company.objects.due_for_contact(cutoff)
        .filter(
            latitude__gte=min(p.latitude for p in points) - margin,
            latitude__lte=max(p.latitude for p in points) + margin,
            longitude__gte=min(p.longitude for p in points) - margin * 1.3,
            longitude__lte=max(p.longitude for p in points) + margin * 1.3,
        )
        .filter(Q(visiting_weekdays__contains=str(weekday)) | Q(visiting_weekdays=""))
        .exclude(pk__in=exclude)
        .order_by("last_contact_at", "pk")[:SUGGESTION_CANDIDATES]
    )
    found = []
    for company in candidates:
        where = Point(float(company.latitude), float(company.longitude))
        metres = min(haversine_m(where, point) for point in points)
        if metres <= reach:
            found.append((company, metres))
    found.sort(key=lambda item: item[1])
    return found[:MAX_SUGGESTIONS]


def day_start_minute() -> int:
    return minute_of(datetime.strptime(settings.OMIL_ROUTE_DAY_START, "%H:%M").time())
