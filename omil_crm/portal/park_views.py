"""The park's representative: the requests of every company of the park, public fields only
(see requests_routing.public). Anyone else gets 404: the page is not theirs to know of."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from omil_crm.base.filtering import parse_id
from omil_crm.base.formtools import paginate
from omil_crm.portal.access import portal_view
from requests_routing import public
from requests_routing.models import ServiceRequest

PER_PAGE = 25


@portal_view
def park(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    if not visitor.is_representative:
        raise Http404("Página del representante del parque")
    represented = visitor.represented_park
    companies = list(public.park_companies(represented))
    status = request.GET.get("estado", "")
    if status not in ServiceRequest.Status.values:
        status = ""
    company_id = parse_id(request.GET.get("empresa", ""))
    if company_id not in {company.pk for company in companies}:
        company_id = None
    requests = public.park_requests(represented, status=status, company_id=company_id)
    parts = [f"estado={status}"] if status else []
    if company_id:
        parts.append(f"empresa={company_id}")
    query = "&".join(parts)
    return render(
        request,
        "portal/park_requests.html",
        {
            "visitor": visitor,
            "park": represented,
            "companies": companies,
            "counts": public.park_status_counts(represented),
            "statuses": ServiceRequest.Status.choices,
            "status": status,
            "company_id": company_id,
            "page": paginate(request, requests, per_page=PER_PAGE),
            "query": query,
        },
    )
