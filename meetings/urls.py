from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("reuniones/", views.meeting_list, name="list"),
    path("reuniones/nueva/", views.meeting_create, name="create"),
    path("reuniones/parques/", views.park_rules, name="park_rules"),
    path("reuniones/parques/<int:pk>/regla/", views.park_rule_edit, name="park_rule_edit"),
    path("reuniones/<int:pk>/", views.meeting_detail, name="detail"),
    path("reuniones/<int:pk>/editar/", views.meeting_edit, name="edit"),
    path("reuniones/<int:pk>/calendario.ics", views.meeting_download, name="ics"),
    path("reuniones/<int:pk>/asistencia/", views.attendance_record, name="attendance_record"),
    path("reuniones/<int:pk>/invitar/", views.attendance_invite, name="attendance_invite"),
    path(
        "reuniones/invitaciones/<int:pk>/quitar/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    path("reuniones/<int:pk>/acuerdos/", views.agreement_add, name="agreement_add"),
    path("reuniones/acuerdos/<int:pk>/", views.agreement_redirect, name="agreement"),
    path("reuniones/acuerdos/<int:pk>/cumplido/", views.agreement_done, name="agreement_done"),
]
