"""Psycho-labour evaluations: sensitive data, written and read only by the Psicóloga and the
Encargado; every opening is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from companies.history import CHANGE_HISTORY_PERMISSION
from omil_crm.base.formtools import add_service_errors, int_param
from vacancies import selectors, services
from vacancies.forms import EvaluationForm
from vacancies.models import Evaluation, EvaluationRead
from vacancies.views.common import active_person, posted

READS_SHOWN = 50


@permission_required("vacancies.add_evaluation", raise_exception=True)
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    initial = {}
    referral_id = int_param(request, "derivacion")
    if referral_id and person.referrals.filter(pk=referral_id).exists():
        initial["referral"] = referral_id
    form = EvaluationForm(posted(request), job_seeker=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_create(
                job_seeker=person, psychologist=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Evaluación de {person.full_name} registrada.")
            return redirect("vacancies:job_seeker_detail", pk=person.pk)
    return render(request, "vacancies/evaluation_form.html", {"form": form, "person": person})


@permission_required("vacancies.view_evaluation", raise_exception=True)
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = (
        Evaluation.objects.select_related(
            "job_seeker", "psychologist", "referral__vacancy__company"
        )
        .filter(pk=pk, job_seeker__erased_at__isnull=True)
        .first()
    )
    if evaluation is None:
        raise Http404("Evaluación inexistente")
    services.evaluation_record_read(evaluation=evaluation, reader=request.user)
    context = {"evaluation": evaluation, "person": evaluation.job_seeker}
    if request.user.has_perm("vacancies.view_evaluationread"):
        context["reads"] = EvaluationRead.objects.filter(evaluation=evaluation).select_related(
            "reader"
        )[:READS_SHOWN]
    if request.user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = selectors.evaluation_change_history(evaluation)
    return render(request, "vacancies/evaluation_detail.html", context)
