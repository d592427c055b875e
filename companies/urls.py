from django.urls import path

from companies.views import imports

app_name = "companies"

urlpatterns = [
    path("empresas/importar/", imports.import_upload, name="import_upload"),
    path("empresas/importar/confirmar/", imports.import_confirm, name="import_confirm"),
    path("empresas/importar/plantilla.xlsx", imports.import_template, name="import_template"),
]
