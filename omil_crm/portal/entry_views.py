"""Entering the portal: asking for a link, and the page the link opens (sign_in.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from omil_crm.accounts.lockout import client_ip
from omil_crm.portal import sessions, sign_in
from omil_crm.portal.access import public_portal_view
from omil_crm.portal.forms import LinkRequestForm

ASKED = "enviado"


@require_http_methods(["GET", "HEAD", "POST"])
@public_portal_view
def enter(request: HttpRequest) -> HttpResponse:
    """Ask for a link. Whatever the address (a contact's, a stranger's, one over the limit),
    the answer is the same redirect and the same page."""
    if sessions.active_session(request.COOKIES.get(sessions.COOKIE_NAME)):
        return redirect("portal:home")
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in.link_ask(email=form.cleaned_data["email"], client_ip=client_ip(request))
        return redirect(reverse("portal:enter") + f"?{ASKED}=1")
    context = {"form": form, "asked": ASKED in request.GET, "minutes": sign_in.link_minutes()}
    return render(request, "portal/entry_ask.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@public_portal_view
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The page a mailed link opens. GET only shows who is about to enter (mail scanners
    open links); the button's POST uses the link once and starts the portal session."""
    if request.method == "POST":
        user_agent = request.headers.get("User-Agent", "")
        started = sign_in.link_redeem(raw_token=token, user_agent=user_agent)
        if started is None:
            return spent(request)
        session, raw_key = started
        # The new cookie replaces whatever session this browser had: that one ends too,
        # so the staff page never lists a session no device can use any more.
        replaced = sessions.active_session(request.COOKIES.get(sessions.COOKIE_NAME))
        if replaced is not None:
            sessions.revoke_session(session=replaced)
        response = redirect("portal:home")
        sessions.set_cookie(response, raw_key=raw_key, session=session)
        return response
    found = sign_in.link_lookup(token)
    if found is None:
        return spent(request)
    return render(request, "portal/entry_link.html", {"link": found})


def spent(request: HttpRequest) -> HttpResponse:
    """Used, expired, unknown or of a contact who lost access: one answer for all."""
    context = {"form": LinkRequestForm(), "minutes": sign_in.link_minutes()}
    return render(request, "portal/entry_link_spent.html", context, status=410)
