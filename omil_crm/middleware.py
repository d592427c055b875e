from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from omil_crm.roles import is_only_alcaldia

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
        if match.namespace == "admin" or match.url_name in ALCALDIA_ALLOWED:
            return None
        if match.url_name == "home":
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
