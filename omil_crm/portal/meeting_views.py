"""The park's meetings on the portal: the next one (answer, calendar file), the agreements
that concern the company and, for the park's representative, past meetings with their minutes
and every agreement of the park."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings import attendance_services, selectors
from meetings.calendar import meeting_ics
from meetings.models import Attendance, Meeting
from omil_crm.base.formtools import paginate
from omil_crm.base.reminder_emails import site_url
from omil_crm.portal.access import portal_view


def visitor_meeting(visitor, pk: int) -> Meeting:
    """A meeting of the visitor's park (or the park they represent); any other is unknown."""
    parks = Q(park=visitor.company.park_id) if visitor.company.park_id else Q(pk__in=[])
    if visitor.is_representative:
        parks |= Q(park=visitor.represented_park)
    meeting = Meeting.objects.filter(parks, pk=pk).select_related("park").first()
    if meeting is None:
        raise Http404("Reunión inexistente")
    return meeting


@portal_view
def meetings(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    park = visitor.company.park
    upcoming = selectors.next_park_meeting(park)
    context = {
        "visitor": visitor,
        "park": park,
        "upcoming": upcoming,
        "attendance": upcoming and selectors.contact_attendance(upcoming, visitor.contact),
        "responses": Attendance.Response,
        "agreements": selectors.company_agreements(visitor.company),
    }
    if visitor.is_representative:
        represented = visitor.represented_park
        context["past"] = paginate(
            request,
            selectors.park_past_meetings(represented),
            per_page=selectors.PAST_MEETINGS_PER_PAGE,
        )
        context["park_agreements"] = selectors.park_agreements(represented)
    return render(request, "portal/meeting_list.html", context)


@require_POST
@portal_view
def meeting_respond(request: HttpRequest, pk: int) -> HttpResponse:
    visitor = request.portal
    meeting = visitor_meeting(visitor, pk)
    response = request.POST.get("respuesta", "")
    try:
        attendance_services.attendance_respond(
            meeting=meeting, contact=visitor.contact, response=response
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if response == Attendance.Response.ATTENDING:
            messages.success(request, "Gracias: confirmó su asistencia a la reunión.")
        else:
            messages.success(request, "Gracias por avisar que no podrá asistir.")
    return redirect("portal:meetings")


@portal_view
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visitor_meeting(request.portal, pk)
    ics = meeting_ics(meeting, url=site_url(reverse("portal:meetings")))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response
