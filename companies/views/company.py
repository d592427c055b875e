"""The company page (header and timeline) and its contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from companies import services
from companies.access import can_edit_company, can_edit_park
from companies.forms import ContactForm
from companies.history import CHANGE_HISTORY_PERMISSION
from companies.models import Company, Contact
from companies.page_sections import company_sections
from companies.selectors import company_change_history, company_contacts, company_page
from companies.timeline import as_entries, company_timeline
from omil_crm.base.formtools import paginate
from omil_crm.base.pagination import FeedPaginator

TIMELINE_PER_PAGE = 20


@permission_required("companies.view_company", raise_exception=True)
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        company = company_page(pk)
    except Company.DoesNotExist as missing:
        raise Http404("Empresa inexistente") from missing
    # Newest first, page by page, never counted (see FeedPaginator).
    paginator = FeedPaginator(company_timeline(company), TIMELINE_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = as_entries(page.object_list)
    context = {
        "company": company,
        "representative_id": company.park.representative_id if company.park else None,
        "timeline": page,
        "today": timezone.localdate(),
        "can_edit": can_edit_company(request.user, company),
        "can_edit_park": company.park is not None and can_edit_park(request.user, company.park),
        "sections": company_sections(request, company),
        # The timeline's pages keep what the sections chose (a balance's period).
        "query": _without_page(request),
    }
    if request.user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = company_change_history(company)
    return render(request, "companies/company_detail.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@permission_required("companies.view_company", raise_exception=True)
def contact_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every contact of a company, fifty a page (its page shows the first few)."""
    company = get_object_or_404(Company.objects.select_related("park"), pk=pk)
    context = {
        "company": company,
        "representative_id": company.park.representative_id if company.park else None,
        "page": paginate(request, company_contacts(company.pk)),
        "can_edit": can_edit_company(request.user, company),
    }
    return render(request, "companies/contact_list.html", context)


@permission_required("companies.add_contact", raise_exception=True)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, company=company)
        messages.success(request, f"Se agregó el contacto {form.instance.name}.")
        return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/contact_form.html", {"form": form, "company": company})


@permission_required("companies.change_contact", raise_exception=True)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance)
        messages.success(request, f"Se guardaron los datos de {contact.name}.")
        return redirect("companies:detail", pk=contact.company_id)
    return render(
        request,
        "companies/contact_form.html",
        {"form": form, "company": contact.company, "contact": contact},
    )
