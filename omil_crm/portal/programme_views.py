"""The SENCE programmes the OMIL offered the company, and its «Nos interesa» answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import paginate
from omil_crm.portal.access import portal_view
from vacancies import portal_selectors, programme_services


@portal_view
def programmes(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    page = paginate(request, portal_selectors.company_offers(visitor.company), per_page=20)
    return render(request, "portal/programme_list.html", {"visitor": visitor, "page": page})


@require_POST
@portal_view
def programme_interest(request: HttpRequest, pk: int) -> HttpResponse:
    visitor = request.portal
    # Looked up through the visitor's company: another company's offer does not exist here.
    offer = portal_selectors.company_offers(visitor.company).filter(pk=pk).first()
    if offer is None:
        raise Http404("Oferta inexistente")
    try:
        programme_services.programme_offer_interest(offer=offer, contact=visitor.contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Avisamos a la OMIL que les interesa «{offer.programme}». Le contactarán."
        )
    return redirect("portal:programmes")
