"""The monthly report to the municipality and to SENCE (the OMIL-strengthening agreement).

The headline figures the agreement asks for (people attended, referrals, placements, companies
contacted, vacancies, workshops) come first; then the dashboard's figures for the month. The
workbook adds one sheet per area with the rows behind the figures. Personal data is limited to
what the report needs: placed people appear with RUT and name (SENCE verifies placements by
RUT); referrals and workshops carry no names.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from companies.models import Visit
from omil_crm.base.exports import append_row
from omil_crm.dashboard.cards import dashboard_context, whole_team
from omil_crm.dashboard.event_figures import event_figures
from omil_crm.dashboard.figures import Figures, Scope
from omil_crm.dashboard.links import FigureLinks
from omil_crm.dashboard.sence_report import sence_context, sence_summary_rows
from requests_routing.models import ServiceRequest
from vacancies.inclusion_selectors import (
    functional_evaluations_between,
    job_analyses_between,
    pcd_placed_between,
)
from vacancies.models import (
    GuidanceSession,
    JobSeeker,
    Placement,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)
from vacancies.sence_counts import attended_between, registered_between

PEOPLE_ATTENDED_NOTE = (
    "Personas atendidas: personas distintas inscritas, derivadas a una vacante, evaluadas o "
    "asistentes a un taller u orientadas (orientación laboral) durante el mes."
)


def people_attended(scope: Scope) -> dict[str, int]:
    """People the office attended in the month, and how many of them registered (one query)."""
    first, last = scope.period.first_day, scope.period.last_day
    registered = registered_between(first, last)
    return JobSeeker.objects.filter(attended_between(first, last)).aggregate(
        attended=Count("id"), registered=Count("id", filter=registered)
    )


def _guided_in(scope: Scope):
    """Who took part in a guidance session of the month (one row per person and session)."""
    return GuidanceSession.participants.through.objects.filter(
        guidancesession__held_on__gte=scope.period.first_day,
        guidancesession__held_on__lte=scope.period.last_day,
    )


def people_guided(scope: Scope) -> int:
    """SENCE's «Personas con orientación laboral»: distinct persons guided in the month."""
    return _guided_in(scope).values("jobseeker_id").distinct().count()


def people_referred_and_placed(scope: Scope) -> dict[str, int]:
    """SENCE's «derivadas a ofertas laborales» and «colocadas»: distinct persons referred
    (to the park's companies, on a park's report) and placed in the month, in one query."""
    referred = Referral.objects.filter(
        scope.current("referred_at") & scope.companies("vacancy__company__"),
        job_seeker=OuterRef("pk"),
    )
    placed = Placement.objects.filter(
        scope.current("start_date", True) & scope.companies("referral__vacancy__company__"),
        referral__job_seeker=OuterRef("pk"),
    )
    return JobSeeker.objects.filter(Exists(referred) | Exists(placed)).aggregate(
        referred=Count("id", filter=Exists(referred)), placed=Count("id", filter=Exists(placed))
    )


def sence_counters(scope: Scope, figures: Figures) -> tuple[list[tuple[str, int, str]], dict]:
    """SENCE's counters for the OMIL programme, in the order its regional reports give them.

    «Contactos con empresas» counts every contact recorded as done (field visits, calls,
    emails and meetings), not the companies; «Empresas contactadas» below gives those.
    Also returns the attended-people figures, which the agreement's rows reuse.
    """
    people = people_attended(scope)
    moved = people_referred_and_placed(scope)
    links = FigureLinks(scope)
    evaluations, analyses, disabled_placed = inclusion_figures(scope, links)
    return [
        ("Personas atendidas", people["attended"], links.people_attended()),
        ("Personas con orientación laboral", people_guided(scope), links.guidance()),
        ("Personas derivadas a ofertas laborales", moved["referred"], links.referrals()),
        ("Contactos con empresas", figures.current("visits"), links.visits()),
        *event_figures(scope),
        evaluations,
        analyses,
        ("Personas colocadas", moved["placed"], links.placements()),
        disabled_placed,
    ], people


def agreement_figures(scope: Scope, figures: Figures) -> list[tuple[str, int, str]]:
    """(label, figure, link to the list behind it): SENCE's counters first, then the rest of
    what the agreement reports."""
    counters, people = sence_counters(scope, figures)
    links = FigureLinks(scope)
    return [
        *counters,
        ("Personas inscritas en el mes", people["registered"], links.people_registered()),
        ("Derivaciones a vacantes", figures.current("referrals"), links.referrals()),
        ("Colocaciones", figures.current("placements"), links.placements()),
        (
            "Empresas contactadas",
            figures.current("companies_contacted"),
            links.companies_contacted(),
        ),
        ("Vacantes captadas", figures.current("vacancies"), links.vacancies()),
        ("Puestos de trabajo captados", figures.current("positions"), links.vacancies()),
        ("Talleres de apresto realizados", figures.current("workshops"), links.workshops()),
        ("Asistencias a talleres", figures.current("attendees"), links.workshops()),
    ]


def inclusion_figures(scope: Scope, links: FigureLinks) -> list[tuple[str, int, str]]:
    """Ley 21.015: a withdrawn consent seals a person's data but keeps them counted."""
    first, last = scope.period.first_day, scope.period.last_day
    placed = pcd_placed_between(first, last, scope.companies("referral__vacancy__company__"))
    analyses = job_analyses_between(first, last, scope.companies("vacancy__company__"))
    return [
        (
            "Evaluaciones funcionales",
            functional_evaluations_between(first, last),
            links.functional_evaluations(),
        ),
        ("Análisis de puestos de trabajo", analyses, links.job_analyses()),
        ("Personas con discapacidad colocadas", placed, links.pcd_placements()),
    ]


def report_context(scope: Scope, figures: Figures) -> dict:
    context = dashboard_context(scope, figures, whole_team(figures))
    context["agreement"] = agreement_figures(scope, figures)
    context["people_note"] = PEOPLE_ATTENDED_NOTE
    context["month_value"] = scope.period.first_day.strftime("%Y-%m")
    context.update(sence_context(scope))
    return context


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def _day(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _sheet(workbook: Workbook, title: str, header: list[str], rows) -> None:
    sheet = workbook.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)


def _in_period(scope: Scope, column: str, is_date: bool = False) -> Q:
    return scope.current(column, is_date) & scope.companies(_COMPANY_PATH.get(column, "company__"))


_COMPANY_PATH = {
    "referred_at": "vacancy__company__",
    "start_date": "referral__vacancy__company__",
}


def _summary_rows(scope: Scope, figures: Figures, context: dict):
    yield ["Informe mensual OMIL", scope.period.label]
    yield ["Parque", scope.park.name if scope.park else "Toda la oficina"]
    yield ["Generado", _local(timezone.now())]
    yield ["Comparación", scope.comparison_text]
    yield []
    yield ["Convenio de fortalecimiento OMIL (SENCE)", "Mes"]
    yield from ([label, value] for label, value, _link in context["agreement"])
    yield [PEOPLE_ATTENDED_NOTE]
    yield from sence_summary_rows(context)
    yield []
    previous = "Mismo tramo del mes anterior" if scope.like_for_like else "Mes anterior"
    yield ["Indicador", "Mes", previous]
    for card in context["cards"]:
        yield [card.label, card.value, card.previous if card.previous is not None else ""]


def report_workbook(scope: Scope, figures: Figures) -> Workbook:
    """The month's workbook: a summary and one sheet per area with its detail rows."""
    context = report_context(scope, figures)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Resumen"
    for row in _summary_rows(scope, figures, context):
        append_row(summary, row)
    summary.column_dimensions["A"].width = 48
    _detail_sheets(workbook, scope, context)
    return workbook


def _detail_sheets(workbook: Workbook, scope: Scope, context: dict) -> None:
    visits = (
        Visit.objects.filter(_in_period(scope, "happened_at"), status=Visit.Status.DONE)
        .select_related("company__park", "staff")
        .order_by("happened_at")
    )
    _sheet(
        workbook,
        "Visitas",
        ["Fecha", "Empresa", "RUT", "Parque", "Tipo", "Funcionario", "Resumen"],
        (
            [
                _local(visit.happened_at),
                visit.company.legal_name,
                visit.company.rut_display,
                visit.company.park.name if visit.company.park else "",
                visit.get_kind_display(),
                visit.staff.get_full_name(),
                visit.summary,
            ]
            for visit in visits.iterator(chunk_size=2000)
        ),
    )
    vacancies = (
        Vacancy.objects.captured()
        .filter(_in_period(scope, "opened_on", True))
        .select_related("company", "captured_by")
        .order_by("opened_on")
    )
    _sheet(
        workbook,
        "Vacantes",
        ["Captada", "Empresa", "Cargo", "Puestos", "Contrato", "Estado", "Captada por"],
        (
            [
                _day(vacancy.opened_on),
                vacancy.company.legal_name,
                vacancy.title,
                vacancy.positions,
                vacancy.get_contract_type_display(),
                vacancy.get_status_display(),
                vacancy.captured_by.get_full_name() if vacancy.captured_by else "",
            ]
            for vacancy in vacancies.iterator(chunk_size=2000)
        ),
    )
    referrals = (
        Referral.objects.filter(_in_period(scope, "referred_at"))
        .select_related("vacancy__company")
        .order_by("referred_at")
    )
    _sheet(
        workbook,
        "Derivaciones",
        ["Fecha", "Vacante", "Empresa", "Etapa"],
        (
            [
                _local(referral.referred_at),
                referral.vacancy.title,
                referral.vacancy.company.legal_name,
                referral.get_stage_display(),
            ]
            for referral in referrals.iterator(chunk_size=2000)
        ),
    )
    placements = (
        Placement.objects.filter(_in_period(scope, "start_date", True))
        .select_related("referral__job_seeker", "referral__vacancy__company__park")
        .order_by("start_date")
    )
    _sheet(
        workbook,
        "Colocaciones",
        ["Inicio", "RUT", "Persona", "Empresa", "Parque", "Cargo", "Contrato"],
        (
            [
                _day(placement.start_date),
                placement.referral.job_seeker.rut_display,
                placement.referral.job_seeker.full_name,
                placement.referral.vacancy.company.legal_name,
                (
                    placement.referral.vacancy.company.park.name
                    if placement.referral.vacancy.company.park
                    else ""
                ),
                placement.referral.vacancy.title,
                placement.get_contract_type_display(),
            ]
            for placement in placements.iterator(chunk_size=2000)
        ),
    )
    requests = (
        ServiceRequest.objects.filter(_in_period(scope, "received_at"))
        .select_related("company", "category", "department")
        .order_by("received_at")
    )
    _sheet(
        workbook,
        "Solicitudes",
        ["Referencia", "Recibida", "Empresa", "Categoría", "Departamento", "Estado", "Resuelta"],
        (
            [
                request.reference,
                _local(request.received_at),
                request.company.legal_name,
                request.category.name if request.category else "",
                request.department.name if request.department else "",
                request.get_status_display(),
                _local(request.resolved_at),
            ]
            for request in requests.iterator(chunk_size=2000)
        ),
    )
    _sheet(
        workbook,
        "Por departamento",
        ["Departamento", "Recibidas", "Resueltas", "Vencidas hoy", "Mediana días", "P90 días"],
        (
            [
                row["department"],
                row["received"][0],
                row["resolved"][0],
                row["overdue"],
                row["median"] if row["median"] is not None else "",
                row["p90"] if row["p90"] is not None else "",
            ]
            for row in context["departments"]
        ),
    )
    offers = (
        ProgrammeOffer.objects.filter(_in_period(scope, "offered_on", True))
        .select_related("company", "programme")
        .order_by("offered_on")
    )
    _sheet(
        workbook,
        "Programas SENCE",
        ["Ofrecido", "Empresa", "Programa", "Estado", "Trabajadores"],
        (
            [
                _day(offer.offered_on),
                offer.company.legal_name,
                offer.programme.name,
                offer.get_status_display(),
                offer.workers_involved,
            ]
            for offer in offers.iterator(chunk_size=2000)
        ),
    )
    workshops = (
        Workshop.objects.filter(scope.current("date", True))
        .select_related("facilitator")
        .annotate(attendee_count=Count("attendees"))
        .order_by("date")
    )
    _sheet(
        workbook,
        "Talleres",
        ["Fecha", "Tema", "Facilitador", "Asistentes"],
        (
            [
                _day(workshop.date),
                workshop.topic,
                workshop.facilitator.get_full_name() if workshop.facilitator else "",
                workshop.attendee_count,
            ]
            for workshop in workshops
        ),
    )
    _sheet(
        workbook,
        "Equipo",
        [
            "Funcionario",
            "Visitas",
            "Solicitudes",
            "Vacantes",
            "Derivaciones",
            "Colocaciones",
            "Seguimientos cerrados",
        ],
        (
            [
                row["name"],
                row["visits"],
                row["requests"],
                row["vacancies"],
                row["referrals"],
                row["placements"],
                row["follow_ups"],
            ]
            for row in context["staff"]
        ),
    )
