"""Logging a contact with a company (also from a phone), planning visits and doing them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies import services
from companies.access import check_may_change_plan, may_change_plan
from companies.forms import (
    VisitCancelForm,
    VisitCompleteForm,
    VisitLogForm,
    VisitPlanForm,
    VisitRescheduleForm,
    autofocus_first_error,
)
from companies.models import Company, Visit
from companies.views import visit_answers as answers
from companies.views.agenda import agenda_url_for
from omil_crm.base.formtools import add_service_errors

# Where "save and go on" leads, with the company and visit prefilled there.
NEXT_PAGES = {"request": "requests_routing:request_create", "vacancy": "vacancies:vacancy_create"}


def after_logging_url(request: HttpRequest, visit: Visit) -> str:
    target = NEXT_PAGES.get(request.POST.get("next", ""))
    if target:
        try:
            return f"{reverse(target)}?empresa={visit.company_id}&visita={visit.pk}"
        except NoReverseMatch:
            pass
    return reverse("companies:detail", args=[visit.company_id])


def record(request: HttpRequest, form: VisitLogForm, company: Company, planned=None):
    data = form.cleaned_data
    arguments = {
        "staff": request.user,
        "kind": data["kind"],
        "happened_at": data["happened_at"],
        "summary": data["summary"],
        "contacts": list(data["contacts"]),
        "needs_detected": data["needs_detected"],
        "next_step": data["next_step"],
        "follow_up_due": data["follow_up_due"],
        "client_key": data["client_key"],
    }
    if planned is None:
        return services.log_visit(company=company, **arguments)
    return services.visit_complete(visit=planned, plan_version=data["plan_version"], **arguments)


def logged(request: HttpRequest, visit: Visit, message: str) -> HttpResponse:
    next_url = after_logging_url(request, visit)
    if answers.wants_json(request):
        return answers.saved(request, visit, next_url=next_url, message=message)
    messages.success(request, message)
    return redirect(next_url)


@permission_required("companies.add_visit", raise_exception=True)
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    form = VisitLogForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            visit = record(request, form, company)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return logged(request, visit, f"Se registró el contacto con {company}.")
    if answers.wants_json(request):
        return answers.refused(form)
    return render(
        request,
        "companies/visit_form.html",
        {
            "form": form,
            "company": company,
            "next_choices": VisitLogForm.NEXT_CHOICES,
        },
    )


@permission_required("companies.change_visit", raise_exception=True)
def visit_complete(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(Visit.objects.select_related("company"), pk=pk)
    company = planned.company
    # The phone's script always reaches the service: a send repeated after the visit was
    # completed gets that visit back, and a conflict is answered with the text sent.
    if planned.status != Visit.Status.PLANNED and not answers.wants_json(request):
        messages.info(request, "Esa visita ya no está planificada.")
        return redirect("companies:detail", pk=company.pk)
    form = VisitCompleteForm(
        request.POST or None,
        planned=planned,
        initial={"kind": planned.kind, "next_step": planned.next_step},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = record(request, form, company, planned=planned)
        except services.VisitConflict as error:
            if answers.wants_json(request):
                return answers.conflict(company, error.messages[0], form.cleaned_data["summary"])
            planned.refresh_from_db()
            form.refresh_plan_version(planned)
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return logged(request, visit, f"Se registró la visita a {company}.")
    if answers.wants_json(request):
        return answers.refused(form)
    return render(
        request,
        "companies/visit_form.html",
        {
            "form": form,
            "company": company,
            "planned": planned,
            "next_choices": VisitLogForm.NEXT_CHOICES,
        },
    )


@permission_required("companies.add_visit", raise_exception=True)
def visit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    form = VisitPlanForm(request.POST or None, company=company, initial={"staff": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_plan(
                company=company,
                staff=data["staff"],
                kind=data["kind"],
                planned_for=data["planned_for"],
                next_step=data["next_step"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Visita a {company} planificada.")
            return redirect(after_planning(request, visit))
    return render(request, "companies/visit_plan_form.html", {"form": form, "company": company})


def after_planning(request: HttpRequest, visit: Visit) -> str:
    """The agenda's month that holds the visit: the person's own, or the team's when the
    visit is someone else's."""
    day = timezone.localdate(visit.planned_for)
    return agenda_url_for(day, team=visit.staff_id != request.user.pk)


def show_visit(request, visit, *, reschedule_form=None, cancel_form=None):
    can_change = visit.status == Visit.Status.PLANNED and may_change_plan(request.user, visit)
    if can_change:
        reschedule_form = reschedule_form or VisitRescheduleForm(visit=visit)
        cancel_form = cancel_form or VisitCancelForm()
        autofocus_first_error(reschedule_form)
        autofocus_first_error(cancel_form)
    return render(
        request,
        "companies/visit_detail.html",
        {
            "visit": visit,
            "changes": visit.changes.select_related("changed_by"),
            "can_change": can_change,
            "reschedule_form": reschedule_form,
            "cancel_form": cancel_form,
        },
    )


def _visit(pk: int) -> Visit:
    return get_object_or_404(
        Visit.objects.select_related("company", "staff").prefetch_related("contacts"), pk=pk
    )


@require_POST
@permission_required("companies.view_visit", raise_exception=True)
def visit_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(pk)
    check_may_change_plan(request.user, visit)
    if visit.status != Visit.Status.PLANNED:
        messages.info(request, "Esa visita ya no está planificada.")
        return redirect("companies:visit_detail", pk=visit.pk)
    form = VisitRescheduleForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            visit = services.visit_reschedule(
                visit=visit,
                planned_for=form.cleaned_data["planned_for"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            moment = timezone.localtime(visit.planned_for)
            messages.success(
                request, f"Visita a {visit.company} reprogramada para el {moment:%d-%m-%Y %H:%M}."
            )
            return redirect(after_planning(request, visit))
    return show_visit(request, visit, reschedule_form=form)


@require_POST
@permission_required("companies.view_visit", raise_exception=True)
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(pk)
    check_may_change_plan(request.user, visit)
    if visit.status != Visit.Status.PLANNED:
        messages.info(request, "Esa visita ya no está planificada.")
        return redirect("companies:visit_detail", pk=visit.pk)
    form = VisitCancelForm(request.POST)
    if form.is_valid():
        try:
            services.visit_cancel(
                visit=visit, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Visita cancelada.")
            return redirect(agenda_url_for(timezone.localdate(visit.planned_for), team=False))
    return show_visit(request, visit, cancel_form=form)


@permission_required("companies.view_visit", raise_exception=True)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return show_visit(request, _visit(pk))
