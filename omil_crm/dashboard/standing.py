"""The dashboard's «today» figures read from the standing tallies (omil_crm.models
.StandingTally), which triggers keep in step with every write: a few rows instead of every
active company and every open request of the office.

- Companies: the active ones and those never contacted are one row each; those contacted
  since the line (NO_CONTACT_DAYS ago) are the rows of the days after the line's day, one per
  day, plus the companies of the line's own day at or after the line, read off the
  last-contact index.
- Overdue requests: the open ones less those due from today on, per department.

Each part has the columns of the live part it stands for, so the dashboard's queries keep their
shape and count. Without the table (SQLite) the dashboard counts live.
"""

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    Func,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from companies.models import Company
from omil_crm.models import StandingTally


def rebuild() -> None:
    """Recount every tally from the tables (omil_tally_rebuild, migration omil_crm 0012):
    writers wait for it, so none is missed or counted twice."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT omil_tally_rebuild()")


def enabled() -> bool:
    """Whether the tallies exist here (PostgreSQL 15 or later, like their table)."""
    return connection.features.supports_nulls_distinct_unique_constraints


class LocalMidnightAfter(Func):
    """The local midnight that ends the day of a moment (PostgreSQL), in the current time
    zone: a day is not always 24 hours long in Santiago."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        zone = timezone.get_current_timezone_name()
        return (
            f"(((({sql}) AT TIME ZONE %s)::date + 1)::timestamp AT TIME ZONE %s)",
            [*params, zone, zone],
        )


def _tallies(park_id):
    if park_id is None:
        return StandingTally.objects.filter(whole_office=True).order_by()
    return StandingTally.objects.filter(whole_office=False, park_id=park_id).order_by()


def companies(scope, threshold) -> list:
    """Parts of (key, current, previous): «active_companies», «never_contacted» and
    «recently_contacted» (contacted at or after `threshold`)."""
    moment = Value(threshold, output_field=DateTimeField())
    key = Case(
        When(counter=StandingTally.Counter.COMPANIES, then=Value("active_companies")),
        When(counter=StandingTally.Counter.NEVER_CONTACTED, then=Value("never_contacted")),
        default=Value("recently_contacted"),
    )
    stored = (
        _tallies(scope.park_id)
        .filter(
            Q(
                counter__in=[
                    StandingTally.Counter.COMPANIES,
                    StandingTally.Counter.NEVER_CONTACTED,
                ],
                day__isnull=True,
            )
            | Q(counter=StandingTally.Counter.CONTACTED_ON, day__gt=TruncDate(moment)),
            department_id__isnull=True,
        )
        .annotate(key=key)
        .values("key")
        .annotate(current=Sum("value"), previous=Value(0))
        .values_list("key", "current", "previous")
    )
    line_day = (
        Company.objects.filter(scope.companies())
        .exclude(status=Company.Status.INACTIVE)
        .filter(last_contact_at__gte=moment, last_contact_at__lt=LocalMidnightAfter(moment))
        .order_by()
        .annotate(key=Value("recently_contacted"))
        .values("key")
        .annotate(current=Count("*"), previous=Value(0))
        .values_list("key", "current", "previous")
    )
    return [stored, line_day]


def overdue_by_department(scope, today, zeros: dict, empty: dict, columns: tuple):
    """(department, name, zeros..., overdue, percentiles...): the open requests less those
    due from `today` on, per department."""
    open_less_due = Case(
        When(counter=StandingTally.Counter.REQUESTS_OPEN, then=F("value")),
        default=-F("value"),
    )
    return (
        _tallies(scope.park_id)
        .filter(
            Q(counter=StandingTally.Counter.REQUESTS_OPEN, day__isnull=True)
            | Q(counter=StandingTally.Counter.REQUESTS_DUE_ON, day__gte=today)
        )
        .values("department_id")
        .annotate(name=Cast(None, CharField()), **zeros, overdue=Sum(open_less_due), **empty)
        .values_list("department_id", "name", *columns, *empty)
    )
