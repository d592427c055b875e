"""The portal's own pages: home and signing out (entering: entry_views.py)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from omil_crm.portal import sessions
from omil_crm.portal.access import portal_view


@portal_view
def home(request):
    return render(request, "portal/home.html", {"visitor": request.portal})


@require_POST
@portal_view
def sign_out(request):
    sessions.revoke_session(session=request.portal.session)
    response = redirect("portal:enter")
    sessions.delete_cookie(response)
    return response
