"""Job-readiness workshops (talleres de apresto) and who attended them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from omil_crm.base.filtering import parse_search
from omil_crm.base.formtools import add_service_errors
from vacancies import programme_services, selectors
from vacancies.filters import WorkshopFilter, search_people
from vacancies.forms import WorkshopForm
from vacancies.models import JobSeeker, Workshop
from vacancies.views.common import list_context, posted

PEOPLE_SHOWN = 20


@permission_required("vacancies.view_workshop", raise_exception=True)
def workshop_list(request: HttpRequest) -> HttpResponse:
    workshops = WorkshopFilter(request.GET or None, queryset=selectors.workshop_list_queryset())
    context = list_context(request, workshops)
    attendance = selectors.attendance_total(workshops.qs)
    context["attendance_text"] = f"{attendance} asistencia{'' if attendance == 1 else 's'}"
    return render(request, "vacancies/workshop_list.html", context)


@permission_required("vacancies.add_workshop", raise_exception=True)
def workshop_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(posted(request), initial={"facilitator": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            workshop = programme_services.workshop_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Taller «{workshop.topic}» registrado.")
            return redirect("vacancies:workshop_detail", pk=workshop.pk)
    return render(request, "vacancies/workshop_form.html", {"form": form})


@permission_required("vacancies.change_workshop", raise_exception=True)
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(Workshop, pk=pk)
    form = WorkshopForm(posted(request), instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.workshop_update(workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Se guardaron los datos del taller.")
            return redirect("vacancies:workshop_detail", pk=workshop.pk)
    return render(request, "vacancies/workshop_form.html", {"form": form, "workshop": workshop})


@permission_required("vacancies.view_workshop", raise_exception=True)
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        workshop = selectors.workshop_page(pk)
    except Workshop.DoesNotExist as missing:
        raise Http404("Taller inexistente") from missing
    context = {"workshop": workshop, "q": parse_search(request.GET.get("q"))}
    if request.user.has_perm("vacancies.change_workshop") and context["q"]:
        found = search_people(selectors.attendee_candidates(workshop), context["q"])
        context["found"] = list(found[:PEOPLE_SHOWN])
    return render(request, "vacancies/workshop_detail.html", context)


@require_POST
@permission_required("vacancies.change_workshop", raise_exception=True)
def workshop_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (or with `remove`, take off) one person from the attendance."""
    workshop = get_object_or_404(Workshop, pk=pk)
    person_id = request.POST.get("job_seeker", "")
    person = JobSeeker.objects.filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if person is None:
        messages.error(request, "Elija a la persona.")
        return redirect("vacancies:workshop_detail", pk=pk)
    try:
        if request.POST.get("remove"):
            programme_services.workshop_remove_attendee(workshop=workshop, job_seeker=person)
            messages.success(request, f"Se quitó a {person.full_name} de la asistencia.")
        else:
            programme_services.workshop_add_attendee(workshop=workshop, job_seeker=person)
            messages.success(request, f"Asistencia de {person.full_name} registrada.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("vacancies:workshop_detail", pk=pk)
