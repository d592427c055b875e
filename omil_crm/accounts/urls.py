from django.urls import path

from omil_crm.accounts import password_reset, staff_search_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    # The Encargado's «Equipo» page.
    path("equipo/", views.team_list, name="team_list"),
    # The suggestions of the boxes where a colleague is chosen by name.
    path("equipo/buscar/", staff_search_views.staff_search, name="staff_search"),
    path("equipo/nueva/", views.member_create, name="member_create"),
    path("equipo/<int:pk>/", views.member_edit, name="member_edit"),
    path("equipo/<int:pk>/desactivar/", views.member_deactivate, name="member_deactivate"),
    path("equipo/<int:pk>/reactivar/", views.member_reactivate, name="member_reactivate"),
    path("equipo/<int:pk>/enviar-enlace/", views.member_send_reset, name="member_send_reset"),
    # Choosing a password with a link sent by mail (no session needed).
    path("clave/olvide/", password_reset.reset_request, name="password_reset"),
    path("clave/olvide/enviado/", password_reset.reset_done, name="password_reset_done"),
    path(
        "clave/nueva/<uidb64>/<token>/",
        password_reset.reset_confirm,
        name="password_reset_confirm",
    ),
    path("clave/nueva/lista/", password_reset.reset_complete, name="password_reset_complete"),
    # Two-factor sign-in.
    path("ingresar/codigo/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("cuenta/doble-factor/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "cuenta/doble-factor/codigos/",
        two_factor_views.two_factor_new_codes,
        name="two_factor_new_codes",
    ),
]
