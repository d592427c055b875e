from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Empleo"

    def ready(self):
        from vacancies.timeline_sources import register_sources

        register_sources()
