"""The agenda: planned visits by day, one's own or the whole team's."""

from datetime import timedelta
from itertools import groupby

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from companies.models import Visit

DAYS_AHEAD = 14


@permission_required("companies.view_visit", raise_exception=True)
def agenda(request: HttpRequest) -> HttpResponse:
    team = request.GET.get("equipo") == "1" or not request.user.has_perm("companies.add_visit")
    today = timezone.localdate()
    visits = (
        Visit.objects.filter(
            status=Visit.Status.PLANNED, planned_for__date__lte=today + timedelta(days=DAYS_AHEAD)
        )
        .select_related("company", "staff")
        .order_by("planned_for", "pk")
    )
    if not team:
        visits = visits.filter(staff=request.user)
    visits = list(visits)
    for visit in visits:
        visit.in_hours = visit.company.accepts_visits_at(visit.planned_for)
    days = [
        (day, list(items))
        for day, items in groupby(visits, key=lambda visit: timezone.localdate(visit.planned_for))
    ]
    return render(
        request,
        "companies/agenda.html",
        {
            "days": days,
            "team": team,
            "today": today,
            "days_ahead": DAYS_AHEAD,
        },
    )
