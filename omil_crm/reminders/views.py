"""The Encargado's page of periodic jobs: when each one last ran and how it ended."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omil_crm.reminders.jobs import job_rows


@permission_required("omil_crm.view_periodicjobrun", raise_exception=True)
def periodic_jobs(request: HttpRequest) -> HttpResponse:
    return render(request, "omil_crm/periodic_jobs.html", {"jobs": job_rows()})
