"""Service requests on the company timeline."""

from django.db.models import Value

from companies.timeline import (
    TimelineSource,
    choice_label,
    columns,
    register,
    register_link,
    text,
)
from omil_crm.base.paths import path_for
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


def request_url(pk: int) -> str:
    return path_for("requests_routing:request_detail", pk)


def register_sources():
    register(
        TimelineSource(
            "service_request", "Solicitud", "signpost-split", request_entries, request_url
        )
    )
    register_link("requests_routing.servicerequest", request_url)
