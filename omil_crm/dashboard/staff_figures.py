"""The team table: what each staff member did in the period.

One query over the UNION ALL of the live days' rows and the roll-ups, added up per person in
the database; whoever did nothing in the period is left out. The people come ordered by
name from the database, which for the dashboard also cuts the page of fifty it shows and
says how many there are: the rows of a team of eight hundred (the benchmark's at 3×) are
summed there, not read, turned into dictionaries and sorted here. The monthly report, which
is printed, lists the whole team.
"""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Value

from companies.models import FollowUp, Visit
from omil_crm.accounts.roles import name_from
from omil_crm.base.statements import fetch_compiled
from omil_crm.dashboard import rollup_parts
from omil_crm.dashboard.rollup_parts import union
from omil_crm.dashboard.scope import Scope
from requests_routing.models import ServiceRequest
from vacancies.models import Placement, Referral, Vacancy

# What each staff member did: (label, model, the user column, the date column, is it a date?).
STAFF_SOURCES = (
    ("visits", Visit.objects.filter(status=Visit.Status.DONE), "staff", "happened_at", False),
    ("requests", ServiceRequest.objects.all(), "created_by", "received_at", False),
    ("vacancies", Vacancy.objects.captured(), "captured_by", "opened_on", True),
    ("referrals", Referral.objects.all(), "referred_by", "referred_at", False),
    ("placements", Placement.objects.all(), "recorded_by", "start_date", True),
    ("follow_ups", FollowUp.objects.all(), "done_by", "done_at", False),
)
STAFF_COMPANY_PATH = {
    "visits": "company__",
    "requests": "company__",
    "vacancies": "company__",
    "referrals": "vacancy__company__",
    "placements": "referral__vacancy__company__",
    "follow_ups": "company__",
}
LABELS = [label for label, *_ in STAFF_SOURCES]
# The order of the table, as name_from writes the name, lower-cased; compared byte by byte
# ("C"), as Python compares strings, whatever the database's collation. On SQLite (no such
# collation) its own comparison is already byte by byte.
NAME_ORDER = (
    "lower(COALESCE(NULLIF(TRIM(first_name || ' ' || last_name), ''), username)){collate}, user_id"
)


def staff_activity(scope: Scope) -> list[dict]:
    """Every person who did something in the period, by name (the monthly report)."""
    scope = scope.with_coverage()
    return [_row(*row) for row in fetch_compiled(scope.query_key("staff"), _team_query(scope))]


def staff_page(scope: Scope, requested: str | None, per_page: int) -> Page:
    """The page `requested` of the team table, as Paginator.get_page would give it: the
    first for a number that is not one, the last for one out of range. One query (and the
    roll-ups' coverage, unless `scope` has it); two more only for a page out of range, to
    learn where the last one is."""
    scope = scope.with_coverage()
    try:
        number = int(requested or 1)
    except ValueError:
        number = 1
    rows, count = _page(scope, number, per_page) if number >= 1 else ([], 0)
    if not rows and number != 1:
        _rows, count = _page(scope, 1, per_page)
        number = max(1, -(-count // per_page))
        rows, count = _page(scope, number, per_page)
    return Paginator(_Counted(rows, count, (number - 1) * per_page), per_page).page(number)


def _page(scope: Scope, number: int, per_page: int) -> tuple[list[dict], int]:
    found = fetch_compiled(
        scope.query_key("staff_page", number, per_page),
        _team_query(scope, limit=per_page, offset=(number - 1) * per_page),
    )
    return [_row(*row) for *row, _count in found], (found[0][-1] if found else 0)


def _row(user_id, username, first, last, *totals) -> dict:
    # Each total is cast to bigint in the SQL: already a Python int.
    return {"user_id": user_id, "name": name_from(username, first, last)} | dict(
        zip(LABELS, totals, strict=True)
    )


class _Counted(Sequence):
    """The rows of one page, standing for a list of `count` rows that starts them at
    `offset`: what Paginator needs to number and cut that page."""

    def __init__(self, rows: list, count: int, offset: int):
        self.rows, self.total, self.offset = rows, count, offset

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.rows[index - self.offset]
        start = (index.start or 0) - self.offset
        stop = None if index.stop is None else index.stop - self.offset
        return self.rows[max(start, 0) : stop]


def _team_query(scope: Scope, limit: int | None = None, offset: int = 0):
    """The query of the team table: its SQL, built on the first call for `scope` (and kept
    by fetch_compiled). One person's counts fit in an integer and are summed as such
    (rollup_parts.staff_activity says why); the parts carry only the person's id, and names
    are joined once, to the summed rows."""

    def build(_moment):
        parts = [
            queryset.filter(
                scope.companies(STAFF_COMPANY_PATH[label]),
                scope.live_current(date_column, is_date),
                **{f"{user_column}__isnull": False},
            )
            .order_by()
            .values(user_id=F(f"{user_column}_id"), activity=Value(label))
            .annotate(total=Count("*"))
            .values_list("user_id", "activity", "total")
            for label, queryset, user_column, date_column, is_date in STAFF_SOURCES
            if scope.counts_live(scope.period)
        ]
        parts += rollup_parts.staff_activity(
            scope.park_id, scope.rolled(scope.period), scope.partial(scope.period)
        )
        sql, params = union(parts).query.sql_with_params()
        users = connection.ops.quote_name(get_user_model()._meta.db_table)
        collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        page = ", COUNT(*) OVER ()" if limit else ""
        cut = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
        return (
            f"WITH parts (user_id, activity, total) AS ({sql}),"
            f" totals AS (SELECT user_id, {', '.join(_staff_sum(label) for label in LABELS)}"
            " FROM parts GROUP BY user_id HAVING SUM(CAST(total AS integer)) <> 0)"
            # A user deleted since the month was rolled up has no row to join: left out.
            " SELECT user_id, username, first_name, last_name,"
            f" {', '.join(LABELS)}{page} FROM totals"
            f" JOIN {users} AS person ON person.id = totals.user_id"
            f" ORDER BY {NAME_ORDER.format(collate=collate)}{cut}",
            params,
        )

    return build


def _staff_sum(label: str) -> str:
    """The SQL adding up one activity of the staff table, whether counted live (by its label)
    or rolled up (by its counter's name)."""
    names = [
        label,
        *(counter for counter, to in rollup_parts.STAFF_COUNTERS.items() if to == label),
    ]
    quoted = ", ".join(f"'{name}'" for name in dict.fromkeys(names))
    return (
        "CAST(COALESCE(SUM(CAST(total AS integer))"
        f" FILTER (WHERE activity IN ({quoted})), 0) AS bigint) AS {label}"
    )
