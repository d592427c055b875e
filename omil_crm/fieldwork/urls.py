from django.urls import path

from omil_crm.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("agenda/ruta/<str:day>/", views.day_route_page, name="day_route"),
    path("agenda/ruta/<str:day>/imprimir/", views.day_print, name="day_print"),
    path("agenda/visitas/<int:pk>/ficha/", views.visit_brief, name="brief"),
]
