"""Inclusion under Ley 21.015: a person's inclusion page (profile and functional evaluations),
the job analyses of vacancies, and the lists behind the monthly report's counters.

Sensitive data, like psycho-labour evaluations: only the Psicóloga and the Encargado open
these pages, and every opening of a profile, an evaluation or an analysis is logged. A person
without a live consent for their inclusion data has it sealed: the pages say so and show
nothing of it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from omil_crm.base.formtools import add_service_errors
from vacancies import inclusion_selectors as selectors
from vacancies import inclusion_services as services
from vacancies.inclusion_forms import (
    FunctionalEvaluationFilter,
    FunctionalEvaluationForm,
    InclusionProfileForm,
    JobAnalysisFilter,
    JobAnalysisForm,
)
from vacancies.models import Vacancy
from vacancies.views.common import active_person, list_context, posted

READS_SHOWN = 50


def _reads(request: HttpRequest, **target):
    """The reading log of one record, for those who may audit it (the Encargado)."""
    if not request.user.has_perm("vacancies.view_inclusionread"):
        return None
    return selectors.reads_of(READS_SHOWN, **target)


@permission_required("vacancies.view_inclusionprofile", raise_exception=True)
def inclusion_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    context = {"person": person, "consent_live": selectors.has_inclusion_consent(person)}
    if not context["consent_live"]:
        context["sealed_since"] = selectors.sealed_since(person)
        return render(request, "vacancies/inclusion/person.html", context)
    profile = selectors.person_profile(person)
    if profile is not None:
        services.inclusion_record_read(profile=profile, reader=request.user)
        context["reads"] = _reads(request, profile=profile)
    context["profile"] = profile
    context["evaluations"] = selectors.person_functional_evaluations(person)
    return render(request, "vacancies/inclusion/person.html", context)


def _refused_without_consent(request: HttpRequest, person) -> HttpResponse | None:
    if selectors.has_inclusion_consent(person):
        return None
    messages.error(request, services.NO_CONSENT)
    return redirect("vacancies:inclusion_person", pk=person.pk)


@permission_required("vacancies.add_inclusionprofile", raise_exception=True)
def inclusion_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    refused = _refused_without_consent(request, person)
    if refused is not None:
        return refused
    profile = selectors.person_profile(person)
    form = InclusionProfileForm(posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.inclusion_profile_save(
                job_seeker=person, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Perfil de inclusión de {person.full_name} guardado.")
            return redirect("vacancies:inclusion_person", pk=person.pk)
    context = {"form": form, "person": person, "profile": profile}
    return render(request, "vacancies/inclusion/profile_form.html", context)


@permission_required("vacancies.add_functionalevaluation", raise_exception=True)
def functional_evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    refused = _refused_without_consent(request, person)
    if refused is not None:
        return refused
    form = FunctionalEvaluationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.functional_evaluation_create(
                job_seeker=person, evaluator=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Evaluación funcional de {person.full_name} registrada.")
            return redirect("vacancies:functional_evaluation_detail", pk=evaluation.pk)
    context = {"form": form, "person": person}
    return render(request, "vacancies/inclusion/evaluation_form.html", context)


@permission_required("vacancies.view_functionalevaluation", raise_exception=True)
def functional_evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.functional_evaluation_page(pk)
    if evaluation is None or evaluation.job_seeker.is_erased:
        raise Http404("Evaluación funcional inexistente")
    person = evaluation.job_seeker
    context = {"person": person, "consent_live": evaluation.consent_live}
    if not evaluation.consent_live:
        context["sealed_since"] = selectors.sealed_since(person)
        return render(request, "vacancies/inclusion/evaluation_detail.html", context)
    services.inclusion_record_read(functional_evaluation=evaluation, reader=request.user)
    context["evaluation"] = evaluation
    context["reads"] = _reads(request, functional_evaluation=evaluation)
    return render(request, "vacancies/inclusion/evaluation_detail.html", context)


@permission_required("vacancies.view_functionalevaluation", raise_exception=True)
def functional_evaluation_list(request: HttpRequest) -> HttpResponse:
    """Every evaluation of the period, sealed ones as a row without the person: the list
    holds as many rows as the monthly report counts."""
    evaluations = FunctionalEvaluationFilter(
        request.GET or None, queryset=selectors.functional_evaluation_list_queryset()
    )
    context = list_context(request, evaluations)
    return render(request, "vacancies/inclusion/evaluation_list.html", context)


@permission_required("vacancies.add_jobanalysis", raise_exception=True)
def job_analysis_create(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("company"), pk=pk)
    form = JobAnalysisForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.job_analysis_create(
                vacancy=vacancy, analyst=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Análisis del puesto «{vacancy.title}» registrado.")
            return redirect("vacancies:job_analysis_detail", pk=analysis.pk)
    context = {"form": form, "vacancy": vacancy}
    return render(request, "vacancies/inclusion/analysis_form.html", context)


@permission_required("vacancies.view_jobanalysis", raise_exception=True)
def job_analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.job_analysis_page(pk)
    if analysis is None:
        raise Http404("Análisis de puesto inexistente")
    services.inclusion_record_read(job_analysis=analysis, reader=request.user)
    context = {"analysis": analysis, "reads": _reads(request, job_analysis=analysis)}
    return render(request, "vacancies/inclusion/analysis_detail.html", context)


@permission_required("vacancies.view_jobanalysis", raise_exception=True)
def job_analysis_list(request: HttpRequest) -> HttpResponse:
    analyses = JobAnalysisFilter(
        request.GET or None, queryset=selectors.job_analysis_list_queryset()
    )
    context = list_context(request, analyses)
    return render(request, "vacancies/inclusion/analysis_list.html", context)
