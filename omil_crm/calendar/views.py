"""The calendar feed: the page where a staff member gets (or revokes) the secret address,
and the feed itself, read by calendar clients that have no session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from omil_crm.calendar import feeds as calendars

FEED_PERMISSION = "companies.view_followup"


@permission_required(FEED_PERMISSION, raise_exception=True)
def calendar_page(request: HttpRequest) -> HttpResponse:
    token = calendars.active_token(request.user)
    feed_url = ""
    if token is not None:
        feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))
    return render(request, "omil_crm/calendar_feed.html", {"token": token, "feed_url": feed_url})


@require_POST
@permission_required(FEED_PERMISSION, raise_exception=True)
def calendar_token_create(request: HttpRequest) -> HttpResponse:
    had_one = calendars.active_token(request.user) is not None
    calendars.feed_token_create(user=request.user)
    if had_one:
        messages.success(request, "Se creó una dirección nueva; la anterior dejó de funcionar.")
    else:
        messages.success(request, "Se creó la dirección de su calendario.")
    return redirect("calendar_page")


@require_POST
@permission_required(FEED_PERMISSION, raise_exception=True)
def calendar_token_revoke(request: HttpRequest) -> HttpResponse:
    if calendars.feed_token_revoke(user=request.user):
        messages.success(request, "La dirección fue revocada: ningún calendario la podrá leer.")
    return redirect("calendar_page")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendars.user_for_token(token)
    if user is None:
        # Without a valid secret this is like any private page: log in first.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Dirección de calendario inexistente o revocada")
    if not user.has_perm(FEED_PERMISSION):
        raise Http404("Dirección de calendario inexistente o revocada")
    response = HttpResponse(calendars.user_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="omil.ics"'
    return response
