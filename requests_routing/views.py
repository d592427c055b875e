from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from companies.models import Company, Visit
from omil_crm.formtools import add_service_errors
from requests_routing.forms import ServiceRequestForm
from requests_routing.models import ServiceRequest
from requests_routing.services import service_request_create


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdigit() else None


@permission_required("requests_routing.add_servicerequest", raise_exception=True)
def request_create(request: HttpRequest) -> HttpResponse:
    """Register a request by hand (phone, meeting) or straight from a visit."""
    company = get_object_or_404(Company, pk=int_param(request, "empresa") or 0)
    visit_id = int_param(request, "visita")
    visit = Visit.objects.filter(pk=visit_id, company=company).first() if visit_id else None
    initial = {"channel": ServiceRequest.Channel.VISIT if visit else ServiceRequest.Channel.PHONE}
    if visit is not None:
        initial["description"] = visit.needs_detected
        initial["contact"] = visit.contacts.first()
    form = ServiceRequestForm(request.POST or None, company=company, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = service_request_create(
                company=company, created_by=request.user, origin_visit=visit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Solicitud {created.reference} registrada y derivada a {created.department}; "
                f"plazo: {created.due_date:%d-%m-%Y}.",
            )
            return redirect("companies:detail", pk=company.pk)
    return render(
        request,
        "requests_routing/request_form.html",
        {"form": form, "company": company, "visit": visit},
    )
