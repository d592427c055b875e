"""A company's requests on the portal: its list, one request's public page, filing a new one
and commenting on an open one. Every request is looked up through the visitor's company:
another company's reference answers 404, as one that does not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import add_service_errors, paginate
from omil_crm.portal.access import portal_view
from omil_crm.portal.request_forms import CommentForm, PortalRequestForm
from requests_routing import attachment_safety, portal_intake, public, surveys
from requests_routing.models import EmailAttachment, ServiceRequest
from requests_routing.survey_forms import SurveyAnswerForm
from requests_routing.survey_models import ResolutionSurvey

PER_PAGE = 20
STATES = {"": "Todas", "abiertas": "Abiertas", "cerradas": "Cerradas"}


def _own_request(request: HttpRequest, reference: str) -> ServiceRequest:
    try:
        return public.company_request(request.portal.company, reference)
    except ServiceRequest.DoesNotExist as missing:
        raise Http404("Solicitud inexistente") from missing


@portal_view
def request_list(request: HttpRequest) -> HttpResponse:
    visitor = request.portal
    state = request.GET.get("estado", "")
    if state not in STATES:
        state = ""
    page = paginate(request, public.company_requests(visitor.company, state), per_page=PER_PAGE)
    return render(
        request,
        "portal/request_list.html",
        {
            "visitor": visitor,
            "page": page,
            "state": state,
            "states": STATES,
            "query": f"estado={state}" if state else "",
            "pending": public.pending_filings(visitor.company),
        },
    )


def _render_detail(
    request: HttpRequest,
    service_request: ServiceRequest,
    *,
    comment_form=None,
    survey_form=None,
    status=200,
) -> HttpResponse:
    survey = public.pending_survey(service_request)
    context = {
        "visitor": request.portal,
        "sr": service_request,
        "timeline": public.public_timeline(service_request),
        "attachments": public.company_attachments(service_request),
        "comment_form": comment_form or CommentForm(),
        "survey": survey,
        "survey_form": (survey_form or SurveyAnswerForm()) if survey else None,
    }
    return render(request, "portal/request_detail.html", context, status=status)


@portal_view
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_detail(request, _own_request(request, reference))


@require_POST
@portal_view
def request_comment(request: HttpRequest, reference: str) -> HttpResponse:
    service_request = _own_request(request, reference)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            portal_intake.portal_request_comment(
                request=service_request,
                contact=request.portal.contact,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Comentario enviado a la OMIL.")
            return redirect(_detail_url(service_request, "linea-de-tiempo"))
    return _render_detail(request, service_request, comment_form=form, status=400)


def _detail_url(service_request: ServiceRequest, anchor: str) -> str:
    return reverse("portal:request_detail", args=[service_request.reference]) + f"#{anchor}"


@require_POST
@portal_view
def request_survey(request: HttpRequest, reference: str) -> HttpResponse:
    """«¿Quedó resuelto?» answered on the portal, through the survey's own service (a «No»
    reopens the request for the Administrativa)."""
    service_request = _own_request(request, reference)
    survey = public.pending_survey(service_request)
    if survey is None:
        messages.error(request, "Esta solicitud no tiene una encuesta por responder.")
        return redirect(_detail_url(service_request, "linea-de-tiempo"))
    form = SurveyAnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = surveys.survey_answer(
                survey=survey,
                via=ResolutionSurvey.Via.PORTAL,
                contact=request.portal.contact,
                **form.service_arguments(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "Gracias por responder."
            if not answered.resolved:
                done += " La OMIL retoma la solicitud con su comentario."
            messages.success(request, done)
            return redirect(_detail_url(service_request, "linea-de-tiempo"))
    return _render_detail(request, service_request, survey_form=form, status=400)


@portal_view
def request_new(request: HttpRequest) -> HttpResponse:
    # An empty POST is a submission too: refused with its errors, not shown as a new form.
    posted = request.method == "POST"
    form = PortalRequestForm(request.POST, request.FILES) if posted else PortalRequestForm()
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            filing = portal_intake.portal_request_file(contact=request.portal.contact, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            held = [file.filename for file in filing.attachments.all() if file.is_dangerous]
            done = (
                f"Recibimos «{filing.subject}». La OMIL la revisa y le avisa por correo la "
                "referencia y el plazo."
            )
            if held:
                done += f" Por seguridad no se reenviará: {', '.join(held)}."
            messages.success(request, done)
            return redirect("portal:requests")
    return render(
        request,
        "portal/request_new.html",
        {"visitor": request.portal, "form": form},
        status=400 if form.errors else 200,
    )


@portal_view
def request_attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A file the company filed; always a download, never shown inline. Held files (see
    attachment_safety) are not handed out again."""
    try:
        attachment = public.company_attachment(request.portal.company, reference, pk)
    except EmailAttachment.DoesNotExist as missing:
        raise Http404("Archivo inexistente") from missing
    if attachment.is_dangerous:
        raise Http404("Archivo retenido")
    return attachment_safety.download_response(attachment)
