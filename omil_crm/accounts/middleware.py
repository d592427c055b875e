from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from omil_crm.accounts import two_factor

# Pages a signed-in person may open before the code step: signing in and out, the step
# itself, the password-reset pages and the health check.
ALWAYS_OPEN = {
    "login",
    "logout",
    "health",
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
