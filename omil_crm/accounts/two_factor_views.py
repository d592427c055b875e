"""The pages of two-factor sign-in: set-up, the code step after the password, and new
recovery codes. Their answers carry secrets, so none is ever cached."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from omil_crm.accounts import two_factor
from omil_crm.accounts.forms import CodeForm, SetupCodeForm
from omil_crm.base.formtools import add_service_errors


def _next_url(request) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _mark_verified(request, device):
    # A new session key once the second factor is given, like after the password.
    request.session.cycle_key()
    otp_login(request, device)


def _codes_page(request, codes, *, first_time: bool) -> HttpResponse:
    context = {"codes": codes, "first_time": first_time, "next": _next_url(request)}
    return render(request, "accounts/two_factor_codes.html", context)


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_device(user):
        if two_factor.applies_to(user):
            setup = reverse("accounts:two_factor_setup")
            return redirect(f"{setup}?{request.GET.urlencode()}" if request.GET else setup)
        return redirect("home")
    if two_factor.is_verified(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify_code(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"Ingresó con un código de recuperación; le quedan {left}. Si perdió el "
                    "teléfono, avise a un superusuario para configurar uno nuevo.",
                )
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), "two_factor_step": True}
    return render(request, "accounts/two_factor_verify.html", context)


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.applies_to(user):
        raise PermissionDenied("La verificación en dos pasos es para la Psicóloga y el Encargado.")
    device = two_factor.phone_device(user)
    replacing = request.GET.get("nuevo") == "1" or request.POST.get("nuevo") == "1"
    if device is not None and not replacing:
        context = {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user),
            "verified": two_factor.is_verified(user),
        }
        return render(request, "accounts/two_factor_status.html", context)
    if device is not None and not two_factor.is_verified(user):
        return redirect("accounts:two_factor_verify")
    key = request.session.get(two_factor.SETUP_KEY_SESSION)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST":
        if not key:
            messages.error(
                request, "La configuración venció: escanee el código que se muestra ahora."
            )
            return redirect(request.get_full_path())
        if form.is_valid():
            try:
                device, codes = two_factor.confirm_setup(
                    user=user, key_hex=key, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                del request.session[two_factor.SETUP_KEY_SESSION]
                _mark_verified(request, device)
                return _codes_page(request, codes, first_time=True)
    if not key:
        key = two_factor.new_setup_key()
        request.session[two_factor.SETUP_KEY_SESSION] = key
    context = {
        "form": form,
        "setup": two_factor.provisioning(user, key),
        "next": _next_url(request),
        "replacing": replacing,
        "two_factor_step": device is None and two_factor.is_required(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@require_POST
def two_factor_new_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.applies_to(user):
        raise PermissionDenied("La verificación en dos pasos es para la Psicóloga y el Encargado.")
    if not two_factor.has_device(user):
        return redirect("accounts:two_factor_setup")
    if not two_factor.is_verified(user):
        return redirect("accounts:two_factor_verify")
    return _codes_page(request, two_factor.new_recovery_codes(user), first_time=False)
