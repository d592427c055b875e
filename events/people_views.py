"""Who an event is for: inviting companies, their answers and attendance, and the job
seekers who took part (recorded by the Psicóloga Laboral)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from companies.filters import search_companies
from events import services
from events.forms import (
    CompanyAttendanceForm,
    InviteForm,
    InviteSearchForm,
    ParticipantAddForm,
    ParticipantsForm,
    invitable_companies,
)
from events.models import EventParticipant
from events.views import get_event, posted

# The picker shows this many companies; the search narrows it down.
PICKER_SHOWN = 50


def _candidates(event, search: InviteSearchForm) -> tuple[list, bool]:
    companies = invitable_companies(event)
    if search.is_valid():
        companies = search_companies(companies, search.cleaned_data["q"])
        if search.cleaned_data["park"]:
            companies = companies.filter(park=search.cleaned_data["park"])
    elif event.park_id:
        companies = companies.filter(park=event.park_id)
    shown = list(companies[: PICKER_SHOWN + 1])
    return shown[:PICKER_SHOWN], len(shown) > PICKER_SHOWN


@permission_required("events.add_eventcompany", raise_exception=True)
def event_invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    initial = {"park": event.park_id} if event.park_id else {}
    search = InviteSearchForm(request.GET or None, initial=initial)
    form = InviteForm(posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.event_invite_companies(
                event=event, companies=form.cleaned_data["companies"], invited_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{count} empresa(s) invitada(s); sus contactos vigentes reciben la invitación "
                "por correo.",
            )
            return redirect("events:detail", pk=event.pk)
    candidates, more = _candidates(event, search)
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "event": event,
        "search": search,
        "form": form,
        "candidates": candidates,
        "more": more,
        "chosen": set(request.POST.getlist("companies")),
    }
    return render(request, "events/event_invite.html", context, status=status)


@permission_required("events.change_eventcompany", raise_exception=True)
def event_companies(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    form = CompanyAttendanceForm(posted(request), invitations=event.invitation_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_companies_record(
                event=event, rows=form.values(), acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Se guardaron las respuestas y la asistencia.")
            return redirect("events:detail", pk=event.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "events/event_companies.html", {"event": event, "form": form}, status=status
    )


def render_participants(request, event, status=200, **forms):
    context = {
        "event": event,
        "form": forms.get("form") or ParticipantsForm(participants=event.participant_list),
        "add_form": forms.get("add_form") or ParticipantAddForm(),
        "counts": services.participant_counts(event),
    }
    return render(request, "events/event_participants.html", context, status=status)


@permission_required("events.view_eventparticipant", raise_exception=True)
def event_participants(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    if request.method != "POST":
        return render_participants(request, event)
    if not request.user.has_perm("events.change_eventparticipant"):
        return HttpResponse(status=403)
    form = ParticipantsForm(request.POST, participants=event.participant_list)
    if form.is_valid():
        try:
            counts = services.event_participants_record(
                event=event, rows=form.values(), acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Participantes guardados: {counts['attended']} asistieron, "
                f"{counts['interviewed']} con entrevista, {counts['hired']} contratados.",
            )
            return redirect("events:participants", pk=event.pk)
    return render_participants(request, event, status=400, form=form)


@require_POST
@permission_required("events.add_eventparticipant", raise_exception=True)
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(pk)
    form = ParticipantAddForm(request.POST)
    if form.is_valid():
        try:
            participant = services.event_participant_add(
                event=event, job_seeker=form.cleaned_data["job_seeker"], recorded_by=request.user
            )
        except ValidationError as error:
            form.add_error("rut", error.messages)
        else:
            messages.success(request, f"{participant.job_seeker} quedó registrada en el evento.")
            return redirect("events:participants", pk=event.pk)
    return render_participants(request, event, status=400, add_form=form)


@require_POST
@permission_required("events.delete_eventparticipant", raise_exception=True)
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(EventParticipant.objects.select_related("job_seeker"), pk=pk)
    try:
        services.event_participant_remove(participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se quitó a {participant.job_seeker} del evento.")
    return redirect("events:participants", pk=participant.event_id)
