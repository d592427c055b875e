from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from companies.models import Company, Visit
from omil_crm.formtools import add_service_errors
from vacancies.forms import VacancyForm
from vacancies.services import vacancy_create


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdigit() else None


@permission_required("vacancies.add_vacancy", raise_exception=True)
def vacancy_capture(request: HttpRequest) -> HttpResponse:
    """Capture a vacancy for a company, usually straight after logging the visit."""
    company = get_object_or_404(Company, pk=int_param(request, "empresa") or 0)
    visit_id = int_param(request, "visita")
    visit = Visit.objects.filter(pk=visit_id, company=company).first() if visit_id else None
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_create(
                company=company,
                captured_by=request.user,
                captured_on_visit=visit,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Vacante «{vacancy.title}» captada en {company}.")
            return redirect("companies:detail", pk=company.pk)
    return render(
        request, "vacancies/vacancy_form.html", {"form": form, "company": company, "visit": visit}
    )
