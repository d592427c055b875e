"""The home page of every role, the Encargado's dashboard and the monthly report (read-only
pages)."""

from datetime import timedelta
from functools import cache as cache_result

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from companies.models import IndustrialPark
from omil_crm.base.formtools import int_param
from omil_crm.base.periods import KINDS, Period, PeriodError, period_containing, period_from_query
from omil_crm.dashboard.cards import STAFF_PER_PAGE, dashboard_context
from omil_crm.dashboard.figures import Figures, Scope, dashboard_figures
from omil_crm.dashboard.home import home_cards
from omil_crm.dashboard.monthly_report import report_context, report_workbook
from omil_crm.dashboard.staff_figures import staff_page

DASHBOARD_PERMISSION = "omil_crm.view_dashboard"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "omil_crm/home.html", {"cards": home_cards(request.user)})


def _scope(request: HttpRequest, monthly: bool = False) -> tuple[Scope, list[str]]:
    """The period and park the query string asks for, with Spanish messages for bad input.

    Bad input never fails the page: the current month (or the whole office) is shown instead,
    with a message saying why.
    """
    errors = []
    try:
        period = _month_from_query(request) if monthly else period_from_query(request.GET)
    except PeriodError as error:
        errors.append(str(error))
        period = period_containing("mes", timezone.localdate())
    park = None
    park_id = int_param(request, "parque")
    if request.GET.get("parque") and park_id is None:
        errors.append("El parque elegido no es válido; se muestra toda la oficina.")
    elif park_id is not None:
        park = IndustrialPark.objects.filter(pk=park_id).first()
        if park is None:
            errors.append("El parque elegido no existe; se muestra toda la oficina.")
    return Scope(period, park), errors


def _month_from_query(request: HttpRequest) -> Period:
    """The month of `?mes=AAAA-MM`; by default the last complete month, the one reported."""
    value = request.GET.get("mes")
    if not value:
        return period_containing("mes", timezone.localdate().replace(day=1) - timedelta(days=1))
    try:
        return period_from_query({"periodo": "mes", "fecha": f"{value}-01"})
    except PeriodError:
        raise PeriodError("El mes debe escribirse como AAAA-MM, por ejemplo 2026-10.") from None


def _figures(scope: Scope, refresh: bool) -> Figures:
    """The figures with the whole team, from the cache when computed a few minutes ago."""
    return _cached(scope, "", lambda: dashboard_figures(scope), refresh)


def _cached(scope: Scope, part: str, compute, refresh: bool):
    """What `compute` gives for `scope`, from the cache when computed a few minutes ago.

    The page always says when its figures were computed and offers to recompute them, so a
    cached answer is never passed off as live. A cache that cannot be reached (Redis down)
    answers "not cached" (omil_crm.base.cache) and only costs the computation.
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    park = scope.park.pk if scope.park else "all"
    # The comparison of a period in progress moves with each day: it is part of the key.
    period, previous = scope.period, scope.previous
    key = f"dashboard:{period.first_day}:{period.last_day}:{previous.last_day}:{park}{part}"
    if not refresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    found = compute()
    cache.set(key, found, seconds)
    return found


def _parks():
    return list(IndustrialPark.objects.order_by("name").values("pk", "name"))


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, errors = _scope(request)
    refresh = request.GET.get("recalcular") == "1"
    # What the roll-ups cover is read once for the figures and the team's page, and only
    # when one of them is not cached.
    read = cache_result(scope.with_coverage)
    figures = _cached(scope, "", lambda: dashboard_figures(read(), whole_team=False), refresh)
    # Only digits reach the cache key; anything else is the first page.
    requested = request.GET.get("personal", "")[:12]
    staff = _cached(
        scope,
        f":personal:{requested if requested.lstrip('-').isdigit() else 1}",
        lambda: staff_page(read(), requested, STAFF_PER_PAGE),
        refresh,
    )
    context = dashboard_context(scope, figures, staff)
    context.update({"errors": errors, "parks": _parks(), "kinds": KINDS})
    return render(request, "omil_crm/dashboard.html", context)


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def monthly_report(request: HttpRequest) -> HttpResponse:
    scope, errors = _scope(request, monthly=True)
    context = report_context(scope, _figures(scope, refresh=True))
    context.update({"errors": errors, "parks": _parks()})
    return render(request, "omil_crm/monthly_report.html", context)


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def monthly_report_xlsx(request: HttpRequest) -> HttpResponse:
    scope, _errors = _scope(request, monthly=True)
    figures = _figures(scope, refresh=True)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    park = f"-{scope.park.pk}" if scope.park else ""
    name = f"informe-omil-{scope.period.first_day:%Y-%m}{park}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    report_workbook(scope, figures).save(response)
    return response
