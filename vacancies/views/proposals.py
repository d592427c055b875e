"""A company's vacancy proposal (from its portal), confirmed or declined on the vacancy's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from vacancies import proposal_services
from vacancies.forms import ProposalDeclineForm
from vacancies.views.vacancies import REVIEW_PERMISSION, render_vacancy_page, vacancy_or_404


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def proposal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancy_or_404(pk)
    try:
        proposal_services.vacancy_proposal_confirm(vacancy=vacancy, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Vacante «{vacancy.title}» confirmada: queda abierta.")
    return redirect("vacancies:vacancy_detail", pk=vacancy.pk)


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancy_or_404(pk)
    form = ProposalDeclineForm(request.POST)
    if form.is_valid():
        try:
            proposal_services.vacancy_proposal_decline(
                vacancy=vacancy, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Propuesta «{vacancy.title}» rechazada; la empresa verá el motivo."
            )
        return redirect("vacancies:vacancy_detail", pk=vacancy.pk)
    return render_vacancy_page(request, vacancy, decline_form=form)
