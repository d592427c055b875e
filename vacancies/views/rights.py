"""A job seeker's rights under Ley 21.719, answered by the Encargado: access (a readable
page), portability (a JSON file) and erasure.

Showing and downloading the data change nothing but the evaluations' read log; handing them
over is recorded in the register by an explicit POST («Registrar entrega»)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from vacancies import people_services, selectors
from vacancies.filters import DataRequestFilter
from vacancies.forms import DataDeliveryForm, EraseForm
from vacancies.models import DataSubjectRequest, Placement
from vacancies.views.common import active_person, list_context, posted

Kind = DataSubjectRequest.Kind


@permission_required("vacancies.export_jobseeker", raise_exception=True)
def data_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    form = DataDeliveryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        kind = Kind(form.cleaned_data["kind"])
        try:
            people_services.data_request_record(
                job_seeker=person, kind=kind, handled_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Se registró la entrega a {person.full_name}: {kind.label.lower()}.",
            )
            return redirect("vacancies:data_requests")
    data = selectors.personal_data(person, generated_by=request.user)
    people_services.personal_data_record_read(job_seeker=person, reader=request.user)
    context = {"person": person, "data": data, "form": form}
    return render(request, "vacancies/data_access.html", context)


@permission_required("vacancies.export_jobseeker", raise_exception=True)
def data_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    data = selectors.personal_data(person, generated_by=request.user)
    people_services.personal_data_record_read(job_seeker=person, reader=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="datos-persona-{person.pk}-{stamp}.json"'
    )
    return response


@permission_required("vacancies.erase_jobseeker", raise_exception=True)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            people_services.job_seeker_erase(job_seeker=person, erased_by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Se eliminaron los datos personales de la persona N.º {person.pk}. "
                "Sus derivaciones y colocaciones se conservan sin datos personales.",
            )
            return redirect("vacancies:data_requests")
    context = {
        "person": person,
        "form": form,
        "evaluations": person.evaluations.count(),
        "referrals": person.referrals.count(),
        "placements": Placement.objects.filter(referral__job_seeker=person).count(),
    }
    return render(request, "vacancies/erase_confirm.html", context)


@permission_required("vacancies.view_datasubjectrequest", raise_exception=True)
def data_requests(request: HttpRequest) -> HttpResponse:
    register = DataRequestFilter(
        request.GET or None, queryset=selectors.data_request_list_queryset()
    )
    return render(request, "vacancies/data_requests.html", list_context(request, register))
