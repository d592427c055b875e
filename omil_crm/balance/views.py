"""The park's balance page: the park's totals and a row per company, for a chosen period."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from companies.models import IndustrialPark
from omil_crm.balance.links import figure_links
from omil_crm.balance.periods import CHOICES, balance_period
from omil_crm.balance.selectors import give_and_get


@permission_required("companies.view_company", raise_exception=True)
def park_balance(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(IndustrialPark, pk=pk)
    chosen = balance_period(request.GET)
    balance = give_and_get(period=chosen.period, park=park)
    rows = [
        (row, figure_links(request.user, chosen.period, company_id=row.company.pk))
        for row in balance.rows
    ]
    context = {
        "park": park,
        "balance": balance,
        "rows": rows,
        "chosen": chosen,
        "choices": CHOICES,
        "links": figure_links(request.user, chosen.period, park_id=park.pk),
    }
    return render(request, "omil_crm/balance/park_balance.html", context)
