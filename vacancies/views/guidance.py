"""Job guidance sessions (orientación laboral), individual or in a group."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from omil_crm.base.filtering import parse_search
from omil_crm.base.formtools import add_service_errors, int_param
from vacancies import guidance_selectors as selectors
from vacancies import guidance_services as services
from vacancies.guidance_filters import GuidanceFilter
from vacancies.guidance_forms import PICKER_LIMIT, GuidanceForm
from vacancies.guidance_models import GuidanceSession
from vacancies.models import JobSeeker
from vacancies.views.common import list_context, people_text, posted


@permission_required("vacancies.view_guidancesession", raise_exception=True)
def guidance_list(request: HttpRequest) -> HttpResponse:
    sessions = GuidanceFilter(request.GET or None, queryset=selectors.guidance_list_queryset())
    context = list_context(request, sessions)
    context["people"] = selectors.guided_people(sessions.qs)
    context["people_text"] = people_text(context["people"])
    return render(request, "vacancies/guidance_list.html", context)


def _render_form(request, form: GuidanceForm, session=None) -> HttpResponse:
    query = parse_search(request.GET.get("q"))
    matches = selectors.picker_matches(query)
    form.show_people(matches)
    context = {
        "form": form,
        "session": session,
        "q": query,
        "capped": matches[PICKER_LIMIT : PICKER_LIMIT + 1].exists(),
        "limit": PICKER_LIMIT,
    }
    return render(request, "vacancies/guidance_form.html", context)


@permission_required("vacancies.add_guidancesession", raise_exception=True)
def guidance_create(request: HttpRequest) -> HttpResponse:
    initial = {"staff": request.user.pk, "mode": GuidanceSession.Mode.GROUP}
    person_id = int_param(request, "persona")
    person = JobSeeker.objects.referable().filter(pk=person_id).first() if person_id else None
    if person:
        initial.update(mode=GuidanceSession.Mode.INDIVIDUAL, participants=[person.pk])
    form = GuidanceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.guidance_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sesión de orientación laboral registrada.")
            return redirect("vacancies:guidance_detail", pk=session.pk)
    return _render_form(request, form)


@permission_required("vacancies.change_guidancesession", raise_exception=True)
def guidance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(GuidanceSession, pk=pk)
    initial = {"participants": list(session.participants.values_list("pk", flat=True))}
    form = GuidanceForm(posted(request), instance=session, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guidance_update(session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Se guardaron los datos de la sesión.")
            return redirect("vacancies:guidance_detail", pk=session.pk)
    return _render_form(request, form, session)


@permission_required("vacancies.view_guidancesession", raise_exception=True)
def guidance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.guidance_page(pk)
    except GuidanceSession.DoesNotExist as missing:
        raise Http404("Sesión inexistente") from missing
    return render(request, "vacancies/guidance_detail.html", {"session": session})
