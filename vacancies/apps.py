from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Empleo"

    def ready(self):
        from companies import page_sections
        from vacancies.inclusion_sections import company_section
        from vacancies.timeline_sources import register_sources

        register_sources()
        page_sections.register(
            page_sections.CompanySection(
                "inclusion_quota", "vacancies/inclusion/company_section.html", company_section
            )
        )
