from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "omil_crm.portal"
    label = "portal"
    verbose_name = "Portal de empresas"
