"""The job seekers' registry: search, registration with consent, a page per person (its
consents are recorded and withdrawn in vacancies/views/consents.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from companies.history import CHANGE_HISTORY_PERMISSION
from omil_crm.base.formtools import add_service_errors
from vacancies import people_services, selectors
from vacancies.filters import JobSeekerFilter
from vacancies.forms import JobSeekerCreateForm, JobSeekerForm
from vacancies.models import JobSeeker
from vacancies.views.common import active_person, list_context, posted
from vacancies.views.consent_section import consent_context


@permission_required("vacancies.view_jobseeker", raise_exception=True)
def job_seeker_list(request: HttpRequest) -> HttpResponse:
    people = JobSeekerFilter(request.GET or None, queryset=selectors.job_seeker_list_queryset())
    context = list_context(request, people)
    condition = people.period_condition()
    erased = selectors.erased_people_count(condition) if condition is not None else 0
    if erased:
        context["erased_text"] = (
            f"además {erased} persona{'s' if erased > 1 else ''} con datos eliminados, "
            "que las cifras del período siguen contando"
        )
    return render(request, "vacancies/job_seeker_list.html", context)


@permission_required("vacancies.add_jobseeker", raise_exception=True)
def job_seeker_create(request: HttpRequest) -> HttpResponse:
    form = JobSeekerCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent = data.pop("consent")
        purpose = data.pop("consent_purpose")
        try:
            person = people_services.job_seeker_create(
                registered_by=request.user, consent_purpose=purpose if consent else "", **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se inscribió a {person.full_name}.")
            return redirect("vacancies:job_seeker_detail", pk=person.pk)
    return render(request, "vacancies/job_seeker_form.html", {"form": form})


@permission_required("vacancies.change_jobseeker", raise_exception=True)
def job_seeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    form = JobSeekerForm(posted(request), instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.job_seeker_update(job_seeker=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se guardaron los datos de {person.full_name}.")
            return redirect("vacancies:job_seeker_detail", pk=person.pk)
    return render(request, "vacancies/job_seeker_form.html", {"form": form, "person": person})


def _person_page(request: HttpRequest, pk: int, *, bound_consent=None, share_form=None):
    user = request.user
    try:
        person = selectors.job_seeker_page(
            pk,
            with_evaluations=user.has_perm("vacancies.view_evaluation"),
            with_requests=user.has_perm("vacancies.view_datasubjectrequest"),
        )
    except JobSeeker.DoesNotExist as missing:
        raise Http404("Persona inexistente o con sus datos eliminados") from missing
    context = {
        "person": person,
        **consent_context(user, person, bound=bound_consent, share_form=share_form),
    }
    if user.has_perm("vacancies.add_referral") and person.has_consent:
        context["open_vacancies"] = selectors.open_vacancies()
    if user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = selectors.job_seeker_change_history(
            person, with_evaluations=user.has_perm("vacancies.view_evaluation")
        )
    return render(request, "vacancies/job_seeker_detail.html", context)


@permission_required("vacancies.view_jobseeker", raise_exception=True)
def job_seeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, pk)
