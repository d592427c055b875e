"""Heavy reads of the employment pages, each in a fixed number of queries whatever the rows."""

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.history import ChangeHistory, HistorySource, change_history
from omil_crm.accounts.roles import person_name
from omil_crm.base.counting import row_count
from vacancies.consent_selectors import consent_export, with_hints_consent
from vacancies.guidance_models import GuidanceSession
from vacancies.inclusion_selectors import inclusion_personal_data
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    ReferralStageChange,
    Vacancy,
    Workshop,
)

Stage = Referral.Stage
IN_PROCESS = (Stage.REFERRED, Stage.INTERVIEW)


def job_seeker_list_queryset() -> QuerySet:
    in_process = Referral.objects.filter(job_seeker=OuterRef("pk"), stage__in=IN_PROCESS)
    return (
        JobSeeker.objects.active()
        .annotate(referrals_in_process=row_count(in_process))
        .order_by("last_name", "first_name", "pk")
    )


def erased_people_count(condition) -> int:
    """People matching `condition` whose data was erased: gone from every list, still in the
    figures the office reported."""
    return JobSeeker.objects.filter(condition, erased_at__isnull=False).count()


def comunas_in_use() -> list[str]:
    """The comunas of active people, in order.

    A plain DISTINCT reads every row of the registry on every page view; this walks the comuna
    index instead, one lookup per comuna (a "loose index scan"), whatever the number of people.
    """
    table = connection.ops.quote_name(JobSeeker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE found(comuna) AS (
                SELECT MIN(comuna) FROM {table} WHERE erased_at IS NULL AND comuna > ''
                UNION ALL
                SELECT (
                    SELECT MIN(person.comuna) FROM {table} AS person
                    WHERE person.erased_at IS NULL AND person.comuna > found.comuna
                )
                FROM found WHERE found.comuna IS NOT NULL
            )
            SELECT comuna FROM found WHERE comuna IS NOT NULL
            """
        )
        return [row[0] for row in cursor.fetchall()]


def job_seeker_page(pk: int, *, with_evaluations: bool, with_requests: bool) -> JobSeeker:
    """A person with everything their page shows; evaluations only for those who may read
    them (the queryset is never even built for the others)."""
    prefetches = [
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related(
                "vacancy__company", "placement", "referred_by"
            ).order_by("-referred_at"),
        ),
        Prefetch("workshops", queryset=Workshop.objects.select_related("facilitator")),
        Prefetch(
            "guidance_sessions",
            queryset=GuidanceSession.objects.select_related("staff").order_by("-held_on", "-pk"),
        ),
    ]
    if with_evaluations:
        prefetches.append(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related(
                    "psychologist", "referral__vacancy"
                ).order_by("-evaluated_on", "-pk"),
            )
        )
    if with_requests:
        prefetches.append(
            Prefetch(
                "data_requests", queryset=DataSubjectRequest.objects.select_related("handled_by")
            )
        )
    return (
        JobSeeker.objects.active()
        .select_related("consent_recorded_by", "registered_by")
        .prefetch_related(*prefetches)
        .get(pk=pk)
    )


def job_seeker_change_history(person: JobSeeker, *, with_evaluations: bool) -> ChangeHistory:
    """Who changed the person's data and their referrals; with `with_evaluations`, also who
    wrote or changed their evaluations, without the result or notes: those are read only by
    opening the evaluation, where the reading is logged."""
    sources = [
        HistorySource(person.history.all(), "Persona"),
        HistorySource(
            Referral.history.filter(job_seeker_id=person.pk),
            "Derivación",
            name_field="vacancy",
            hidden_fields=("job_seeker",),
        ),
    ]
    if with_evaluations:
        sources.append(
            HistorySource(
                Evaluation.history.filter(job_seeker_id=person.pk),
                "Evaluación psicolaboral",
                name_field="evaluated_on",
                hidden_fields=("job_seeker", "result", "notes"),
            )
        )
    return change_history(*sources)


def vacancy_change_history(vacancy: Vacancy) -> ChangeHistory:
    """Who changed the vacancy's data: captured by one gestora, corrected by any."""
    return change_history(HistorySource(vacancy.history.all(), "Vacante"))


def evaluation_change_history(evaluation: Evaluation) -> ChangeHistory:
    """Every version of an evaluation, shown on its own page (whose opening is logged)."""
    return change_history(HistorySource(evaluation.history.all(), "Evaluación psicolaboral"))


def open_vacancies() -> QuerySet:
    return (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN)
        .select_related("company")
        .order_by("company__legal_name", "title")
    )


def vacancy_list_queryset() -> QuerySet:
    return (
        Vacancy.objects.select_related("company__park")
        .annotate(
            hired=row_count(Placement.objects.filter(referral__vacancy=OuterRef("pk"))),
            in_process=row_count(
                Referral.objects.filter(vacancy=OuterRef("pk"), stage__in=IN_PROCESS)
            ),
        )
        .order_by("-opened_on", "-pk")
    )


def vacancy_page(pk: int) -> Vacancy:
    return (
        Vacancy.objects.select_related(
            "company__park", "captured_by", "captured_on_visit", "proposed_by", "reviewed_by"
        )
        .annotate(hired=Count("referrals__placement"))
        .get(pk=pk)
    )


def vacancy_board(vacancy: Vacancy) -> list[tuple[str, str, list[Referral]]]:
    """The candidates of a vacancy by stage, each with the history of its moves."""
    referrals = (
        Referral.objects.filter(vacancy=vacancy)
        .select_related("job_seeker", "placement", "referred_by")
        .prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=ReferralStageChange.objects.select_related("changed_by"),
            )
        )
        .order_by("job_seeker__last_name", "job_seeker__first_name", "pk")
    )
    columns = {stage: [] for stage in Stage.values}
    for referral in referrals:
        referral.vacancy = vacancy
        changes = list(referral.stage_changes.all())
        # The first change is the referral itself, already shown as "Derivada el…".
        referral.last_move = changes[-1] if len(changes) > 1 else None
        columns[referral.stage].append(referral)
    return [(stage, Stage(stage).label, columns[stage]) for stage in Stage.values]


def stage_counts(vacancy: Vacancy) -> list[tuple[str, int]]:
    """How many candidates each stage holds, for those who may not see who they are."""
    counts = dict(
        Referral.objects.filter(vacancy=vacancy)
        .order_by()
        .values_list("stage")
        .annotate(total=Count("pk"))
    )
    return [(Stage(stage).label, counts.get(stage, 0)) for stage in Stage.values]


def candidates_for(vacancy: Vacancy) -> QuerySet:
    """People who may be referred to the vacancy: live intermediation consent, not erased, not
    already in it; each says whether it consents to programme hints (`hints_consented`)."""
    already = Referral.objects.filter(
        vacancy=vacancy, job_seeker=OuterRef("pk"), stage__in=Referral.ACTIVE_STAGES
    )
    return with_hints_consent(JobSeeker.objects.referable().exclude(Exists(already)))


def workshop_list_queryset() -> QuerySet:
    return (
        Workshop.objects.select_related("facilitator")
        # A count per row shown (a subquery), not a join of every attendance grouped by
        # workshop: the page, its count and its total then read only what they show.
        .annotate(
            attendance=row_count(Workshop.attendees.through.objects.filter(workshop=OuterRef("pk")))
        )
        .order_by("-date", "-pk")
    )


def workshop_page(pk: int) -> Workshop:
    return (
        Workshop.objects.select_related("facilitator")
        .prefetch_related(
            Prefetch("attendees", queryset=JobSeeker.objects.order_by("last_name", "first_name"))
        )
        .get(pk=pk)
    )


def attendee_candidates(workshop: Workshop) -> QuerySet:
    attending = Workshop.attendees.through.objects.filter(
        workshop=workshop, jobseeker=OuterRef("pk")
    )
    return JobSeeker.objects.active().exclude(Exists(attending))


def offer_list_queryset() -> QuerySet:
    return ProgrammeOffer.objects.select_related("company", "programme", "offered_by").order_by(
        "-offered_on", "-pk"
    )


def programme_catalogue() -> QuerySet:
    return Programme.objects.annotate(
        offers_total=Count("offers"),
        offers_enrolled=Count("offers", filter=Q(offers__status=ProgrammeOffer.Status.ENROLLED)),
    ).order_by("-is_active", "name")


def data_request_list_queryset() -> QuerySet:
    return DataSubjectRequest.objects.select_related("job_seeker", "handled_by")


def personal_data(job_seeker: JobSeeker, *, generated_by) -> dict:
    """Everything the office holds about one person, in Spanish, for their access and
    portability requests: the readable page and the JSON file show exactly this."""
    referrals = (
        job_seeker.referrals.select_related("vacancy__company", "referred_by", "placement")
        .prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=ReferralStageChange.objects.select_related("changed_by"),
            )
        )
        .order_by("referred_at")
    )
    evaluations = job_seeker.evaluations.select_related("psychologist", "referral__vacancy")
    workshops = job_seeker.workshops.select_related("facilitator").order_by("date")
    guidance = job_seeker.guidance_sessions.select_related("staff").order_by("held_on", "pk")
    return {
        "generado": _when(timezone.now()),
        "generado_por": _name(generated_by),
        "responsable": "Oficina Municipal de Información Laboral (OMIL)",
        "persona": {
            "rut": job_seeker.rut_display,
            "nombres": job_seeker.first_name,
            "apellidos": job_seeker.last_name,
            "correo": job_seeker.email,
            "telefono": job_seeker.phone,
            "comuna": job_seeker.get_comuna_display(),
            "direccion": job_seeker.address,
            "fecha_de_nacimiento": _day(job_seeker.birth_date),
            "sexo_registral": job_seeker.get_sex_display(),
            "escolaridad": job_seeker.get_education_display(),
            "experiencia_laboral": job_seeker.experience,
            "habilidades_y_oficios": job_seeker.skills,
            "disponibilidad": job_seeker.availability,
            "inscrita_el": _when(job_seeker.created_at),
            "inscrita_por": _name(job_seeker.registered_by),
        },
        "consentimiento": {
            "otorgado_el": _when(job_seeker.consent_given_at),
            "finalidad": job_seeker.consent_purpose,
            "registrado_por": _name(job_seeker.consent_recorded_by),
        },
        "consentimientos": consent_export(job_seeker),
        "derivaciones": [
            {
                "vacante": referral.vacancy.title,
                "empresa": str(referral.vacancy.company),
                "etapa": referral.get_stage_display(),
                "derivada_el": _when(referral.referred_at),
                "derivada_por": _name(referral.referred_by),
                "cambios_de_etapa": [
                    {
                        "de": change.get_from_stage_display(),
                        "a": change.get_to_stage_display(),
                        "cuando": _when(change.changed_at),
                        "por": _name(change.changed_by),
                    }
                    for change in referral.stage_changes.all()
                ],
                "colocacion": _placement(referral),
            }
            for referral in referrals
        ],
        "talleres": [
            {
                "fecha": _day(workshop.date),
                "tema": workshop.topic,
                "lugar": workshop.place,
                "facilitadora": _name(workshop.facilitator),
            }
            for workshop in workshops
        ],
        "orientacion_laboral": [
            {
                "fecha": _day(session.held_on),
                "modalidad": session.get_mode_display(),
                "temas": session.topic_labels,
                "proximos_pasos": session.next_steps,
                "seguimiento": _day(session.follow_up_on),
                "oriento": _name(session.staff),
            }
            for session in guidance
        ],
        "evaluaciones_psicolaborales": [
            {
                "fecha": _day(evaluation.evaluated_on),
                "psicologa": _name(evaluation.psychologist),
                "resultado": evaluation.get_result_display(),
                "observaciones": evaluation.notes,
                "vacante": evaluation.referral.vacancy.title if evaluation.referral else "",
            }
            for evaluation in evaluations
        ],
        "inclusion_laboral": inclusion_personal_data(job_seeker),
    }


def _placement(referral: Referral) -> dict | None:
    try:
        placement = referral.placement
    except Placement.DoesNotExist:
        return None
    return {
        "fecha_de_inicio": _day(placement.start_date),
        "tipo_de_contrato": placement.get_contract_type_display(),
        "duracion_meses": placement.contract_months,
        "contrato_escrito": placement.written_contract,
    }


def _name(user) -> str:
    if user is None:
        return ""
    return person_name(user)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def _day(day) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def positions_total(vacancies: QuerySet) -> int:
    """The positions of the vacancies a list shows (the panel's «Puestos captados»)."""
    # The list's own filters, without its per-row counts: one pass over the rows, no
    # `IN (…)` of their ids.
    rows = vacancies.order_by()
    rows.query.annotations.clear()
    rows.query.annotation_select_mask = None
    return rows.aggregate(total=Coalesce(Sum("positions"), 0))["total"]


def attendance_total(workshops: QuerySet) -> int:
    """The attendances of the workshops a list shows (the panel's «Asistencias a talleres»)."""
    attendance = Workshop.attendees.through.objects
    return attendance.filter(workshop__in=workshops.order_by().values("pk")).count()


def referral_list_queryset() -> QuerySet:
    return Referral.objects.select_related(
        "job_seeker", "vacancy__company__park", "referred_by"
    ).order_by("-referred_at", "-pk")


def placement_list_queryset() -> QuerySet:
    return Placement.objects.select_related(
        "referral__job_seeker", "referral__vacancy__company__park", "recorded_by"
    ).order_by("-start_date", "-pk")
