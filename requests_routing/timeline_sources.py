"""Service requests on the company timeline."""

from django.db.models import Value

from companies.timeline import TimelineSource, choice_label, columns, register, text
from requests_routing.models import ServiceRequest


def request_entries(company):
    return columns(
        ServiceRequest.objects.filter(company=company),
        kind="service_request",
        at="received_at",
        title=text("reference", Value(" — "), "subject"),
        detail=text(
            choice_label("status", ServiceRequest.Status.choices), Value(" · "), "department__name"
        ),
    )


def register_sources():
    register(TimelineSource("service_request", "Solicitud", "signpost-split", request_entries))
