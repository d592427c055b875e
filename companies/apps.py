from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Empresas y terreno"

    def ready(self):
        from companies.timeline_sources import register_sources

        register_sources()
