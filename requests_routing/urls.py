from django.urls import path

from requests_routing.views import notice_templates, routing_table, survey, triage
from requests_routing.views import requests as request_views

app_name = "requests_routing"

urlpatterns = [
    path("bandeja/", triage.inbox, name="inbox"),
    path("bandeja/<int:pk>/", triage.email_detail, name="email_detail"),
    path("bandeja/<int:pk>/agregar/", triage.email_attach, name="email_attach"),
    path("bandeja/<int:pk>/original.eml", triage.email_original, name="email_original"),
    path("bandeja/descartar/", triage.emails_dismiss, name="emails_dismiss"),
    path("bandeja/adjuntos/<int:pk>/", triage.attachment_download, name="attachment_download"),
    # Public: the «¿Quedó resuelto?» link of the survey email (views/survey.py).
    path("encuesta/<str:token>/", survey.survey, name="survey"),
    path("solicitudes/", request_views.request_list, name="request_list"),
    path("solicitudes/nueva/", request_views.request_create, name="request_create"),
    path(
        "solicitudes/nueva/empresas/",
        request_views.request_company_search,
        name="request_company_search",
    ),
    path("solicitudes/derivacion/", routing_table.routing_table, name="routing_table"),
    path(
        "solicitudes/derivacion/departamentos/nuevo/",
        routing_table.department_edit,
        name="department_add",
    ),
    path(
        "solicitudes/derivacion/departamentos/<int:pk>/",
        routing_table.department_edit,
        name="department_edit",
    ),
    path(
        "solicitudes/derivacion/categorias/nueva/", routing_table.category_edit, name="category_add"
    ),
    path(
        "solicitudes/derivacion/categorias/<int:pk>/",
        routing_table.category_edit,
        name="category_edit",
    ),
    path(
        "solicitudes/plantillas/",
        notice_templates.notice_template_list,
        name="notice_template_list",
    ),
    path(
        "solicitudes/plantillas/nueva/",
        notice_templates.notice_template_add,
        name="notice_template_add",
    ),
    path(
        "solicitudes/plantillas/<int:pk>/",
        notice_templates.notice_template_edit,
        name="notice_template_edit",
    ),
    path(
        "solicitudes/plantillas/<int:pk>/eliminar/",
        notice_templates.notice_template_delete,
        name="notice_template_delete",
    ),
    path("solicitudes/<int:pk>/", request_views.request_detail, name="request_detail"),
    path(
        "solicitudes/<int:pk>/estado/",
        request_views.request_change_status,
        name="request_change_status",
    ),
    path("solicitudes/<int:pk>/recordar/", request_views.request_remind, name="request_remind"),
    path("solicitudes/<int:pk>/nota/", request_views.request_add_note, name="request_add_note"),
    path(
        "solicitudes/<int:pk>/responsable/", request_views.request_reassign, name="request_reassign"
    ),
]
