"""Employer events: the list, an event's page, creating, editing and cancelling it. The
companies invited and the job seekers who took part have their pages in people_views."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from events import services
from events.filters import EventFilter
from events.forms import CancelForm, EventForm
from events.models import EmployerEvent
from events.selectors import event_list_queryset, event_page
from omil_crm.base.formtools import add_service_errors, paginate_filtered


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (which must show «obligatorio»), else None."""
    return request.POST if request.method == "POST" else None


def get_event(pk: int) -> EmployerEvent:
    try:
        return event_page(pk)
    except EmployerEvent.DoesNotExist as missing:
        raise Http404("Evento inexistente") from missing


@permission_required("events.view_employerevent", raise_exception=True)
def event_list(request: HttpRequest) -> HttpResponse:
    event_filter = EventFilter(request.GET or None, queryset=event_list_queryset())
    page = paginate_filtered(request, event_filter)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {"filter": event_filter, "page": page, "query": query.urlencode()},
    )


def render_detail(request: HttpRequest, event: EmployerEvent, status: int = 200, **forms):
    context = {
        "event": event,
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "counts": services.participant_counts(event)
        if request.user.has_perm("events.view_eventparticipant")
        else None,
    }
    return render(request, "events/event_detail.html", context, status=status)


@permission_required("events.view_employerevent", raise_exception=True)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_event(pk))


@permission_required("events.add_employerevent", raise_exception=True)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Evento «{event.title}» creado. Ahora invite empresas.")
            return redirect("events:detail", pk=event.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/event_form.html", {"form": form}, status=status)


@permission_required("events.change_employerevent", raise_exception=True)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    if event.is_cancelled:
        messages.error(request, "El evento está cancelado: ya no se modifica.")
        return redirect("events:detail", pk=event.pk)
    form = EventForm(posted(request), instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Se guardaron los datos del evento.")
            return redirect("events:detail", pk=event.pk)
    # A rejected form must not leave the instance half-changed for the page header.
    event.refresh_from_db()
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


@require_POST
@permission_required("events.change_employerevent", raise_exception=True)
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render_detail(request, event, status=400, cancel_form=form)
    try:
        services.event_cancel(
            event=event, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Evento cancelado; se avisó por correo a las empresas invitadas.")
    return redirect("events:detail", pk=event.pk)
