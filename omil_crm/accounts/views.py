"""The Encargado's «Equipo» page: the staff accounts, their roles and their access."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from omil_crm.accounts import services
from omil_crm.accounts.forms import MemberCreateForm, MemberEditForm
from omil_crm.accounts.roles import person_name
from omil_crm.base.formtools import add_service_errors, paginate

manage_team_required = permission_required(services.MANAGE_TEAM, raise_exception=True)


def _member_or_404(request, pk: int):
    member = services.member_for(request.user, pk)
    if member is None:
        raise Http404("No existe esa cuenta.")
    return member


def _name(member) -> str:
    return person_name(member)


@manage_team_required
def team_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, services.team_members())
    rows = [{"member": member, "role": services.role_of(member)} for member in page]
    return render(request, "accounts/team_list.html", {"page": page, "rows": rows})


@manage_team_required
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if services.send_reset_link(member, requested_by=request.user):
                messages.success(
                    request,
                    f"Se creó la cuenta de {_name(member)} y se envió a {member.email} el "
                    "enlace para elegir su contraseña.",
                )
            else:
                messages.warning(
                    request,
                    f"Se creó la cuenta de {_name(member)}, pero no se pudo enviar el correo. "
                    "Use «Enviar enlace para cambiar la clave» más tarde.",
                )
            return redirect("accounts:team_list")
    return render(request, "accounts/member_form.html", {"form": form, "member": None})


@manage_team_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request, pk)
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "role": services.role_of(member),
    }
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Se guardaron los datos de {_name(member)}.")
            return redirect("accounts:team_list")
    return render(request, "accounts/member_form.html", {"form": form, "member": member})


def _act(request, pk: int, operation, done: str) -> HttpResponse:
    member = _member_or_404(request, pk)
    try:
        operation(actor=request.user, member=member)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done.format(name=_name(member), email=member.email))
    return redirect("accounts:team_list")


@require_POST
@manage_team_required
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.member_deactivate,
        "Se desactivó la cuenta de {name}: ya no puede ingresar.",
    )


@require_POST
@manage_team_required
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.member_reactivate, "Se reactivó la cuenta de {name}.")


@require_POST
@manage_team_required
def member_send_reset(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request, pk)
    try:
        sent = services.member_send_reset_link(actor=request.user, member=member)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if sent:
            messages.success(
                request,
                f"Se envió a {member.email} un enlace para que {_name(member)} elija una "
                "contraseña nueva.",
            )
        else:
            messages.error(request, "No se pudo enviar el correo. Intente de nuevo más tarde.")
    return redirect("accounts:team_list")
