"""Vacancies: the list, capture (from a visit or directly), edit, the vacancy's page with its
referral board, and the posting to print."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from companies.history import CHANGE_HISTORY_PERMISSION
from companies.models import Company, Visit
from omil_crm.base.formtools import add_service_errors, int_param
from vacancies import selectors, services
from vacancies.candidate_ranking import rank_candidates
from vacancies.consent_selectors import hints_for
from vacancies.filters import PeopleFilter, VacancyFilter
from vacancies.forms import (
    DirectVacancyForm,
    ProposalDeclineForm,
    StaffVacancyForm,
    StageMoveForm,
    VacancyEditForm,
)
from vacancies.inclusion_selectors import vacancy_job_analyses
from vacancies.models import Vacancy
from vacancies.views.common import list_context, posted

CANDIDATES_SHOWN = 20
REVIEW_PERMISSION = "vacancies.review_vacancy_proposal"


@permission_required("vacancies.view_vacancy", raise_exception=True)
def vacancy_list(request: HttpRequest) -> HttpResponse:
    vacancies = VacancyFilter(request.GET or None, queryset=selectors.vacancy_list_queryset())
    context = list_context(request, vacancies)
    # Like the count, the positions are added up only below the list's counting limit: past
    # «más de 10.000» vacancies the sum would read every row for a figure nobody reads.
    if not context["page"].paginator.capped:
        positions = selectors.positions_total(vacancies.qs)
        context["positions_text"] = f"{positions} puesto{'' if positions == 1 else 's'}"
    return render(request, "vacancies/vacancy_list.html", context)


@permission_required("vacancies.add_vacancy", raise_exception=True)
def vacancy_capture(request: HttpRequest) -> HttpResponse:
    """Capture a vacancy for a company, usually straight after logging the visit; without a
    company in the address, the form asks for one (a vacancy given by phone or email)."""
    company_id = int_param(request, "empresa")
    if company_id is None:
        return _vacancy_direct(request)
    company = get_object_or_404(Company, pk=company_id)
    visit_id = int_param(request, "visita")
    visit = Visit.objects.filter(pk=visit_id, company=company).first() if visit_id else None
    form = StaffVacancyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(
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


def _vacancy_direct(request: HttpRequest) -> HttpResponse:
    form = DirectVacancyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(captured_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Vacante «{vacancy.title}» captada en {vacancy.company}.")
            return redirect("vacancies:vacancy_detail", pk=vacancy.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form})


@permission_required("vacancies.change_vacancy", raise_exception=True)
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("company"), pk=pk)
    if vacancy.status in Vacancy.PROPOSAL_STATUSES:
        messages.warning(request, "Es una propuesta de la empresa: confírmela antes de editarla.")
        return redirect("vacancies:vacancy_detail", pk=vacancy.pk)
    initial = {"status": Vacancy.Status.OPEN} if vacancy.status == Vacancy.Status.FILLED else {}
    form = VacancyEditForm(posted(request), instance=vacancy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(vacancy=vacancy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se guardó la vacante «{form.cleaned_data['title']}».")
            return redirect("vacancies:vacancy_detail", pk=vacancy.pk)
    return render(
        request,
        "vacancies/vacancy_form.html",
        {"form": form, "company": vacancy.company, "vacancy": vacancy},
    )


def vacancy_or_404(pk: int) -> Vacancy:
    try:
        return selectors.vacancy_page(pk)
    except Vacancy.DoesNotExist as missing:
        raise Http404("Vacante inexistente") from missing


def render_vacancy_page(
    request: HttpRequest,
    vacancy: Vacancy,
    *,
    bound_move: StageMoveForm | None = None,
    decline_form: ProposalDeclineForm | None = None,
) -> HttpResponse:
    """The vacancy with, for those who may see candidates, the board by stage; a refused
    stage move comes back here with its form showing the reason next to the field."""
    user = request.user
    context = {"vacancy": vacancy}
    if user.has_perm("vacancies.view_referral"):
        board = selectors.vacancy_board(vacancy)
        if user.has_perm("vacancies.change_referral"):
            for _stage, _label, referrals in board:
                for referral in referrals:
                    if bound_move is not None and bound_move.prefix == f"r{referral.pk}":
                        referral.move_form = bound_move
                    elif services.ALLOWED_MOVES[referral.stage]:
                        referral.move_form = StageMoveForm(referral=referral)
        context["board"] = board
    else:
        context["stage_counts"] = selectors.stage_counts(vacancy)
    if user.has_perm("vacancies.add_referral") and vacancy.status == Vacancy.Status.OPEN:
        candidates = PeopleFilter(request.GET or None, queryset=selectors.candidates_for(vacancy))
        context["candidates"] = candidates
        rows = rank_candidates(vacancy, candidates.qs, limit=CANDIDATES_SHOWN)
        for row in rows:
            row.hints = hints_for(row.person, consented=row.person.hints_consented)
        context["candidate_rows"] = rows
        context["candidates_shown"] = CANDIDATES_SHOWN
    if vacancy.status == Vacancy.Status.PROPOSED and user.has_perm(REVIEW_PERMISSION):
        context["decline_form"] = decline_form or ProposalDeclineForm()
    if user.has_perm("vacancies.view_jobanalysis"):
        context["job_analyses"] = vacancy_job_analyses(vacancy)
    if user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = selectors.vacancy_change_history(vacancy)
    return render(request, "vacancies/vacancy_detail.html", context)


@permission_required("vacancies.view_vacancy", raise_exception=True)
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_vacancy_page(request, vacancy_or_404(pk))


@permission_required("vacancies.view_vacancy", raise_exception=True)
def vacancy_posting(request: HttpRequest, pk: int) -> HttpResponse:
    """The posting for the OMIL's board or to send around: the offer, the positions still
    open and where to apply; no personal data."""
    vacancy = vacancy_or_404(pk)
    if vacancy.status in Vacancy.PROPOSAL_STATUSES:
        raise Http404("Una propuesta de la empresa no se publica")
    context = {
        "vacancy": vacancy,
        "open_positions": max(vacancy.positions - vacancy.hired, 0),
        "office": {
            "name": settings.OMIL_OFFICE_NAME,
            "address": settings.OMIL_OFFICE_ADDRESS,
            "phone": settings.OMIL_OFFICE_PHONE,
            "email": settings.OMIL_OFFICE_EMAIL,
            "hours": settings.OMIL_OFFICE_HOURS,
        },
    }
    return render(request, "vacancies/vacancy_posting.html", context)
