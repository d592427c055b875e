"""The day's route, a visit's brief and the whole day's briefs to print."""

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from companies.access import may_choose_route_staff, may_see_brief, may_walk_routes, require
from companies.day_route import (
    DayRoute,
    clock_text,
    day_route,
    day_start_minute,
    minute_of,
    start_places,
)
from companies.models import Visit
from omil_crm.fieldwork.brief import visit_briefs
from omil_crm.fieldwork.forms import RouteOptionsForm
from omil_crm.fieldwork.route_page import map_data, route_rows


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404("La fecha debe escribirse como aaaa-mm-dd.") from None


def _route(request: HttpRequest, day: date) -> tuple[RouteOptionsForm, DayRoute, object]:
    choose = may_choose_route_staff(request.user)
    form = RouteOptionsForm(request.GET or None, places=start_places(), choose_staff=choose)
    data = form.valid_data()
    staff = data.get("funcionario") or request.user
    hour = data.get("hora")
    result = day_route(
        staff=staff,
        day=day,
        start=form.start(),
        start_minute=minute_of(hour) if hour else day_start_minute(),
        keep_planned_times=bool(data.get("horas")),
    )
    return form, result, staff


def day_route_page(request: HttpRequest, day: str) -> HttpResponse:
    require(may_walk_routes(request.user))
    form, result, staff = _route(request, _day(day))
    return render(
        request,
        "fieldwork/day_route.html",
        {
            "form": form,
            "result": result,
            "staff": staff,
            "rows": route_rows(result),
            "start_clock": clock_text(result.start_minute),
            "map_data": map_data(result),
            "visit_minutes": settings.OMIL_ROUTE_VISIT_MINUTES,
            "query": request.GET.urlencode(),
        },
    )


def day_print(request: HttpRequest, day: str) -> HttpResponse:
    require(may_walk_routes(request.user))
    form, result, staff = _route(request, _day(day))
    ordered = [result.visits[key] for key in result.route.order] + result.unplaced
    rows = {row["visit"].pk: row for row in route_rows(result)}
    briefs = visit_briefs(ordered)
    for brief in briefs:
        brief.row = rows.get(brief.visit.pk)
    return render(
        request,
        "fieldwork/day_print.html",
        {"result": result, "staff": staff, "briefs": briefs},
    )


def visit_brief(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.select_related("company", "staff"), pk=pk)
    require(may_see_brief(request.user, visit))
    return render(request, "fieldwork/brief.html", {"brief": visit_briefs([visit])[0]})
