"""The navigation bar: every section of the app and the permission that opens it.

A section is shown to a user only if the user holds its permission, so each role sees exactly
what it may use; the page itself checks the same permission.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    icon: str
    permission: str
    url_name: str

    def url(self) -> str:
        return reverse(self.url_name)


SECTIONS = (
    Section("empresas", "Empresas", "buildings", "companies.view_company", "companies:directory"),
    Section("agenda", "Agenda", "calendar-week", "companies.add_visit", "companies:agenda"),
    Section(
        "seguimientos",
        "Seguimientos",
        "check2-square",
        "companies.add_followup",
        "companies:follow_ups",
    ),
    Section(
        "bandeja",
        "Bandeja",
        "inbox",
        "requests_routing.change_inboundemail",
        "requests_routing:inbox",
    ),
    Section(
        "solicitudes",
        "Solicitudes",
        "signpost-split",
        "requests_routing.view_servicerequest",
        "requests_routing:request_list",
    ),
    Section(
        "personas",
        "Personas",
        "people",
        "vacancies.view_jobseeker",
        "vacancies:job_seeker_list",
    ),
    Section(
        "vacantes",
        "Vacantes",
        "briefcase",
        "vacancies.view_vacancy",
        "vacancies:vacancy_list",
    ),
    Section("talleres", "Talleres", "easel", "vacancies.view_workshop", "vacancies:workshop_list"),
    Section(
        "orientacion",
        "Orientación",
        "compass",
        "vacancies.view_guidancesession",
        "vacancies:guidance_list",
    ),
    Section(
        "programas",
        "SENCE",
        "mortarboard",
        "vacancies.view_programme",
        "vacancies:programme_list",
    ),
    Section("reuniones", "Reuniones", "people-fill", "meetings.view_meeting", "meetings:list"),
    Section("eventos", "Eventos", "calendar-event", "events.view_employerevent", "events:list"),
    Section("panel", "Panel", "graph-up", "omil_crm.view_dashboard", "dashboard"),
    Section("equipo", "Equipo", "person-badge", "omil_crm.manage_team", "accounts:team_list"),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def menu_for(user) -> list[Section]:
    permissions = user.get_all_permissions()
    return [section for section in SECTIONS if section.permission in permissions]
