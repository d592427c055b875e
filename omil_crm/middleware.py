from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

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
