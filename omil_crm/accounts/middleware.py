"""What every request passes through once signed in: the second factor, the Alcaldía kept in
the admin, and signed-in pages kept out of caches."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from omil_crm.accounts import two_factor
from omil_crm.accounts.roles import is_only_alcaldia

# Pages a signed-in person may open before the code step: signing in and out, the step
# itself, the password-reset pages, the health check and the installable app's files.
ALWAYS_OPEN = {
    "login",
    "logout",
    "health",
    "web_manifest",
    "service_worker",
    "offline_page",
    "admin_login_redirect",
    "admin:login",
    "admin:logout",
    "accounts:two_factor_verify",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}


class TwoFactorMiddleware:
    """With OMIL_REQUIRE_2FA on, no page opens before the second factor: a user with a phone
    app is sent to the code step, one of the roles that need it without an app is sent to
    set one up. Static files never reach here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not two_factor.is_required():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or two_factor.is_verified(user):
            return None
        view_name = request.resolver_match.view_name
        if view_name in ALWAYS_OPEN:
            return None
        if two_factor.has_device(user):
            return self._send_to("accounts:two_factor_verify", request)
        if two_factor.applies_to(user) and view_name != "accounts:two_factor_setup":
            return self._send_to("accounts:two_factor_setup", request)
        return None

    @staticmethod
    def _send_to(url_name, request):
        after = request.get_full_path() if request.method == "GET" else reverse("home")
        return redirect_to_login(after, reverse(url_name))


# What a mayor's-office account may open outside the admin.
ALCALDIA_ALLOWED = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "health",
    "admin_login_redirect",
}


class AlcaldiaStaysInAdminMiddleware:
    """The Alcaldía flags companies in the admin and uses no staff page: the home page sends
    it to its flags and every other staff page answers 403, whatever permissions it gains."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not is_only_alcaldia(user):
            return None
        match = request.resolver_match
        if match.namespace == "admin" or match.view_name in ALCALDIA_ALLOWED:
            return None
        if match.view_name == "home":
            return redirect("admin:companies_companyflag_changelist")
        raise PermissionDenied


class PrivateResponsesMiddleware:
    """Nothing a signed-in person is shown may be kept by a browser or a proxy cache.

    People, evaluations, the inbox, exports with RUTs: almost every staff page carries personal
    data, so the safe default is the whole signed-in site. `no-store` keeps the page off the
    disk of a shared office computer (and out of its back button after signing out);
    `private` keeps any cache between here and the browser from holding it (Django's never-cache
    headers say both). A view that knows its answer is harmless sets its own Cache-Control,
    which is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
