"""Answers to a visit form sent by the phone's script (static/js/offline.js) instead of by the
browser: JSON, so a visit kept on the phone while offline learns whether it was recorded.

The script asks with `Accept: application/json`; a browser posting the form never does, and
keeps the usual pages and redirects.
"""

from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from companies.models import Company, Visit

# Sent by the script when it replays a visit kept on the phone, not for the form on screen:
# no «saved» message waits for the next page then.
REPLAY_HEADER = "X-Offline-Replay"


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.method == "POST" and accept.split(",")[0].strip() == "application/json"


def saved(request: HttpRequest, visit: Visit, *, next_url: str, message: str) -> JsonResponse:
    """201 for a visit recorded now, 200 for one this key had already recorded."""
    if not request.headers.get(REPLAY_HEADER):
        messages.success(request, message)
    replayed = getattr(visit, "replayed", False)
    return JsonResponse(
        {
            "ok": True,
            "replayed": replayed,
            "message": message,
            "visit_url": reverse("companies:visit_detail", args=[visit.pk]),
            "redirect": next_url,
        },
        status=200 if replayed else 201,
    )


def conflict(company: Company, message: str, summary: str) -> JsonResponse:
    """409: nothing was recorded; the text comes back with the way to log it as a new contact."""
    return JsonResponse(
        {
            "ok": False,
            "conflict": True,
            "message": message,
            "summary": summary,
            "log_url": reverse("companies:visit_log", args=[company.pk]),
        },
        status=409,
    )


def refused(form) -> JsonResponse:
    """400 with each error in Spanish, named after the field it is about."""
    errors = {name: list(messages_) for name, messages_ in form.errors.items()}
    lines = []
    for name, field_messages in errors.items():
        field = form.fields.get(name)
        label = f"{field.label}: " if field is not None and field.label else ""
        lines.extend(f"{label}{text}" for text in field_messages)
    return JsonResponse(
        {
            "ok": False,
            "conflict": False,
            "message": "No se registró la visita. " + " ".join(lines),
            "errors": errors,
        },
        status=400,
    )
