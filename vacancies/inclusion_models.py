"""Labour inclusion under Ley 21.015: a person's inclusion profile, their evaluación funcional,
the análisis de puesto de trabajo of a vacancy, and the log of every reading of them.

Disability data is sensitive (Ley 21.719): it is recorded only with the person's live consent
for this purpose (Consent.Purpose.INCLUSION_DATA). When the consent is withdrawn the rows stay,
sealed (vacancies/inclusion_services.py): nobody sees them in the app, but the counts of past
months (evaluations, persons with a disability placed) do not change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DisabilityType(models.TextChoices):
    """Broad categories, as the Registro Nacional de la Discapacidad groups them."""

    PHYSICAL = "physical", "Física"
    VISUAL = "visual", "Sensorial visual"
    HEARING = "hearing", "Sensorial auditiva"
    INTELLECTUAL = "intellectual", "Mental intelectual"
    PSYCHOSOCIAL = "psychosocial", "Mental psíquica o psicosocial"
    MULTIPLE = "multiple", "Múltiple"


class InclusionProfile(models.Model):
    """One per person: their RND credential and the adjustments they need at work."""

    job_seeker = models.OneToOneField(
        "vacancies.JobSeeker",
        verbose_name="persona",
        on_delete=models.CASCADE,
        related_name="inclusion_profile",
    )
    has_credential = models.BooleanField(
        "tiene credencial del Registro Nacional de la Discapacidad", default=False
    )
    credential_number = models.CharField("N.º de credencial", max_length=30, blank=True)
    credential_date = models.DateField("fecha de la credencial", null=True, blank=True)
    disability_type = models.CharField(
        "tipo de discapacidad", max_length=15, choices=DisabilityType.choices, blank=True
    )
    disability_pension = models.BooleanField("recibe pensión de invalidez", default=False)
    adjustments = models.TextField("ajustes que necesita", blank=True)
    notes = models.TextField("observaciones", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modificado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("registrado", default=timezone.now)
    updated_at = models.DateTimeField("modificado", default=timezone.now)

    class Meta:
        verbose_name = "perfil de inclusión laboral"
        verbose_name_plural = "perfiles de inclusión laboral"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(has_credential=True) | Q(credential_number="", credential_date=None),
                name="inclusion_credential_data_needs_credential",
                violation_error_message=(
                    "El número y la fecha de la credencial se indican solo si la persona tiene "
                    "credencial."
                ),
            ),
        ]

    def __str__(self):
        return f"Perfil de inclusión de la persona N.º {self.job_seeker_id}"


class FunctionalEvaluation(models.Model):
    """The evaluación funcional: what the person can do and which adjustments help."""

    job_seeker = models.ForeignKey(
        "vacancies.JobSeeker",
        verbose_name="persona",
        on_delete=models.CASCADE,
        related_name="functional_evaluations",
    )
    evaluated_on = models.DateField("fecha", default=timezone.localdate)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="evaluadora",
        on_delete=models.PROTECT,
        related_name="+",
    )
    findings = models.TextField("resultados de la evaluación")
    recommended_adjustments = models.TextField("ajustes recomendados", blank=True)
    suitable_tasks = models.TextField("tareas adecuadas", blank=True)
    created_at = models.DateTimeField("registrada", default=timezone.now)

    class Meta:
        verbose_name = "evaluación funcional"
        verbose_name_plural = "evaluaciones funcionales"
        ordering = ["-evaluated_on", "-pk"]
        indexes = [
            models.Index(fields=["-evaluated_on", "-id"], name="functional_eval_date_idx"),
            models.Index(fields=["job_seeker", "-evaluated_on"], name="functional_eval_person_idx"),
        ]

    def __str__(self):
        return f"Evaluación funcional ({self.evaluated_on:%d-%m-%Y})"


class JobAnalysis(models.Model):
    """The análisis de puesto de trabajo of a vacancy's position: what it demands, whether the
    workplace is accessible, which adjustments the company could make."""

    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        verbose_name="vacante",
        on_delete=models.PROTECT,
        related_name="job_analyses",
    )
    analysed_on = models.DateField("fecha", default=timezone.localdate)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="analista",
        on_delete=models.PROTECT,
        related_name="+",
    )
    physical_demands = models.TextField("exigencias físicas", blank=True)
    cognitive_demands = models.TextField("exigencias cognitivas", blank=True)
    sensory_demands = models.TextField("exigencias sensoriales", blank=True)
    accessibility = models.TextField("accesibilidad del lugar de trabajo", blank=True)
    possible_adjustments = models.TextField("ajustes posibles", blank=True)
    suitable = models.BooleanField("puesto adecuado para una persona con discapacidad")
    created_at = models.DateTimeField("registrado", default=timezone.now)

    class Meta:
        verbose_name = "análisis de puesto de trabajo"
        verbose_name_plural = "análisis de puestos de trabajo"
        ordering = ["-analysed_on", "-pk"]
        indexes = [
            models.Index(fields=["-analysed_on", "-id"], name="job_analysis_date_idx"),
            models.Index(fields=["vacancy", "-analysed_on"], name="job_analysis_vacancy_idx"),
        ]

    def __str__(self):
        return f"Análisis de puesto ({self.analysed_on:%d-%m-%Y})"


class InclusionRead(models.Model):
    """Every opening of an inclusion profile, a functional evaluation or a job analysis, like
    EvaluationRead for psycho-labour evaluations: exactly one of the three is set."""

    profile = models.ForeignKey(
        InclusionProfile,
        verbose_name="perfil de inclusión",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reads",
    )
    functional_evaluation = models.ForeignKey(
        FunctionalEvaluation,
        verbose_name="evaluación funcional",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reads",
    )
    job_analysis = models.ForeignKey(
        JobAnalysis,
        verbose_name="análisis de puesto",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reads",
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="leído por", on_delete=models.PROTECT
    )
    read_at = models.DateTimeField("cuándo", default=timezone.now)

    class Meta:
        verbose_name = "lectura de datos de inclusión"
        verbose_name_plural = "lecturas de datos de inclusión"
        ordering = ["-read_at", "-pk"]
        indexes = [
            models.Index(fields=["profile", "-read_at"], name="inclusion_read_profile_idx"),
            models.Index(
                fields=["functional_evaluation", "-read_at"], name="inclusion_read_eval_idx"
            ),
            models.Index(fields=["job_analysis", "-read_at"], name="inclusion_read_analysis_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(profile__isnull=False, functional_evaluation=None, job_analysis=None)
                    | Q(profile=None, functional_evaluation__isnull=False, job_analysis=None)
                    | Q(profile=None, functional_evaluation=None, job_analysis__isnull=False)
                ),
                name="inclusion_read_one_object",
                violation_error_message="Una lectura registra un solo documento.",
            ),
        ]

    def __str__(self):
        return f"{self.reader} leyó datos de inclusión"
