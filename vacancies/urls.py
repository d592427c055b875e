from django.urls import path

from vacancies import views

app_name = "vacancies"

urlpatterns = [
    path("vacantes/nueva/", views.vacancy_capture, name="vacancy_create"),
]
