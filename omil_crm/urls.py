from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from omil_crm.base import offline, views
from omil_crm.calendar import views as calendar_views
from omil_crm.dashboard import views as dashboard_views
from omil_crm.reminders import views as jobs_views

admin.site.site_header = "OMIL CRM — administración"
admin.site.site_title = "OMIL CRM"
admin.site.index_title = "Administración"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("ingresar/", auth_views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "clave/cambiar/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "clave/cambiada/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("notificaciones/", views.notifications, name="notifications"),
    path("notificaciones/leidas/", views.notifications_mark_read, name="notifications_mark_read"),
    path("salud/", views.health, name="health"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("sin-conexion/", offline.offline_page, name="offline_page"),
    path("calendario/", calendar_views.calendar_page, name="calendar_page"),
    path("calendario/nueva/", calendar_views.calendar_token_create, name="calendar_token_create"),
    path("calendario/revocar/", calendar_views.calendar_token_revoke, name="calendar_token_revoke"),
    path("calendario/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("panel/", dashboard_views.dashboard, name="dashboard"),
    path("panel/informe/", dashboard_views.monthly_report, name="monthly_report"),
    path("panel/informe.xlsx", dashboard_views.monthly_report_xlsx, name="monthly_report_xlsx"),
    path("tareas-programadas/", jobs_views.periodic_jobs, name="periodic_jobs"),
    path("", include("omil_crm.accounts.urls")),
    path("", include("companies.urls")),
    path("", include("requests_routing.urls")),
    path("", include("vacancies.urls")),
    path("", include("meetings.urls")),
    path("", include("events.urls")),
    path("", include("omil_crm.balance.urls")),
    path("portal/", include("omil_crm.portal.urls")),
    path("", include("omil_crm.fieldwork.urls")),
    path("", include("omil_crm.portal.staff_urls")),
    # One login page for everyone: the admin's own login forwards to ours, keeping ?next=.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
]
