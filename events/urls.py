from django.urls import path

from events import people_views, views

app_name = "events"

urlpatterns = [
    path("eventos/", views.event_list, name="list"),
    path("eventos/nuevo/", views.event_create, name="create"),
    path("eventos/<int:pk>/", views.event_detail, name="detail"),
    path("eventos/<int:pk>/editar/", views.event_edit, name="edit"),
    path("eventos/<int:pk>/cancelar/", views.event_cancel, name="cancel"),
    path("eventos/<int:pk>/invitar/", people_views.event_invite, name="invite"),
    path("eventos/<int:pk>/empresas/", people_views.event_companies, name="companies"),
    path("eventos/<int:pk>/participantes/", people_views.event_participants, name="participants"),
    path(
        "eventos/<int:pk>/participantes/agregar/",
        people_views.participant_add,
        name="participant_add",
    ),
    path(
        "eventos/participantes/<int:pk>/quitar/",
        people_views.participant_remove,
        name="participant_remove",
    ),
]
