"""SENCE's two counters of employer events in the monthly report.

- «Encuentros empresariales»: encuentros empresariales and desayunos empresariales. Both bring
  the companies together with the OMIL (the mayor's breakfasts with the park's companies are
  the practice's way of meeting employers), which is what SENCE's indicator asks for.
- «Ferias laborales»: ferias laborales and reclutamientos masivos. In both, job seekers meet
  one or several employers that recruit on the spot; SENCE's reports count them together.

An event counts when it was held in the month: not cancelled and dated from the first day of
the month to its last day, or to today while the month is running (an event later this month
has not been held yet). With a park chosen, only that park's events count. The link opens the
events list with exactly those filters, so it shows as many rows as the figure says.
"""

from django.db.models import Count, Q

from events.filters import KIND_GROUPS
from events.models import EmployerEvent
from omil_crm.dashboard.figures import Scope
from omil_crm.dashboard.links import FigureLinks

LABELS = {"encuentros": "Encuentros empresariales", "ferias": "Ferias laborales"}


def held_until(scope: Scope):
    return min(scope.period.last_day, scope.today)


def held_events(scope: Scope):
    events = EmployerEvent.objects.filter(
        status=EmployerEvent.Status.SCHEDULED,
        date__gte=scope.period.first_day,
        date__lte=held_until(scope),
    )
    if scope.park is not None:
        events = events.filter(park=scope.park)
    return events


def event_figures(scope: Scope) -> list[tuple[str, int, str]]:
    """(label, figure, link) of both counters, in one query."""
    counts = held_events(scope).aggregate(
        **{group: Count("pk", filter=Q(kind__in=kinds)) for group, kinds in KIND_GROUPS.items()}
    )
    links = FigureLinks(scope)
    return [
        (LABELS[group], counts[group], links.events(group, until=held_until(scope)))
        for group in KIND_GROUPS
    ]
