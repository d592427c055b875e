"""The inbox: the Administrativa turns each new email into a request, joins it to one, or
sets it aside."""

import nh3
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import add_service_errors, paginate
from requests_routing import attachment_safety, services
from requests_routing.forms import AttachForm, DismissForm, TriageRequestForm
from requests_routing.models import EmailAttachment, InboundEmail
from requests_routing.selectors import inbox_list_rows, open_requests_to_suggest
from requests_routing.triage_hints import keyword_hits

State = InboundEmail.TriageState
CREATE_PERMISSIONS = (
    "requests_routing.change_inboundemail",
    "requests_routing.add_servicerequest",
)
CREATE_AND_ROUTE_PERMISSIONS = (*CREATE_PERMISSIONS, "requests_routing.change_servicerequest")
TABS = {
    "nuevos": (State.NEW, "Por revisar"),
    "fallidos": (State.FAILED, "No se pudieron leer"),
    "revisados": (None, "Revisados"),
}


def inbox_queryset(tab: str):
    state, _label = TABS[tab]
    dangerous = EmailAttachment.objects.filter(email=OuterRef("pk")).exclude(danger="")
    queryset = (
        InboundEmail.objects.select_related(
            "matched_company",
            "matched_contact",
            "suggested_category",
            "service_request",
            "suggested_request",
        )
        .defer("raw", "html_body")
        .annotate(has_dangerous_attachment=Exists(dangerous))
    )
    if state is None:
        return queryset.exclude(triage_state__in=[State.NEW, State.FAILED]).order_by(
            "-triaged_at", "-pk"
        )
    return queryset.filter(triage_state=state).order_by("received_at", "pk")


@permission_required("requests_routing.view_inboundemail", raise_exception=True)
def inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("ver", "nuevos")
    if tab not in TABS:
        tab = "nuevos"
    page = paginate(request, inbox_queryset(tab), per_page=50, rows=inbox_list_rows)
    counts = {
        "nuevos": InboundEmail.objects.filter(triage_state=State.NEW).count(),
        "fallidos": InboundEmail.objects.filter(triage_state=State.FAILED).count(),
    }
    return render(
        request,
        "requests_routing/inbox.html",
        {
            "page": page,
            "tab": tab,
            "tabs": TABS,
            "counts": counts,
            "query": f"ver={tab}",
            "dismiss_form": DismissForm(),
        },
    )


def matched_keywords(email: InboundEmail) -> list[str]:
    if email.suggested_category is None:
        return []
    text = email.text_with_forwarded()
    return list(keyword_hits(email.suggested_category, subject=email.subject, text=text))


@permission_required("requests_routing.view_inboundemail", raise_exception=True)
def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(
        InboundEmail.objects.select_related(
            "matched_company",
            "matched_contact",
            "suggested_category",
            "service_request",
            "suggested_request",
        ).prefetch_related("attachments", "forwarded_messages__attachments"),
        pk=pk,
    )
    initial = {
        "company": email.matched_company_id,
        "contact": email.matched_contact_id,
        "category": email.suggested_category_id,
        "subject": (email.subject or "Solicitud por correo")[:200],
        "description": email.text_with_forwarded(),
        "place": email.place,
    }
    request_form = TriageRequestForm(request.POST or None, email=email, initial=initial)
    if request.method == "POST":
        # Reading the email is not enough to act on it: creating (and routing) needs the
        # permissions of whoever triages.
        and_route = "derivar" in request.POST
        needed = [CREATE_PERMISSIONS, CREATE_AND_ROUTE_PERMISSIONS][and_route]
        if not request.user.has_perms(needed):
            raise PermissionDenied
    if request.method == "POST" and email.triage_state != State.NEW:
        messages.error(request, "Este correo ya fue revisado por otra persona.")
        return redirect("requests_routing:email_detail", pk=email.pk)
    # The other actions post to their own addresses; this page's POST creates the request.
    if request.method == "POST" and request_form.is_valid():
        create = (
            services.inbound_email_create_and_route_request
            if and_route
            else services.inbound_email_create_request
        )
        try:
            created = create(email=email, actor=request.user, **request_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(request_form, error)
        else:
            if and_route:
                done = (
                    f"Solicitud {created.reference} creada y derivada a {created.department}; "
                    f"plazo: {created.due_date:%d-%m-%Y}."
                )
            else:
                done = f"Solicitud {created.reference} creada; derívela cuando esté lista."
            messages.success(request, done)
            return redirect("requests_routing:request_detail", pk=created.pk)
    following = (
        inbox_queryset("nuevos")
        .exclude(pk=email.pk)
        .filter(received_at__gte=email.received_at)
        .first()
    )
    return render(
        request,
        "requests_routing/email_detail.html",
        {
            "email": email,
            "forwarded_messages": email.forwarded_messages.all(),
            "safe_html": nh3.clean(email.html_body) if email.html_body else "",
            "keywords": matched_keywords(email),
            "request_form": request_form,
            "attach_form": AttachForm(),
            "open_requests": open_requests_to_suggest(email)
            if email.triage_state == State.NEW
            else [],
            "dismiss_form": DismissForm(),
            "following": following,
        },
    )


@require_POST
@permission_required("requests_routing.change_inboundemail", raise_exception=True)
def email_attach(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(InboundEmail, pk=pk)
    form = AttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reference"]))
        return redirect("requests_routing:email_detail", pk=pk)
    try:
        services.inbound_email_attach(
            email=email, request=form.cleaned_data["reference"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("requests_routing:email_detail", pk=pk)
    messages.success(request, f"Correo agregado a {form.cleaned_data['reference'].reference}.")
    return redirect("requests_routing:inbox")


@require_POST
@permission_required("requests_routing.change_inboundemail", raise_exception=True)
def emails_dismiss(request: HttpRequest) -> HttpResponse:
    """Not a request: one email from its page, or many ticked in the queue."""
    form = DismissForm(request.POST)
    ids = [int(value) for value in request.POST.getlist("emails") if value.isdigit()]
    if not ids:
        messages.error(request, "Marque al menos un correo.")
        return redirect("requests_routing:inbox")
    if not form.is_valid():
        messages.error(request, "Indique por qué no son solicitudes.")
        return redirect("requests_routing:inbox")
    count = services.inbound_emails_dismiss(
        emails=InboundEmail.objects.filter(pk__in=ids),
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, f"{count} correo(s) marcados como «no es solicitud».")
    return redirect("requests_routing:inbox")


@permission_required("requests_routing.change_inboundemail", raise_exception=True)
def email_original(request: HttpRequest, pk: int) -> HttpResponse:
    """The message exactly as received, for a mail that could not be read here."""
    email = get_object_or_404(InboundEmail, pk=pk)
    response = HttpResponse(bytes(email.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="correo-{email.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("requests_routing.view_emailattachment", raise_exception=True)
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments come from strangers: always a download, never shown inline."""
    attachment = get_object_or_404(EmailAttachment, pk=pk)
    return attachment_safety.download_response(attachment)
