"""The company's vacancies on its portal, and proposing a new one (pending until the gestora
confirms it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from omil_crm.base import rate_limit
from omil_crm.base.formtools import add_service_errors, paginate
from omil_crm.portal.access import portal_view
from vacancies import portal_selectors, proposal_services
from vacancies.forms import VacancyForm

# A contact may propose this many vacancies per hour.
PROPOSALS_PER_HOUR = 5


@portal_view
def vacancies(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    page = paginate(
        request,
        portal_selectors.company_vacancies(visitor.company),
        per_page=portal_selectors.VACANCIES_PER_PAGE,
    )
    candidates = portal_selectors.shared_candidates(
        visitor.company, [vacancy.pk for vacancy in page]
    )
    for vacancy in page:
        vacancy.shared = candidates.get(vacancy.pk, [])
    return render(request, "portal/vacancy_list.html", {"visitor": visitor, "page": page})


@portal_view
def vacancy_propose(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    form = VacancyForm(request.POST if request.method == "POST" else None)
    context = {"visitor": visitor, "form": form}
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(
            "portal_vacancy", str(visitor.contact.pk), limit=PROPOSALS_PER_HOUR, window=3600
        ):
            form.add_error(
                None,
                "Ha propuesto varias vacantes en poco tiempo. Intente de nuevo en una hora o "
                "escriba a la OMIL.",
            )
            return render(request, "portal/vacancy_propose.html", context, status=429)
        try:
            vacancy = proposal_services.vacancy_propose(
                contact=visitor.contact, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Recibimos la vacante «{vacancy.title}». La OMIL la revisará y la verá abierta "
                "aquí cuando la confirme.",
            )
            return redirect("portal:vacancies")
    status = 400 if form.errors else 200
    return render(request, "portal/vacancy_propose.html", context, status=status)
