from django.apps import AppConfig


class RequestsRoutingConfig(AppConfig):
    name = "requests_routing"
    verbose_name = "Solicitudes municipales"

    def ready(self):
        from requests_routing.timeline_sources import register_sources

        register_sources()
