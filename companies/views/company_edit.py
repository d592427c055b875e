"""Registering a company by hand, and correcting a company's or a park's data."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from companies import company_services
from companies.access import can_edit_company, can_edit_park, require
from companies.company_forms import CompanyForm, ParkForm
from companies.history import CHANGE_HISTORY_PERMISSION
from companies.models import Company, IndustrialPark
from companies.selectors import park_change_history
from omil_crm.base.formtools import add_service_errors


def posted(request: HttpRequest):
    """The submitted data, or None for a GET: an empty POST is still validated and its
    errors shown, which `request.POST or None` would skip."""
    return request.POST if request.method == "POST" else None


@permission_required("companies.add_company", raise_exception=True)
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            company = company_services.company_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se registró la empresa {company}.")
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/company_form.html", {"form": form})


@permission_required("companies.change_company", raise_exception=True)
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company.objects.select_related("park"), pk=pk)
    require(can_edit_company(request.user, company))
    form = CompanyForm(posted(request), instance=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            company = company_services.company_update(
                company=company, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se guardaron los datos de {company}.")
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/company_form.html", {"form": form, "company": company})


@permission_required("companies.view_industrialpark", raise_exception=True)
def park_edit(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(
        IndustrialPark.objects.select_related("gestora", "representative__company"), pk=pk
    )
    require(can_edit_park(request.user, park))
    form = ParkForm(posted(request), instance=park, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            park = company_services.park_update(
                park=park, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se guardaron los cambios en «{park}».")
            return redirect("companies:park_edit", pk=park.pk)
    context = {"form": form, "park": park}
    if request.user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = park_change_history(park)
    return render(request, "companies/park_form.html", context)
