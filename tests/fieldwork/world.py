"""A field day for the route tests: six companies east of Concón with fixed coordinates, and
one planned visit to each on the next weekday, planned in an order that is not the best."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from companies.models import Company
from companies.services import visit_plan
from omil_crm.base.workdays import is_working_day

# Walking from the OMIL office (settings) the best order is C A E B D F.
PLACES = {
    "C": ("Metalúrgica Quintero Ltda.", "-32.933000", "-71.503000"),
    "A": ("Bodegas Las Gaviotas SpA", "-32.936500", "-71.495000"),
    "E": ("Químicos del Pacífico S.A.", "-32.939000", "-71.492000"),
    "B": ("Frigorífico El Molle SpA", "-32.941000", "-71.487000"),
    "D": ("Transportes Aconcagua Ltda.", "-32.944000", "-71.479000"),
    "F": ("Áridos Concón SpA", "-32.946000", "-71.473500"),
}
BEST_ORDER = [PLACES[key][0] for key in "CAEBDF"]
PLANNED_ORDER = "FBDAEC"
RUTS = ["76086428-5", "76543210-3", "77123456-9", "76999888-8", "76111222-8", "77777777-7"]


def next_weekday(after: date | None = None) -> date:
    """The next working day: not a weekend, nor a public holiday (planning on one asks for
    confirmation)."""
    day = (after or timezone.localdate()) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_company(key: str, *, owner, park=None, rut: str, **extra) -> Company:
    name, latitude, longitude = PLACES[key]
    return Company.objects.create(
        rut=rut,
        legal_name=name,
        owner=owner,
        park=park,
        address=f"Camino Concón–Quillota km {3 + list(PLACES).index(key)}, Concón",
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        visiting_from=time(8, 0),
        visiting_until=time(18, 0),
        **extra,
    )


def plan_six_visits(*, staff, day: date, park=None) -> dict[str, object]:
    """The six companies (by key) and a planned field visit to each, hourly from 09:00."""
    visits = {}
    for hour, key in enumerate(PLANNED_ORDER, start=9):
        company = make_company(key, owner=staff, park=park, rut=RUTS[hour - 9])
        visits[key] = visit_plan(company=company, staff=staff, planned_for=at(day, hour))
    return visits
