"""Heavy reads: the request list and a request's page, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

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
