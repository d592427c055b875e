from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Reuniones del parque"

    def ready(self):
        from meetings.timeline_sources import register_sources

        register_sources()
