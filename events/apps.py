from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = "Eventos con empresas"

    def ready(self):
        from events.timeline_sources import register_sources

        register_sources()
