from django.urls import path

from omil_crm.portal import (
    entry_views,
    event_views,
    meeting_views,
    park_views,
    programme_views,
    request_views,
    vacancy_views,
    views,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("entrar/", entry_views.enter, name="enter"),
    path("salir/", views.sign_out, name="sign_out"),
    path("enlace/<str:token>/", entry_views.link, name="link"),
    # A company's requests (request_views) and the park's representative (park_views).
    path("solicitudes/", request_views.request_list, name="requests"),
    path("solicitudes/nueva/", request_views.request_new, name="request_new"),
    path("solicitudes/<str:reference>/", request_views.request_detail, name="request_detail"),
    path(
        "solicitudes/<str:reference>/comentar/",
        request_views.request_comment,
        name="request_comment",
    ),
    path(
        "solicitudes/<str:reference>/encuesta/",
        request_views.request_survey,
        name="request_survey",
    ),
    path(
        "solicitudes/<str:reference>/archivos/<int:pk>/",
        request_views.request_attachment,
        name="request_attachment",
    ),
    path("parque/", park_views.park, name="park"),
    # Vacancies, SENCE programmes and the park's meetings.
    path("vacantes/", vacancy_views.vacancies, name="vacancies"),
    path("vacantes/proponer/", vacancy_views.vacancy_propose, name="vacancy_propose"),
    path("programas/", programme_views.programmes, name="programmes"),
    path(
        "programas/<int:pk>/nos-interesa/",
        programme_views.programme_interest,
        name="programme_interest",
    ),
    path("reuniones/", meeting_views.meetings, name="meetings"),
    path("reuniones/<int:pk>/responder/", meeting_views.meeting_respond, name="meeting_respond"),
    path("reuniones/<int:pk>/calendario.ics", meeting_views.meeting_calendar, name="meeting_ics"),
    # Employer events the company is invited to (encuentros, desayunos, ferias).
    path("eventos/", event_views.events, name="events"),
    path("eventos/<int:pk>/responder/", event_views.event_respond, name="event_respond"),
]
