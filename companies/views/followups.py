"""'Mis seguimientos': open follow-ups by urgency; done and reassign."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from companies import services
from companies.filters import DoneFollowUpFilter
from companies.forms import FollowUpReassignForm, staff_choices
from companies.models import FollowUp
from companies.selectors import done_follow_ups_queryset, follow_up_buckets
from companies.timeline import link_for
from omil_crm.base.formtools import paginate


def back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("companies:follow_ups")


@permission_required("companies.view_followup", raise_exception=True)
def follow_ups(request: HttpRequest) -> HttpResponse:
    everyone = request.GET.get("todos") == "1" or not request.user.has_perm(
        "companies.change_followup"
    )
    queryset = FollowUp.objects.open()
    if not everyone:
        queryset = queryset.filter(assigned_to=request.user)
    buckets = follow_up_buckets(queryset)
    for items in buckets.values():
        for follow_up in items:
            follow_up.source_url = link_for(follow_up.source_type, follow_up.source_id)
    sections = [
        ("overdue", "Vencidos", "text-danger", buckets["overdue"]),
        ("today", "Para hoy", "text-primary", buckets["today"]),
        ("week", "Esta semana", "", buckets["week"]),
        ("later", "Más adelante", "text-body-secondary", buckets["later"]),
    ]
    # The people to reassign to, read once for every row's selector.
    context = {"sections": sections, "everyone": everyone, "staff": list(staff_choices())}
    return render(request, "companies/follow_ups.html", context)


@permission_required("companies.view_followup", raise_exception=True)
def follow_ups_done(request: HttpRequest) -> HttpResponse:
    """The follow-ups already done, by whom and when: the record of the work closed."""
    done = DoneFollowUpFilter(request.GET or None, queryset=done_follow_ups_queryset())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": done, "page": paginate(request, done.qs), "query": query.urlencode()}
    return render(request, "companies/follow_ups_done.html", context)


@require_POST
@permission_required("companies.change_followup", raise_exception=True)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=pk)
    services.follow_up_complete(follow_up=follow_up, user=request.user)
    messages.success(request, f"Seguimiento «{follow_up.title}» marcado como hecho.")
    return back(request)


@require_POST
@permission_required("companies.change_followup", raise_exception=True)
def follow_up_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Elija a quién reasignar el seguimiento.")
        return back(request)
    person = form.cleaned_data["assigned_to"]
    try:
        services.follow_up_reassign(follow_up=follow_up, to_user=person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Seguimiento reasignado a {person.get_full_name()}.")
    return back(request)
