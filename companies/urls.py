from django.urls import path

from companies.views import (
    agenda,
    company,
    directory,
    followups,
    handover,
    imports,
    visit_list,
    visits,
)

app_name = "companies"

urlpatterns = [
    path("empresas/", directory.directory, name="directory"),
    path("empresas/exportar.<str:fmt>", directory.export, name="export"),
    path("empresas/importar/", imports.import_upload, name="import_upload"),
    path("empresas/importar/confirmar/", imports.import_confirm, name="import_confirm"),
    path("empresas/importar/plantilla.xlsx", imports.import_template, name="import_template"),
    path("empresas/<int:pk>/", company.company_detail, name="detail"),
    path("empresas/<int:pk>/contactos/nuevo/", company.contact_add, name="contact_add"),
    path("contactos/<int:pk>/editar/", company.contact_edit, name="contact_edit"),
    path("empresas/<int:pk>/visitas/nueva/", visits.visit_log, name="visit_log"),
    path("empresas/<int:pk>/visitas/planificar/", visits.visit_plan, name="visit_plan"),
    path("visitas/", visit_list.visit_list, name="visit_list"),
    path("visitas/exportar.<str:fmt>", visit_list.visit_export, name="visit_export"),
    path("visitas/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visitas/<int:pk>/realizar/", visits.visit_complete, name="visit_complete"),
    path("visitas/<int:pk>/cancelar/", visits.visit_cancel, name="visit_cancel"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("seguimientos/", followups.follow_ups, name="follow_ups"),
    path("seguimientos/realizados/", followups.follow_ups_done, name="follow_ups_done"),
    path("seguimientos/<int:pk>/hecho/", followups.follow_up_done, name="follow_up_done"),
    path(
        "seguimientos/<int:pk>/reasignar/", followups.follow_up_reassign, name="follow_up_reassign"
    ),
    path("traspaso/", handover.handover, name="handover"),
]
