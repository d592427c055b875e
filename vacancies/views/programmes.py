"""SENCE programmes: the catalogue, and their offers to the park's companies."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from companies.models import Company
from omil_crm.base.formtools import add_service_errors, int_param
from vacancies import programme_services, selectors
from vacancies.filters import ProgrammeOfferFilter
from vacancies.forms import ProgrammeOfferForm, ProgrammeOfferUpdateForm
from vacancies.models import ProgrammeOffer
from vacancies.views.common import list_context, posted


@permission_required("vacancies.view_programme", raise_exception=True)
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "vacancies/programme_list.html", {"programmes": selectors.programme_catalogue()}
    )


@permission_required("vacancies.view_programmeoffer", raise_exception=True)
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = ProgrammeOfferFilter(request.GET or None, queryset=selectors.offer_list_queryset())
    context = list_context(request, offers)
    company_id = int_param(request, "company")
    context["company"] = Company.objects.filter(pk=company_id).first() if company_id else None
    return render(request, "vacancies/offer_list.html", context)


@permission_required("vacancies.add_programmeoffer", raise_exception=True)
def offer_create(request: HttpRequest) -> HttpResponse:
    initial = {"offered_on": timezone.localdate(), "company": int_param(request, "empresa")}
    form = ProgrammeOfferForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = programme_services.programme_offer_create(
                offered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Se registró la oferta de {offer.programme} a {offer.company}."
            )
            return redirect("vacancies:offer_detail", pk=offer.pk)
    return render(request, "vacancies/offer_form.html", {"form": form})


@permission_required("vacancies.view_programmeoffer", raise_exception=True)
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        ProgrammeOffer.objects.select_related("company", "programme", "offered_by"), pk=pk
    )
    may_change = request.user.has_perm("vacancies.change_programmeoffer")
    form = ProgrammeOfferUpdateForm(posted(request), instance=offer) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                programme_services.programme_offer_update(offer=offer, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Se guardó la oferta.")
                return redirect("vacancies:offer_detail", pk=offer.pk)
    return render(request, "vacancies/offer_detail.html", {"offer": offer, "form": form})
