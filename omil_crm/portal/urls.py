from django.urls import path

from omil_crm.portal import entry_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("entrar/", entry_views.enter, name="enter"),
    path("salir/", views.sign_out, name="sign_out"),
    path("enlace/<str:token>/", entry_views.link, name="link"),
]
