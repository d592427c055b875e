"""The portal's own pages: home and signing out (entering: entry_views.py)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from omil_crm.balance.periods import CHOICES, balance_period
from omil_crm.balance.selectors import give_and_get, give_and_get_for_company
from omil_crm.portal import sessions
from omil_crm.portal.access import portal_view


@portal_view
def home(request):
    """The contact's start page, with the give-and-get balance of their company (and of the
    park, for its representative) over the period chosen in the query string."""
    visitor = request.portal
    chosen = balance_period(request.GET)
    context = {
        "visitor": visitor,
        "chosen": chosen,
        "choices": CHOICES,
        "balance": give_and_get_for_company(visitor.company, chosen.period),
    }
    if visitor.is_representative:
        context["park_balance"] = give_and_get(period=chosen.period, park=visitor.represented_park)
    return render(request, "portal/home.html", context)


@require_POST
@portal_view
def sign_out(request):
    sessions.revoke_session(session=request.portal.session)
    response = redirect("portal:enter")
    sessions.delete_cookie(response)
    return response
