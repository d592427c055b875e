"""The give-and-get balance: what the municipality gave a company (or a park's companies)
through the OMIL, beside what the company gave back, for any period.

Given: requests received and resolved in the period, the median calendar days from reception
to resolution of those resolved, and the companies' satisfaction with them. Got back:
vacancies shared (captured in the period), the positions they offer, candidates referred to
its vacancies and placements (hires starting in the period).

The counts travel in one UNION ALL query grouped by company and the medians in one windowed
query, so a park of three companies costs the same queries as a park of three hundred.
"""

import math
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Ceil, Coalesce, Floor, RowNumber

from companies.models import Company, IndustrialPark
from omil_crm.base.periods import Period
from omil_crm.base.statements import fetch_for_id
from requests_routing.models import ResolutionSurvey, ServiceRequest
from vacancies.models import Placement, Referral, Vacancy


@dataclass(frozen=True)
class Satisfaction:
    """The companies' answers to «¿quedó resuelto?» for the period's resolved requests."""

    answered: int
    resolved_yes: int
    average_rating: float | None

    @property
    def yes_share(self) -> float | None:
        return round(100 * self.resolved_yes / self.answered, 1) if self.answered else None


@dataclass
class Balance:
    """One company's balance, or a park's (the sum of its companies, with a row for each)."""

    period: Period
    company: Company | None = None
    park: IndustrialPark | None = None
    requests_received: int = 0
    requests_resolved: int = 0
    # Calendar days from reception to resolution, one decimal; None with nothing resolved.
    median_days: float | None = None
    # None: no survey answered in the period («sin encuestas»).
    satisfaction: Satisfaction | None = None
    vacancies: int = 0
    positions: int = 0
    referrals: int = 0
    placements: int = 0
    # A park's companies with something in the period, by name; the others are only counted.
    rows: list["Balance"] = field(default_factory=list)
    idle_companies: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.requests_received,
                self.requests_resolved,
                self.vacancies,
                self.referrals,
                self.placements,
            )
        )


def give_and_get(
    *, period: Period, company: Company | None = None, park: IndustrialPark | None = None
) -> Balance:
    """The balance of one company or of one park over `period` (exactly one of the two).

    A company: three queries (counts, medians, satisfaction), compiled once per process and
    period (omil_crm.base.statements: they differ between companies only in the company's
    id). A park: four (its companies, the counts, the medians, the satisfaction), whatever
    the number of its companies or of their rows.
    """
    if (company is None) == (park is None):
        raise ValueError("give_and_get needs a company or a park, not both.")
    if company is not None:
        counts = _counts_from(_company_rows(_counts_query, period, company.pk))
        medians = _medians_from(_company_rows(_median_query, period, company.pk))
        balance = _balance(period, counts.get(company.pk, {}), medians.get(None))
        balance.company = company
        satisfaction = _satisfaction_from(_company_rows(_satisfaction_query, period, company.pk))
        balance.satisfaction = satisfaction.get(None)
        return balance
    companies = list(
        Company.objects.filter(park=park)
        .only("pk", "legal_name", "trade_name", "status", "park_id")
        .order_by("legal_name", "pk")
    )
    in_park = Q(company__park_id=park.pk)
    counts = _counts_from(_counts_query(period, in_park))
    medians = _medians_from(_median_query(period, in_park))
    satisfaction = _satisfaction_from(_satisfaction_query(period, in_park))
    total = _balance(period, _sum(counts.values()), medians.get(None))
    total.park = park
    total.satisfaction = satisfaction.get(None)
    for member in companies:
        row = _balance(period, counts.get(member.pk, {}), medians.get(member.pk))
        row.company = member
        row.satisfaction = satisfaction.get(member.pk)
        if row.is_empty:
            total.idle_companies += 1
        else:
            total.rows.append(row)
    return total


def _company_rows(query, period: Period, company_id: int) -> list:
    """The rows of `query` for one company, its SQL compiled once per process and period."""

    def build(company_id: int):
        return query(period, Q(company_id=company_id))

    return fetch_for_id(("balance", query.__name__, period), build, company_id)


def give_and_get_for_company(company: Company, period: Period) -> Balance:
    """The company's own balance, for its page and the company's portal."""
    return give_and_get(period=period, company=company)


COUNT_KEYS = ("received", "resolved", "vacancies", "positions", "referrals", "placements")


def _balance(period: Period, counts: dict, median: float | None) -> Balance:
    return Balance(
        period=period,
        requests_received=counts.get("received", 0),
        requests_resolved=counts.get("resolved", 0),
        median_days=median,
        vacancies=counts.get("vacancies", 0),
        positions=counts.get("positions", 0),
        referrals=counts.get("referrals", 0),
        placements=counts.get("placements", 0),
    )


def _sum(per_company) -> dict:
    return {key: sum(counts.get(key, 0) for counts in per_company) for key in COUNT_KEYS}


def _within(period: Period, column: str, is_date: bool = False) -> Q:
    """Rows of the period: Santiago days for a date column, instants for a datetime one."""
    if is_date:
        return Q(**{f"{column}__gte": period.first_day, f"{column}__lte": period.last_day})
    return Q(**{f"{column}__gte": period.start, f"{column}__lt": period.end})


def _prefixed(scope: Q, prefix: str) -> Q:
    """The company condition seen from a row that reaches the company through `prefix`."""
    return Q(*[(f"{prefix}{name}", value) for name, value in scope.children])


def _part(queryset, key: str, company: str, first, second):
    """(company id, key, first count, second count) per company, for the UNION ALL."""
    return (
        queryset.order_by()
        .values(balance_company=F(company))
        .annotate(balance_key=Value(key), first=Coalesce(first, 0), second=Coalesce(second, 0))
        .values_list("balance_company", "balance_key", "first", "second")
    )


def _counts_query(period: Period, scope: Q):
    """Every count of every company in the scope, in one query."""
    received, resolved = _within(period, "received_at"), _within(period, "resolved_at")
    requests = ServiceRequest.objects.filter(scope, received | resolved)
    vacancies = Vacancy.objects.captured().filter(scope, _within(period, "opened_on", is_date=True))
    referrals = Referral.objects.filter(
        _prefixed(scope, "vacancy__"), _within(period, "referred_at")
    )
    placements = Placement.objects.filter(
        _prefixed(scope, "referral__vacancy__"), _within(period, "start_date", is_date=True)
    )
    parts = [
        _part(
            requests,
            "requests",
            "company_id",
            Count("pk", filter=received),
            Count("pk", filter=resolved),
        ),
        _part(vacancies, "vacancies", "company_id", Count("pk"), Sum("positions")),
        _part(referrals, "referrals", "vacancy__company_id", Count("pk"), Value(0)),
        _part(placements, "placements", "referral__vacancy__company_id", Count("pk"), Value(0)),
    ]
    first, *rest = parts
    return first.union(*rest, all=True).order_by()


def _counts_from(rows) -> dict[int, dict[str, int]]:
    """The counts' rows as {company id: {key: n}}."""
    names = {
        "requests": ("received", "resolved"),
        "vacancies": ("vacancies", "positions"),
        "referrals": ("referrals", None),
        "placements": ("placements", None),
    }
    counts: dict[int, dict[str, int]] = {}
    for company_id, key, one, two in rows:
        first_name, second_name = names[key]
        target = counts.setdefault(company_id, {})
        target[first_name] = one
        if second_name:
            target[second_name] = two
    return counts


def _median_query(period: Period, scope: Q):
    """The median days to resolution of the requests resolved in the period: per company and
    for the whole scope (key None, see _medians_from), in one query.

    Two windows number the resolved requests by duration, one per company and one over all
    of them; only the rows around each median (at most two per company and two in all) leave
    the database. Interpolated like PostgreSQL's percentile_cont, as the dashboard does.
    """
    duration = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    ranked = (
        ServiceRequest.objects.filter(scope, _within(period, "resolved_at"))
        .order_by()
        .annotate(
            duration=duration,
            own_position=Window(
                RowNumber(), partition_by=F("company_id"), order_by=[duration.asc(), F("pk").asc()]
            ),
            own_total=Window(Count("*"), partition_by=F("company_id")),
            all_position=Window(RowNumber(), order_by=[duration.asc(), F("pk").asc()]),
            all_total=Window(Count("*")),
        )
    )
    middle = Q()
    for position, total in (("own_position", "own_total"), ("all_position", "all_total")):
        half = (F(total) - 1) * Value(0.5)
        middle |= Q(**{position: Floor(half) + 1}) | Q(**{position: Ceil(half) + 1})
    return ranked.filter(middle).values_list(
        "company_id", "own_position", "own_total", "all_position", "all_total", "duration"
    )


def _medians_from(rows) -> dict[int | None, float]:
    """The rows around each median as {company id: median days} (None: the whole scope)."""
    own: dict[int, dict[int, float]] = {}
    whole: dict[int, float] = {}
    totals: dict[int | None, int] = {}
    for company_id, own_position, own_total, all_position, all_total, spent in rows:
        days = spent.total_seconds() / 86400
        own.setdefault(company_id, {})[own_position] = days
        whole[all_position] = days
        totals[company_id], totals[None] = own_total, all_total
    medians = {company_id: _median(days, totals[company_id]) for company_id, days in own.items()}
    if whole:
        medians[None] = _median(whole, totals[None])
    return medians


def _median(days_at: dict[int, float], total: int) -> float:
    position = (total - 1) * 0.5
    lower, upper = math.floor(position) + 1, math.ceil(position) + 1
    value = days_at[lower] + (position - math.floor(position)) * (days_at[upper] - days_at[lower])
    return round(value, 1)


def _satisfaction_query(period: Period, scope: Q):
    """The «¿quedó resuelto?» answers given in the period, per company: one grouped query."""
    return (
        ResolutionSurvey.objects.filter(
            _prefixed(scope, "request__"), _within(period, "answered_at")
        )
        .order_by()
        .values("request__company_id")
        .annotate(
            answered=Count("pk"),
            yes=Count("pk", filter=Q(resolved=True)),
            rating_sum=Sum("rating"),
        )
        .values_list("request__company_id", "answered", "yes", "rating_sum")
    )


def _satisfaction_from(rows) -> dict[int | None, Satisfaction]:
    """The answers per company and for the whole scope (key None, its average weighted by
    answers)."""
    found: dict[int | None, Satisfaction] = {}
    answered = yes = rating_sum = 0
    for company_id, company_answered, company_yes, company_rating_sum in rows:
        found[company_id] = Satisfaction(
            answered=company_answered,
            resolved_yes=company_yes,
            average_rating=round(company_rating_sum / company_answered, 1),
        )
        answered += company_answered
        yes += company_yes
        rating_sum += company_rating_sum
    if answered:
        found[None] = Satisfaction(
            answered=answered, resolved_yes=yes, average_rating=round(rating_sum / answered, 1)
        )
    return found
