"""The Encargado's dashboard and the monthly report (read-only)."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

DASHBOARD_PERMISSION = "omil_crm.view_dashboard"


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "omil_crm/dashboard.html", {})


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def monthly_report(request: HttpRequest) -> HttpResponse:
    return render(request, "omil_crm/monthly_report.html", {})


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def monthly_report_xlsx(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"", content_type="application/octet-stream")
