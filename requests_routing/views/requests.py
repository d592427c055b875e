from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.history import CHANGE_HISTORY_PERMISSION
from companies.models import Company, Visit
from companies.selectors import (
    PICKER_LIMIT,
    PICKER_MAX_LENGTH,
    CompanyMatches,
    company_picker_search,
)
from omil_crm.base.formtools import add_service_errors, int_param, paginate_filtered
from requests_routing import services
from requests_routing.filters import ServiceRequestFilter
from requests_routing.forms import (
    NoteForm,
    ReassignForm,
    ServiceRequestForm,
    StatusChangeForm,
    status_hints,
)
from requests_routing.models import ServiceRequest
from requests_routing.selectors import (
    request_change_history,
    request_list_queryset,
    request_list_rows,
    request_page,
)


@permission_required("requests_routing.add_servicerequest", raise_exception=True)
def request_create(request: HttpRequest) -> HttpResponse:
    """Register a request by hand (phone, meeting) or straight from a visit; without a known
    company, first the picker to choose it."""
    company_id = int_param(request, "empresa")
    company = Company.objects.filter(pk=company_id).first() if company_id else None
    if company is None:
        asked_for = request.GET.get("empresa") or request.POST.get("empresa")
        return _company_picker(request, unknown_company=bool(asked_for))
    visit_id = int_param(request, "visita")
    visit = Visit.objects.filter(pk=visit_id, company=company).first() if visit_id else None
    initial = {"channel": ServiceRequest.Channel.VISIT if visit else ServiceRequest.Channel.PHONE}
    if visit is not None:
        initial["description"] = visit.needs_detected
        initial["contact"] = visit.contacts.first()
    form = ServiceRequestForm(request.POST or None, company=company, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.service_request_create(
                company=company, created_by=request.user, origin_visit=visit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Solicitud {created.reference} registrada y derivada a {created.department}; "
                f"plazo: {created.due_date:%d-%m-%Y}.",
            )
            return redirect("companies:detail", pk=company.pk)
    return render(
        request,
        "requests_routing/request_form.html",
        {"form": form, "company": company, "visit": visit},
    )


def _picker_rows(matches: CompanyMatches) -> list[dict]:
    create_url = reverse("requests_routing:request_create")
    rows = []
    for company in matches.companies:
        detail = [company.legal_name] if company.trade_name else []
        detail.append(company.rut_display or "sin RUT")
        if company.park:
            detail.append(company.park.name)
        rows.append(
            {
                "id": company.pk,
                "name": str(company),
                "detail": " · ".join(detail),
                "url": f"{create_url}?empresa={company.pk}",
            }
        )
    return rows


def _picker_message(query: str, matches: CompanyMatches) -> str:
    if matches.too_short:
        return "Escriba al menos dos letras del nombre o tres números del RUT."
    if not matches.companies:
        return f"Ninguna empresa vigente coincide con «{query.strip()[:PICKER_MAX_LENGTH]}»."
    if matches.more:
        return f"Se muestran las primeras {PICKER_LIMIT}: escriba más para acotar."
    return f"{len(matches.companies)} empresa(s): elija una."


def _company_picker(request: HttpRequest, *, unknown_company: bool) -> HttpResponse:
    query = request.GET.get("q", "")
    matches = company_picker_search(query) if query.strip() else None
    return render(
        request,
        "requests_routing/company_picker.html",
        {
            "query": query[:PICKER_MAX_LENGTH],
            "rows": _picker_rows(matches) if matches else [],
            "message": _picker_message(query, matches) if matches else "",
            "unknown_company": unknown_company,
        },
    )


@permission_required("requests_routing.add_servicerequest", raise_exception=True)
def request_company_search(request: HttpRequest) -> JsonResponse:
    """The picker's matches as JSON, for the page's script (at most PICKER_LIMIT)."""
    query = request.GET.get("q", "")
    matches = company_picker_search(query)
    return JsonResponse(
        {
            "results": _picker_rows(matches),
            "more": matches.more,
            "message": _picker_message(query, matches),
        }
    )


@permission_required("requests_routing.view_servicerequest", raise_exception=True)
def request_list(request: HttpRequest) -> HttpResponse:
    request_filter = ServiceRequestFilter(request.GET or None, queryset=request_list_queryset())
    page = paginate_filtered(request, request_filter, rows=request_list_rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests_routing/request_list.html",
        {
            "filter": request_filter,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _render_detail(
    request: HttpRequest, pk: int, *, status_form: StatusChangeForm | None = None
) -> HttpResponse:
    try:
        service_request = request_page(pk)
    except ServiceRequest.DoesNotExist as missing:
        raise Http404("Solicitud inexistente") from missing
    allowed = services.NEXT_STATUSES[service_request.status]
    if status_form is None and allowed:
        status_form = StatusChangeForm(allowed=allowed)
    context = {
        "sr": service_request,
        "status_form": status_form,
        "status_hints": status_hints(allowed=allowed, department=service_request.department),
        "note_form": NoteForm(),
        "reassign_form": ReassignForm(initial={"owner": service_request.owner_id}),
        "today": timezone.localdate(),
        "now": timezone.now(),
        "can_remind": services.may_remind_department(service_request),
    }
    if request.user.has_perm(CHANGE_HISTORY_PERMISSION):
        context["change_history"] = request_change_history(service_request)
    return render(request, "requests_routing/request_detail.html", context)


@permission_required("requests_routing.view_servicerequest", raise_exception=True)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _action(request: HttpRequest, pk: int, act) -> HttpResponse:
    """Run one change on a request, reporting the service's refusal as a message."""
    service_request = get_object_or_404(ServiceRequest, pk=pk)
    try:
        message = act(service_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("requests_routing:request_detail", pk=pk)


@require_POST
@permission_required("requests_routing.change_servicerequest", raise_exception=True)
def request_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_object_or_404(ServiceRequest, pk=pk)
    form = StatusChangeForm(request.POST, allowed=services.NEXT_STATUSES[service_request.status])
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] == ServiceRequest.Status.ROUTED:
                services.service_request_route(
                    request=service_request, actor=request.user, note=data["note"]
                )
            else:
                services.service_request_change_status(
                    request=service_request,
                    status=data["status"],
                    actor=request.user,
                    note=data["note"],
                    duplicate_of=data.get("duplicate_of"),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = ServiceRequest.Status(data["status"]).label.lower()
            messages.success(request, f"Solicitud {service_request.reference}: {label}.")
            return redirect("requests_routing:request_detail", pk=pk)
    # The errors are shown next to their fields, with what was typed kept.
    return _render_detail(request, pk, status_form=form)


@require_POST
@permission_required("requests_routing.change_servicerequest", raise_exception=True)
def request_remind(request: HttpRequest, pk: int) -> HttpResponse:
    def act(sr):
        services.service_request_remind_department(request=sr, actor=request.user)
        return f"Se reenvió la derivación a {sr.department}."

    return _action(request, pk, act)


@require_POST
@permission_required("requests_routing.add_requestevent", raise_exception=True)
def request_add_note(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)

    def act(sr):
        if not form.is_valid():
            raise ValidationError("Escriba la nota.")
        public = form.cleaned_data["public"]
        services.service_request_add_note(
            request=sr, actor=request.user, text=form.cleaned_data["text"], public=public
        )
        return "Nota agregada; la empresa la ve en el portal." if public else "Nota agregada."

    return _action(request, pk, act)


@require_POST
@permission_required("requests_routing.change_servicerequest", raise_exception=True)
def request_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReassignForm(request.POST)

    def act(sr):
        if not form.is_valid():
            raise ValidationError("Elija un responsable.")
        person = form.cleaned_data["owner"]
        services.service_request_reassign(request=sr, owner=person, actor=request.user)
        return f"Ahora responde {person.get_full_name()}."

    return _action(request, pk, act)
