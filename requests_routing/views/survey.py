"""The public page the survey email links to: keyed by the link's token, nothing else.

It never signs anyone in and shows only the request's reference, subject and resolution
note. A GET only shows the form (mail scanners open every link); the POST answers.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from omil_crm.base.formtools import add_service_errors
from requests_routing import surveys
from requests_routing.survey_forms import ANSWERS, SurveyAnswerForm
from requests_routing.views.survey_pages import closed_page, unknown_page


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    found = surveys.survey_by_token(token)
    if found is None:
        return unknown_page(request)
    refusal = surveys.survey_refusal(found)
    if refusal:
        return closed_page(request, found, refusal)
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST)
        if form.is_valid():
            try:
                answered = surveys.survey_answer(
                    survey=found, via="correo", **form.service_arguments()
                )
            except ValidationError as error:
                if error.code == "closed":
                    return closed_page(request, found, error.messages[0])
                add_service_errors(form, error)
            else:
                return render(
                    request,
                    "requests_routing/survey_thanks.html",
                    {"sr": answered.request, "survey": answered},
                )
    else:
        answer = request.GET.get("respuesta", "")
        form = SurveyAnswerForm(initial={"answer": answer} if answer in dict(ANSWERS) else {})
    return render(
        request,
        "requests_routing/survey_form.html",
        {
            "sr": found.request,
            "survey": found,
            "resolution_note": found.resolution_event.text,
            "form": form,
        },
    )
