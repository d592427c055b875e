"""Job seekers, the vacancies the park's companies give the OMIL, and how people fill them.

Job seekers are citizens protected by Ley 19.628 / Ley 21.719: consent is recorded before any
referral, evaluations are sensitive, and an erased person keeps only what aggregates need.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from companies.models import Company, Contact, Visit
from companies.rut import RutField, format_rut
from omil_crm.base.comunas import comuna_choices, comuna_display


class EducationLevel(models.TextChoices):
    NONE = "none", "Sin escolaridad"
    PRIMARY = "primary", "Básica"
    SECONDARY = "secondary", "Media"
    TECHNICAL_SECONDARY = "technical_secondary", "Media técnico-profesional"
    TECHNICAL = "technical", "Técnico de nivel superior"
    UNIVERSITY = "university", "Universitaria"
    POSTGRADUATE = "postgraduate", "Postgrado"


class Sex(models.TextChoices):
    """«Sexo registral», as SENCE reports placements; never required."""

    NOT_STATED = "", "No informado"
    FEMALE = "female", "Mujer"
    MALE = "male", "Hombre"


class JobSeekerQuerySet(models.QuerySet):
    def active(self):
        """People whose data has not been erased: the only ones any page may show."""
        return self.filter(erased_at__isnull=True)

    def referable(self):
        """People who may be put forward for a vacancy: intermediation consent, not erased."""
        return self.active().filter(consent_given_at__isnull=False)


class JobSeeker(models.Model):
    rut = RutField(
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": "Ya hay una persona inscrita con ese RUT."},
    )
    first_name = models.CharField("nombres", max_length=120)
    last_name = models.CharField("apellidos", max_length=120)
    email = models.EmailField("correo", blank=True)
    phone = models.CharField("teléfono", max_length=40, blank=True)
    comuna = models.CharField("comuna", max_length=5, choices=comuna_choices, blank=True)
    address = models.CharField("dirección", max_length=200, blank=True)
    birth_date = models.DateField("fecha de nacimiento", null=True, blank=True)
    sex = models.CharField("sexo registral", max_length=6, choices=Sex.choices, blank=True)
    education = models.CharField(
        "escolaridad", max_length=25, choices=EducationLevel.choices, blank=True
    )
    experience = models.TextField("experiencia laboral", blank=True)
    skills = models.TextField("habilidades y oficios", blank=True)
    availability = models.CharField("disponibilidad", max_length=200, blank=True)
    # Mirror of the live intermediation Consent row, kept by vacancies/consent_services.py in
    # the same transaction: the registry (100.000 people) and every referral check read one
    # indexed column, not a subquery per person. consent_withdrawn_at: the last was withdrawn.
    consent_given_at = models.DateTimeField("consentimiento otorgado", null=True, blank=True)
    consent_purpose = models.CharField("finalidad consentida", max_length=300, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="consentimiento registrado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_withdrawn_at = models.DateTimeField("consentimiento retirado", null=True, blank=True)
    erased_at = models.DateTimeField("datos eliminados", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrito por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("inscrito", auto_now_add=True)

    history = HistoricalRecords(
        verbose_name="historial de persona buscadora de empleo",
        verbose_name_plural="historial de personas buscadoras de empleo",
    )

    objects = JobSeekerQuerySet.as_manager()

    class Meta:
        verbose_name = "persona buscadora de empleo"
        verbose_name_plural = "personas buscadoras de empleo"
        ordering = ["last_name", "first_name"]
        permissions = [
            ("erase_jobseeker", "Puede eliminar los datos personales de una persona"),
            ("export_jobseeker", "Puede exportar los datos de una persona"),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="jobseeker_name_idx"),
            models.Index(fields=["comuna"], name="jobseeker_comuna_idx"),
            models.Index(fields=["-created_at"], name="jobseeker_created_idx"),
            # The registry and the candidate search never show erased people.
            models.Index(
                fields=["last_name", "first_name"],
                condition=Q(erased_at__isnull=True),
                name="jobseeker_active_name_idx",
            ),
            models.Index(fields=["education", "last_name"], name="jobseeker_education_idx"),
            models.Index(fields=["consent_given_at"], name="jobseeker_consent_idx"),
            models.Index(
                fields=["consent_withdrawn_at"],
                condition=Q(consent_withdrawn_at__isnull=False),
                name="jobseeker_withdrawn_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given_at__isnull=True) | ~Q(consent_purpose=""),
                name="jobseeker_consent_has_purpose",
                violation_error_message="Indique para qué se otorga el consentimiento.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_comuna_display(self) -> str:
        # Django's own flattens every choice on each call; a list calls it once per row.
        return comuna_display(self.comuna)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def rut_display(self) -> str:
        return format_rut(self.rut)

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.erased_at is None

    @property
    def consent_withdrawn(self) -> bool:
        return self.consent_given_at is None and self.consent_withdrawn_at is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Workshop(models.Model):
    """A job-readiness workshop (taller de apresto)."""

    date = models.DateField("fecha")
    topic = models.CharField("tema", max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="facilitadora",
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    place = models.CharField("lugar", max_length=200, blank=True)
    attendees = models.ManyToManyField(
        JobSeeker, verbose_name="asistentes", blank=True, related_name="workshops"
    )

    class Meta:
        verbose_name = "taller de apresto"
        verbose_name_plural = "talleres de apresto"
        ordering = ["-date"]
        indexes = [models.Index(fields=["-date"], name="workshop_date_idx")]

    def __str__(self):
        return f"{self.topic} ({self.date:%d-%m-%Y})"


class VacancyQuerySet(models.QuerySet):
    def captured(self):
        """Vacancies the OMIL holds: a company's proposal counts nowhere until the gestora
        confirms it (and a declined one never does)."""
        return self.exclude(status__in=Vacancy.PROPOSAL_STATUSES)


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Abierta"
        FILLED = "filled", "Cubierta"
        CLOSED = "closed", "Cerrada"
        CANCELLED = "cancelled", "Cancelada"
        PROPOSED = "proposed", "Propuesta por la empresa"
        DECLINED = "declined", "Propuesta no aceptada"

    PROPOSAL_STATUSES = (Status.PROPOSED, Status.DECLINED)

    class Contract(models.TextChoices):
        INDEFINITE = "indefinite", "Indefinido"
        FIXED_TERM = "fixed_term", "Plazo fijo"
        PER_JOB = "per_job", "Por obra o faena"
        APPRENTICESHIP = "apprenticeship", "Aprendizaje"
        PART_TIME = "part_time", "Jornada parcial"

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField("cargo", max_length=200)
    positions = models.PositiveSmallIntegerField("cupos", default=1)
    requirements = models.TextField("requisitos", blank=True)
    shift = models.CharField("jornada / turno", max_length=120, blank=True)
    contract_type = models.CharField(
        "tipo de contrato", max_length=20, choices=Contract.choices, default=Contract.FIXED_TERM
    )
    salary_min = models.PositiveIntegerField("renta mínima ($)", null=True, blank=True)
    salary_max = models.PositiveIntegerField("renta máxima ($)", null=True, blank=True)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField("fecha de captación", default=timezone.localdate)
    closing_date = models.DateField("fecha de cierre", null=True, blank=True)
    bne_code = models.CharField(
        "código BNE",
        max_length=30,
        blank=True,
        help_text="Código de la oferta en la Bolsa Nacional de Empleo, si se publicó allí.",
    )
    # Empty only while the vacancy is a company's proposal: whoever confirms it captures it.
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="captada por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="captured_vacancies",
    )
    captured_on_visit = models.ForeignKey(
        Visit,
        verbose_name="captada en la visita",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vacancies",
    )
    created_at = models.DateTimeField("registrada", auto_now_add=True)
    proposed_by = models.ForeignKey(
        Contact,
        verbose_name="propuesta por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_vacancies",
    )
    proposed_at = models.DateTimeField("propuesta el", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="propuesta revisada por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("propuesta revisada el", null=True, blank=True)
    decline_reason = models.TextField("motivo del rechazo", blank=True)
    inclusive = models.BooleanField("vacante inclusiva (Ley 21.015)", default=False)

    objects = VacancyQuerySet.as_manager()

    # Any gestora may correct a colleague's vacancy (README, «Roles y permisos»): the history
    # says who changed what.
    history = HistoricalRecords(
        verbose_name="historial de vacante", verbose_name_plural="historial de vacantes"
    )

    class Meta:
        verbose_name = "vacante"
        verbose_name_plural = "vacantes"
        ordering = ["-opened_on", "-pk"]
        permissions = [
            (
                "review_vacancy_proposal",
                "Puede confirmar o rechazar las vacantes propuestas por las empresas",
            ),
        ]
        indexes = [
            # With the positions: the list's «N puestos» under a status filter (8,127 open
            # vacancies at 3×) is summed from the index alone.
            models.Index(
                fields=["status", "-opened_on"], include=["positions"], name="vacancy_status_idx"
            ),
            # With what a company's balance counts (omil_crm.balance): read from the index
            # alone, the first look at a company reads no vacancy from the table.
            models.Index(
                fields=["company", "-opened_on"],
                include=["status", "positions", "id"],
                name="vacancy_company_idx",
            ),
            models.Index(fields=["-opened_on"], name="vacancy_opened_idx"),
            models.Index(fields=["closing_date"], name="vacancy_closing_idx"),
            models.Index(
                fields=["-opened_on"], condition=Q(inclusive=True), name="vacancy_inclusive_idx"
            ),
            # The dashboard finds the park of each placement and referral counted live
            # through its vacancy and company, a lookup per row: read from the index alone.
            models.Index(fields=["id"], include=["company"], name="vacancy_company_lookup_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(positions__gte=1),
                name="vacancy_positions_min",
                violation_error_message="Los cupos deben ser al menos 1.",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="vacancy_salary_range_in_order",
                violation_error_message="La renta máxima no puede ser menor que la mínima.",
            ),
            models.CheckConstraint(
                condition=Q(closing_date__isnull=True) | Q(closing_date__gte=F("opened_on")),
                name="vacancy_closes_after_opening",
                violation_error_message=(
                    "La fecha de cierre no puede ser anterior a la de captación."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "declined"]) | Q(captured_by__isnull=False),
                name="vacancy_captured_has_captor",
                violation_error_message="Indique quién captó la vacante.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="vacancy_declined_has_reason",
                violation_error_message="Indique a la empresa por qué no se acepta la vacante.",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.company}"

    @property
    def salary_display(self) -> str:
        """The salary range in Chilean pesos as people write it: $650.000 a $800.000."""

        def pesos(amount: int) -> str:
            return "$" + f"{amount:,}".replace(",", ".")

        low, high = self.salary_min, self.salary_max
        if low and high:
            return pesos(low) if low == high else f"{pesos(low)} a {pesos(high)}"
        if low:
            return f"Desde {pesos(low)}"
        if high:
            return f"Hasta {pesos(high)}"
        return ""


class Referral(models.Model):
    """A job seeker put forward for a vacancy ("derivación de candidato")."""

    class Stage(models.TextChoices):
        REFERRED = "referred", "Derivado"
        INTERVIEW = "interview", "En entrevista"
        HIRED = "hired", "Contratado"
        NOT_SELECTED = "not_selected", "No seleccionado"
        WITHDRAWN = "withdrawn", "Desistió"

    ACTIVE_STAGES = (Stage.REFERRED, Stage.INTERVIEW, Stage.HIRED)

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name="persona", on_delete=models.PROTECT, related_name="referrals"
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name="vacante", on_delete=models.PROTECT, related_name="referrals"
    )
    stage = models.CharField("etapa", max_length=15, choices=Stage.choices, default=Stage.REFERRED)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="derivado por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    referred_at = models.DateTimeField("fecha de derivación", default=timezone.now)
    stage_changed_at = models.DateTimeField("último cambio de etapa", default=timezone.now)

    history = HistoricalRecords(
        verbose_name="historial de derivación",
        verbose_name_plural="historial de derivaciones",
    )

    class Meta:
        verbose_name = "derivación de candidato"
        verbose_name_plural = "derivaciones de candidatos"
        ordering = ["-referred_at"]
        indexes = [
            # The date and id serve a company's balance, counted from the index alone.
            models.Index(
                fields=["vacancy", "stage"],
                include=["referred_at", "id"],
                name="referral_board_idx",
            ),
            models.Index(fields=["job_seeker", "-referred_at"], name="referral_person_idx"),
            models.Index(fields=["-referred_at"], name="referral_date_idx"),
            # The referral list: by stage, newest first, or by the last change of stage.
            models.Index(fields=["stage", "-referred_at"], name="referral_stage_idx"),
            models.Index(fields=["-stage_changed_at"], name="referral_stage_changed_idx"),
            models.Index(
                fields=["referred_at", "vacancy", "referred_by"],
                name="referral_dashboard_idx",
            ),
            # A placement's vacancy, read from the index alone (see vacancy_company_lookup_idx).
            models.Index(fields=["id"], include=["vacancy"], name="referral_vacancy_lookup_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker", "vacancy"],
                condition=Q(stage__in=["referred", "interview", "hired"]),
                name="referral_one_active_per_person_and_vacancy",
                violation_error_message="Esta persona ya está derivada a esta vacante.",
            ),
            models.CheckConstraint(
                condition=Q(stage_changed_at__gte=F("referred_at")),
                name="referral_stage_change_after_referral",
                violation_error_message="El cambio de etapa no puede ser anterior a la derivación.",
            ),
        ]

    def __str__(self):
        return f"{self.job_seeker} → {self.vacancy}"


class ReferralStageChange(models.Model):
    """Who moved a referral from one stage to another, and when."""

    referral = models.ForeignKey(
        Referral, verbose_name="derivación", on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(
        "etapa anterior", max_length=15, choices=Referral.Stage.choices, blank=True
    )
    to_stage = models.CharField("etapa nueva", max_length=15, choices=Referral.Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="por", on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField("cuándo", default=timezone.now)

    class Meta:
        verbose_name = "cambio de etapa"
        verbose_name_plural = "cambios de etapa"
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Evaluation(models.Model):
    """A psycho-labour evaluation: sensitive data, read only by the Psicóloga and the Encargado."""

    class Result(models.TextChoices):
        SUITABLE = "suitable", "Recomendable"
        SUITABLE_WITH_NOTES = "suitable_with_notes", "Recomendable con observaciones"
        NOT_SUITABLE = "not_suitable", "No recomendable"

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name="persona", on_delete=models.CASCADE, related_name="evaluations"
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name="derivación",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    psychologist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="psicóloga",
        on_delete=models.PROTECT,
        related_name="evaluations_written",
    )
    evaluated_on = models.DateField("fecha", default=timezone.localdate)
    result = models.CharField("resultado", max_length=25, choices=Result.choices)
    notes = models.TextField("observaciones", blank=True)

    history = HistoricalRecords(
        verbose_name="historial de evaluación psicolaboral",
        verbose_name_plural="historial de evaluaciones psicolaborales",
    )

    class Meta:
        verbose_name = "evaluación psicolaboral"
        verbose_name_plural = "evaluaciones psicolaborales"
        ordering = ["-evaluated_on"]
        indexes = [
            models.Index(fields=["job_seeker", "-evaluated_on"], name="evaluation_person_idx")
        ]

    def __str__(self):
        return f"Evaluación {self.evaluated_on:%d-%m-%Y}"


class EvaluationRead(models.Model):
    """Every time someone opens an evaluation (accountability for sensitive data)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="evaluación", on_delete=models.CASCADE, related_name="reads"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="leída por", on_delete=models.PROTECT
    )
    read_at = models.DateTimeField("cuándo", default=timezone.now)

    class Meta:
        verbose_name = "lectura de evaluación"
        verbose_name_plural = "lecturas de evaluaciones"
        ordering = ["-read_at"]
        indexes = [models.Index(fields=["evaluation", "-read_at"], name="evaluation_read_idx")]

    def __str__(self):
        return f"{self.reader} leyó {self.evaluation}"


class Placement(models.Model):
    """A hire. Only possible from a referral: the one-to-one link is required."""

    referral = models.OneToOneField(
        Referral, verbose_name="derivación", on_delete=models.PROTECT, related_name="placement"
    )
    start_date = models.DateField("fecha de inicio")
    contract_type = models.CharField(
        "tipo de contrato", max_length=20, choices=Vacancy.Contract.choices
    )
    contract_months = models.PositiveSmallIntegerField(
        "duración del contrato (meses)", null=True, blank=True
    )
    written_contract = models.BooleanField("contrato escrito", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="registrada por", on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField("registrada", default=timezone.now)

    class Meta:
        verbose_name = "colocación"
        verbose_name_plural = "colocaciones"
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["-start_date"], name="placement_start_idx"),
            # The placement list: by contract, newest first, or by when it was recorded.
            models.Index(fields=["contract_type", "-start_date"], name="placement_contract_idx"),
            models.Index(fields=["-recorded_at"], name="placement_recorded_idx"),
            models.Index(
                fields=["start_date", "referral", "recorded_by"],
                name="placement_dashboard_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                # Placements recorded before the length was asked may lack it: the
                # services require it and the SENCE reconciliation lists the missing ones.
                condition=Q(contract_months__isnull=True)
                | Q(contract_type=Vacancy.Contract.FIXED_TERM, contract_months__gte=1),
                name="placement_fixed_term_length",
                violation_error_message=(
                    "La duración en meses se indica solo para un contrato a plazo fijo, y es "
                    "de al menos un mes."
                ),
            ),
        ]

    def __str__(self):
        return f"Colocación de {self.referral.job_seeker}"


# Kept in their own modules for size; imported here so Django registers the models.
from vacancies import inclusion_models  # noqa: E402, F401
from vacancies.consent_models import Consent  # noqa: E402, F401
from vacancies.guidance_models import GuidanceSession  # noqa: E402, F401
from vacancies.programme_models import Programme, ProgrammeOffer  # noqa: E402, F401
from vacancies.rights_models import DataSubjectRequest  # noqa: E402, F401
