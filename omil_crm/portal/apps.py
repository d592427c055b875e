from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "omil_crm.portal"
    label = "portal"
    verbose_name = "Portal de empresas"

    def ready(self):
        from omil_crm.portal import receivers

        receivers.connect()
