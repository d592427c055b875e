"""The agenda: planned visits by week, by month or over any range, one's own or the team's."""

from datetime import date
from itertools import groupby
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from companies.access import may_change_plan, may_walk_routes
from companies.agenda_range import (
    VIEWS,
    AgendaRange,
    AgendaRangeError,
    agenda_range_from_query,
    month_of,
    upcoming,
    week_of,
)
from companies.selectors import OVERDUE_LIMIT, agenda_visits, overdue_planned_visits
from omil_crm.base.workdays import holiday_name


def agenda_url(span: AgendaRange, *, team: bool) -> str:
    query = span.query()
    if team:
        query["equipo"] = "1"
    return reverse("companies:agenda") + (f"?{urlencode(query)}" if query else "")


def agenda_url_for(day: date, *, team: bool) -> str:
    """The month view that shows `day`: where planning or moving a visit lands."""
    return agenda_url(month_of(day), team=team)


def _mark(visits, user) -> list:
    for visit in visits:
        visit.in_hours = visit.company.accepts_visits_at(visit.planned_for)
        visit.can_change = may_change_plan(user, visit)
    return visits


def _day(day: date, visits: list) -> dict:
    return {
        "date": day,
        "visits": visits,
        "holiday": holiday_name(day),
        "weekend": day.weekday() >= 5,
    }


@permission_required("companies.view_visit", raise_exception=True)
def agenda(request: HttpRequest) -> HttpResponse:
    team = request.GET.get("equipo") == "1" or not request.user.has_perm("companies.add_visit")
    today = timezone.localdate()
    error = ""
    try:
        span = agenda_range_from_query(request.GET, today)
    except AgendaRangeError as problem:
        error = str(problem)
        span = upcoming(today)
    staff = None if team else request.user
    visits = _mark(agenda_visits(start=span.start, end=span.end, staff=staff), request.user)
    days = [
        _day(day, list(items))
        for day, items in groupby(visits, key=lambda visit: timezone.localdate(visit.planned_for))
    ]
    # Visits left planned on a past day are shown wherever the span includes today.
    overdue = []
    if span.includes(today):
        overdue = _mark(overdue_planned_visits(before=span.start, staff=staff), request.user)
    anchor = today if span.includes(today) else span.first_day
    switch = [
        ("proximos", "Próximos 14 días", agenda_url(upcoming(today), team=team)),
        ("semana", VIEWS["semana"], agenda_url(week_of(anchor), team=team)),
        ("mes", VIEWS["mes"], agenda_url(month_of(anchor), team=team)),
    ]
    return render(
        request,
        "companies/agenda.html",
        {
            "span": span,
            "days": days,
            "overdue": overdue,
            "overdue_limit": OVERDUE_LIMIT,
            "team": team,
            "today": today,
            "can_route": may_walk_routes(request.user),
            "error": error,
            "switch": switch,
            "previous_url": agenda_url(span.previous(), team=team),
            "next_url": agenda_url(span.next(), team=team),
            "mine_url": agenda_url(span, team=False),
            "team_url": agenda_url(span, team=True),
        },
    )
