"""The staff's pages about the portal (who may enter, their sessions): under the company,
outside /portal/, behind the staff login like every staff page."""

from django.urls import path

from omil_crm.portal import access_views

app_name = "portal_access"

urlpatterns = [
    path("empresas/<int:pk>/portal/", access_views.company_access, name="company"),
    path("contactos/<int:pk>/portal/enlace/", access_views.send_link, name="send_link"),
    path(
        "contactos/<int:pk>/portal/cerrar-sesiones/",
        access_views.revoke_sessions,
        name="revoke_sessions",
    ),
]
