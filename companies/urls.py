from django.urls import path

from companies.views import (
    agenda,
    company,
    company_edit,
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
    path("empresas/importar/errores.xlsx", imports.import_errors, name="import_errors"),
    path("empresas/nueva/", company_edit.company_create, name="company_create"),
    path("empresas/<int:pk>/", company.company_detail, name="detail"),
    path("empresas/<int:pk>/editar/", company_edit.company_edit, name="company_edit"),
    path("empresas/<int:pk>/contactos/", company.contact_list, name="contact_list"),
    path("empresas/<int:pk>/contactos/nuevo/", company.contact_add, name="contact_add"),
    path("contactos/<int:pk>/editar/", company.contact_edit, name="contact_edit"),
    path("empresas/<int:pk>/visitas/nueva/", visits.visit_log, name="visit_log"),
    path("empresas/<int:pk>/visitas/planificar/", visits.visit_plan, name="visit_plan"),
    path("visitas/", visit_list.visit_list, name="visit_list"),
    path("visitas/exportar.<str:fmt>", visit_list.visit_export, name="visit_export"),
    path("visitas/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visitas/<int:pk>/realizar/", visits.visit_complete, name="visit_complete"),
    path("visitas/<int:pk>/reprogramar/", visits.visit_reschedule, name="visit_reschedule"),
    path("visitas/<int:pk>/cancelar/", visits.visit_cancel, name="visit_cancel"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("seguimientos/", followups.follow_ups, name="follow_ups"),
    path("seguimientos/<int:pk>/", followups.follow_up_detail, name="follow_up_detail"),
    path("seguimientos/realizados/", followups.follow_ups_done, name="follow_ups_done"),
    path("seguimientos/<int:pk>/hecho/", followups.follow_up_done, name="follow_up_done"),
    path(
        "seguimientos/<int:pk>/posponer/", followups.follow_up_postpone, name="follow_up_postpone"
    ),
    path("seguimientos/<int:pk>/reabrir/", followups.follow_up_reopen, name="follow_up_reopen"),
    path(
        "seguimientos/<int:pk>/reasignar/", followups.follow_up_reassign, name="follow_up_reassign"
    ),
    path("traspaso/", handover.handover, name="handover"),
    path("parques/<int:pk>/editar/", company_edit.park_edit, name="park_edit"),
]
