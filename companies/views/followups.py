"""'Mis seguimientos': open follow-ups by urgency; done, reassign, postpone and reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from companies import services
from companies.filters import DoneFollowUpFilter
from companies.follow_up_sections import (
    BY_SLUG,
    SECTION_PAGE_ROWS,
    follow_up_sections,
    section_rows,
)
from companies.forms import (
    FollowUpPostponeForm,
    FollowUpReassignForm,
    autofocus_first_error,
)
from companies.models import FollowUp
from companies.selectors import (
    RECENTLY_DONE_DAYS,
    done_follow_ups_queryset,
    recently_done_follow_ups,
)
from companies.timeline import link_for
from omil_crm.base.formtools import add_service_errors, paginate, paginate_filtered


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
    queryset = FollowUp.objects.all()
    if not everyone:
        queryset = queryset.filter(assigned_to=request.user)
    context = {
        "everyone": everyone,
        "team_query": "todos=1&" if everyone else "",
        # Each row's «Reasignar a» is a name box with suggestions, not a select of everyone.
        "staff_search_url": reverse("accounts:staff_search"),
        "section_page_rows": SECTION_PAGE_ROWS,
    }
    kind = BY_SLUG.get(request.GET.get("seccion", ""))
    if kind is not None:
        # One section, page by page.
        page = paginate(request, section_rows(queryset, kind.key), per_page=SECTION_PAGE_ROWS)
        _link_sources(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(kind=kind, page=page, query=query.urlencode())
        return render(request, "companies/follow_up_section.html", context)
    sections = follow_up_sections(queryset)
    for section in sections:
        _link_sources(section.items)
    recently_done, more_done = recently_done_follow_ups(queryset.filter(done_at__isnull=False))
    context.update(
        sections=sections,
        recently_done=recently_done,
        more_done=more_done,
        recently_done_days=RECENTLY_DONE_DAYS,
    )
    return render(request, "companies/follow_ups.html", context)


def _link_sources(follow_ups) -> None:
    for follow_up in follow_ups:
        follow_up.source_url = link_for(follow_up.source_type, follow_up.source_id)


@permission_required("companies.view_followup", raise_exception=True)
def follow_ups_done(request: HttpRequest) -> HttpResponse:
    """The follow-ups already done, by whom and when: the record of the work closed."""
    done = DoneFollowUpFilter(request.GET or None, queryset=done_follow_ups_queryset())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": done, "page": paginate_filtered(request, done), "query": query.urlencode()}
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
        # The name typed may match nobody, or several people: say which.
        reason = next(iter(form.errors.get("assigned_to", [])), "")
        messages.error(request, f"Elija a quién reasignar el seguimiento. {reason}".strip())
        return back(request)
    person = form.cleaned_data["assigned_to"]
    try:
        services.follow_up_reassign(follow_up=follow_up, to_user=person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Seguimiento reasignado a {person.get_full_name()}.")
    return back(request)


def _follow_up(pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.select_related("company", "assigned_to", "done_by", "source_type"), pk=pk
    )


def show_follow_up(request: HttpRequest, follow_up: FollowUp, *, postpone_form=None):
    follow_up.source_url = link_for(follow_up.source_type, follow_up.source_id)
    if follow_up.is_open and request.user.has_perm("companies.change_followup"):
        postpone_form = postpone_form or FollowUpPostponeForm()
        autofocus_first_error(postpone_form)
    return render(
        request,
        "companies/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "changes": follow_up.changes.select_related("changed_by"),
            "postpone_form": postpone_form,
        },
    )


@permission_required("companies.view_followup", raise_exception=True)
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return show_follow_up(request, _follow_up(pk))


@require_POST
@permission_required("companies.change_followup", raise_exception=True)
def follow_up_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(pk)
    form = FollowUpPostponeForm(request.POST)
    if form.is_valid():
        try:
            follow_up = services.follow_up_postpone(
                follow_up=follow_up,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Seguimiento «{follow_up.title}» pospuesto para el {follow_up.due_date:%d-%m-%Y}.",
            )
            return redirect("companies:follow_up_detail", pk=follow_up.pk)
    return show_follow_up(request, follow_up, postpone_form=form)


@require_POST
@permission_required("companies.change_followup", raise_exception=True)
def follow_up_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(pk)
    try:
        services.follow_up_reopen(follow_up=follow_up, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Seguimiento «{follow_up.title}» reabierto.")
    return back(request)
