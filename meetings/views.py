"""Meetings: the list, a meeting's page (agenda, attendance, minutes, agreements), meetings
made by hand, the .ics download and the parks' meeting rules."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.access import can_edit_park, require
from companies.models import IndustrialPark
from meetings import services
from meetings.calendar import meeting_ics
from meetings.filters import MeetingFilter
from meetings.forms import (
    AgreementForm,
    AttendanceForm,
    InviteForm,
    MeetingCreateForm,
    MeetingEditForm,
    ParkRuleForm,
)
from meetings.models import Agreement, Attendance, Meeting
from meetings.sections import meeting_sections
from meetings.selectors import (
    attending_companies,
    meeting_list_queryset,
    meeting_page,
    upcoming_meetings,
)
from omil_crm.accounts.roles import person_name
from omil_crm.base.formtools import add_service_errors, paginate_filtered


def get_meeting(pk: int) -> Meeting:
    try:
        return meeting_page(pk)
    except Meeting.DoesNotExist as missing:
        raise Http404("Reunión inexistente") from missing


def request_create_url() -> str:
    try:
        return reverse("requests_routing:request_create")
    except NoReverseMatch:
        return ""


@permission_required("meetings.view_meeting", raise_exception=True)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meeting_filter = MeetingFilter(request.GET or None, queryset=meeting_list_queryset())
    page = paginate_filtered(request, meeting_filter)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filter": meeting_filter,
            "page": page,
            "query": query.urlencode(),
            "upcoming": upcoming_meetings(),
        },
    )


def render_detail(request: HttpRequest, meeting: Meeting, status: int = 200, **forms):
    agreement_form = forms.get("agreement_form") or AgreementForm(
        meeting=meeting, initial={"responsible": request.user.pk}
    )
    context = {
        "meeting": meeting,
        "attendance_form": forms.get("attendance_form") or AttendanceForm(meeting=meeting),
        "invite_form": forms.get("invite_form") or InviteForm(meeting=meeting),
        "agreement_form": agreement_form,
        # The companies present first; with nobody from a company, those of the park.
        "companies": attending_companies(meeting)
        or list(agreement_form.fields["company"].queryset),
        "request_create_url": request_create_url(),
        "sections": meeting_sections(meeting),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@permission_required("meetings.view_meeting", raise_exception=True)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_meeting(pk))


@permission_required("meetings.add_meeting", raise_exception=True)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Reunión «{meeting.title}» creada.")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@permission_required("meetings.change_meeting", raise_exception=True)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("park"), pk=pk)
    form = MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Se guardaron los datos de la reunión.")
            return redirect("meetings:detail", pk=meeting.pk)
    # A rejected form must not leave the instance half-changed for the page header.
    meeting.refresh_from_db()
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@permission_required("meetings.view_meeting", raise_exception=True)
def meeting_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("park"), pk=pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@require_POST
@permission_required("meetings.change_attendance", raise_exception=True)
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return render_detail(request, meeting, status=400, attendance_form=form)
    present = services.attendance_record(
        meeting=meeting, present={attendance.pk for attendance in form.cleaned_data["present"]}
    )
    messages.success(request, f"Asistencia guardada: {present} de {len(meeting.invitations)}.")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@permission_required("meetings.add_attendance", raise_exception=True)
def attendance_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(pk)
    form = InviteForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return render_detail(request, meeting, status=400, invite_form=form)
    count = services.attendance_invite(
        meeting=meeting, contacts=form.cleaned_data["contacts"], staff=form.cleaned_data["staff"]
    )
    messages.success(request, f"{count} persona(s) agregada(s) a la reunión.")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@permission_required("meetings.delete_attendance", raise_exception=True)
def attendance_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance, pk=pk)
    try:
        services.attendance_remove(attendance=attendance)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Se quitó a la persona de la reunión.")
    return redirect("meetings:detail", pk=attendance.meeting_id)


@require_POST
@permission_required("meetings.add_agreement", raise_exception=True)
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(pk)
    form = AgreementForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            agreement = services.agreement_create(
                meeting=meeting, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Acuerdo registrado; quedó como seguimiento de "
                f"{person_name(agreement.responsible)}."
                if agreement.follow_up_id
                else "Acuerdo registrado.",
            )
            return redirect(f"{reverse('meetings:detail', args=[meeting.pk])}#acuerdos")
    return render_detail(request, meeting, status=400, agreement_form=form)


@permission_required("meetings.view_agreement", raise_exception=True)
def agreement_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    return redirect(f"{reverse('meetings:detail', args=[agreement.meeting_id])}#acuerdos")


@require_POST
@permission_required("meetings.change_agreement", raise_exception=True)
def agreement_done(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("follow_up"), pk=pk)
    services.agreement_complete(agreement=agreement, user=request.user)
    messages.success(request, "Acuerdo marcado como cumplido.")
    return redirect(f"{reverse('meetings:detail', args=[agreement.meeting_id])}#acuerdos")


@permission_required("companies.change_industrialpark", raise_exception=True)
def park_rules(request: HttpRequest) -> HttpResponse:
    parks = IndustrialPark.objects.select_related("gestora").order_by("name")
    return render(request, "meetings/park_rules.html", {"parks": parks})


@permission_required("companies.view_industrialpark", raise_exception=True)
def park_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(IndustrialPark, pk=pk)
    # The Encargado changes any park's rule; a Gestora, the rule of the park in her charge.
    require(can_edit_park(request.user, park))
    form = ParkRuleForm(request.POST or None, instance=park)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.park_meeting_rule_update(
                park=park,
                week=data["meeting_week"],
                weekday=data["meeting_weekday"],
                meeting_time=data["meeting_time"],
                place=data["meeting_place"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = "".join(
                f" La reunión de {meeting.cycle_month:%m-%Y} quedó para el "
                f"{timezone.localtime(meeting.starts_at):%d-%m-%Y %H:%M}."
                for meeting in moved
            )
            messages.success(request, f"Regla de reunión de {park} guardada.{note}")
            if request.user.has_perm("companies.change_industrialpark"):
                return redirect("meetings:park_rules")
            return redirect("companies:park_edit", pk=park.pk)
    park.refresh_from_db()
    return render(request, "meetings/park_rule_form.html", {"form": form, "park": park})
