"""The Encargado passes a leaving staff member's portfolio to someone else."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from companies import services
from companies.forms import HandoverForm
from companies.models import PortfolioHandover
from companies.selectors import portfolio_of
from omil_crm.base.formtools import add_service_errors


@permission_required("companies.reassign_portfolio", raise_exception=True)
def handover(request: HttpRequest) -> HttpResponse:
    form = HandoverForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        from_user, to_user = form.cleaned_data["from_user"], form.cleaned_data["to_user"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            try:
                done = services.portfolio_handover(
                    from_user=from_user, to_user=to_user, done_by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Traspaso hecho: {done.companies_moved} empresas, {done.follow_ups_moved} "
                    f"seguimientos y {done.visits_moved} visitas planificadas pasan a "
                    f"{to_user.get_full_name()}.",
                )
                return redirect("companies:handover")
        preview = portfolio_of(from_user)
    return render(
        request,
        "companies/handover.html",
        {
            "form": form,
            "preview": preview,
            "history": PortfolioHandover.objects.select_related("from_user", "to_user", "done_by")[
                :20
            ],
        },
    )
