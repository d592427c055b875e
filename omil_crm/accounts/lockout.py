"""The two hooks django-axes calls: who the client is, and what a locked-out person sees."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client's address, as seen by the outermost of our own proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N proxies the client is the N-th entry from the right. Entries further left were
    written by the client itself and prove nothing; with no proxy the header is ignored.
    """
    proxies = settings.OMIL_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The lock-out page: 429, in Spanish, saying for how long and how to get help."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cool_off.total_seconds() / 60))
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {"username": username, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
