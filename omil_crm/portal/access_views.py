"""Staff managing who enters the portal: a company's contacts with their portal state and
open sessions, sending a contact a link, closing a contact's sessions.

Allowed to whoever holds `portal.manage_portal_access` (the Gestora, the Encargado) for a
company they may edit (companies/access.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from companies.access import can_edit_company
from companies.models import Company, Contact
from omil_crm.portal import selectors, sessions, sign_in

MANAGE = "portal.manage_portal_access"


def may_manage_access(user, company: Company) -> bool:
    return user.has_perm(MANAGE) and can_edit_company(user, company)


def contact_to_manage(request: HttpRequest, pk: int) -> Contact:
    contact = get_object_or_404(Contact.objects.select_related("company__park"), pk=pk)
    if not may_manage_access(request.user, contact.company):
        raise PermissionDenied
    return contact


def back(request: HttpRequest, contact: Contact) -> HttpResponse:
    # Back to the page the button was on; a fixed choice, never an address from the form.
    if request.POST.get("volver") == "empresa":
        return redirect("companies:detail", pk=contact.company_id)
    return redirect("portal_access:company", pk=contact.company_id)


@permission_required(MANAGE, raise_exception=True)
def company_access(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company.objects.select_related("park"), pk=pk)
    if not may_manage_access(request.user, company):
        raise PermissionDenied
    contacts = selectors.with_devices(selectors.company_portal_contacts(company))
    context = {"company": company, "contacts": contacts, "minutes": sign_in.link_minutes()}
    return render(request, "portal/access_company.html", context)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_to_manage(request, pk)
    try:
        sign_in.link_send_by_staff(contact=contact, requested_by=request.user)
    except sign_in.LinkRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"Se envió a {contact.email} un enlace al portal que vale "
            f"{sign_in.link_minutes()} minutos.",
        )
    return back(request, contact)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def revoke_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_to_manage(request, pk)
    closed = sessions.revoke_sessions_of(contact=contact, by=request.user)
    if closed == 1:
        messages.success(request, f"Se cerró la sesión del portal de {contact.name}.")
    elif closed:
        messages.success(request, f"Se cerraron {closed} sesiones del portal de {contact.name}.")
    else:
        messages.info(request, f"{contact.name} no tenía sesiones abiertas en el portal.")
    return back(request, contact)
