"""Heavy reads: the request list and a request's page, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from companies.history import ChangeHistory, HistorySource, change_history
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest


def request_list_queryset() -> QuerySet:
    return ServiceRequest.objects.select_related(
        "company", "category", "department", "owner"
    ).order_by("-received_at", "-pk")


def request_page(pk: int) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_related(
            "company",
            "contact",
            "category",
            "department",
            "owner",
            "duplicate_of",
            "origin_visit",
        )
        .prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor", "email")),
            Prefetch("emails", queryset=InboundEmail.objects.prefetch_related("attachments")),
        )
        .get(pk=pk)
    )


def request_change_history(service_request: ServiceRequest) -> ChangeHistory:
    """Who changed the request's data, status or owner, and when."""
    return change_history(HistorySource(service_request.history.all(), "Solicitud"))
