"""Django's password-reset flow with our forms, Spanish pages and links that name our site.

The same link serves a new colleague choosing a first password and anyone who forgot theirs;
the pages work without a session (LoginRequiredMiddleware lets them through).
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse_lazy

from omil_crm.accounts.forms import ResetRequestForm

reset_request = login_not_required(
    auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm,
        template_name="accounts/password_reset_form.html",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
reset_confirm = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
