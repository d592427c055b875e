"""Employer events on the portal: the events the company is invited to, from today on, and
its answer («Asistiremos» / «No podremos asistir»), which staff see as «por el portal»."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from events import selectors, services
from events.models import EmployerEvent, EventCompany
from omil_crm.portal.access import portal_view


def visitor_event(visitor, pk: int) -> EmployerEvent:
    """An event the visitor's company is invited to; any other is unknown."""
    event = EmployerEvent.objects.filter(pk=pk, invitations__company=visitor.company).first()
    if event is None:
        raise Http404("Evento inexistente")
    return event


@portal_view
def events(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    context = {
        "visitor": visitor,
        "invitations": selectors.company_upcoming_events(visitor.company),
        "responses": EventCompany.Response,
    }
    return render(request, "portal/event_list.html", context)


@require_POST
@portal_view
def event_respond(request: HttpRequest, pk: int) -> HttpResponse:
    visitor = request.portal
    event = visitor_event(visitor, pk)
    response = request.POST.get("respuesta", "")
    try:
        services.event_company_respond(event=event, company=visitor.company, response=response)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if response == EventCompany.Response.CONFIRMED:
            messages.success(request, f"Gracias: confirmó la asistencia a «{event.title}».")
        else:
            messages.success(request, "Gracias por avisar que no podrán asistir.")
    return redirect("portal:events")
