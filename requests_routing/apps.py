from django.apps import AppConfig


class RequestsRoutingConfig(AppConfig):
    name = "requests_routing"
    verbose_name = "Solicitudes municipales"
