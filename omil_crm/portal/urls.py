from django.urls import path

from omil_crm.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("entrar/", views.enter, name="enter"),
    path("salir/", views.sign_out, name="sign_out"),
]
