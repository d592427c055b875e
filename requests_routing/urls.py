from django.urls import path

from requests_routing import views

app_name = "requests_routing"

urlpatterns = [
    path("solicitudes/nueva/", views.request_create, name="request_create"),
]
