"""Job guidance sessions (orientación laboral): SENCE counts the persons guided each month."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class GuidanceTopic(models.TextChoices):
    CV = "cv", "CV y postulación"
    INTERVIEW = "interview", "Entrevista"
    RIGHTS = "rights", "Derechos laborales"
    BNE = "bne", "Búsqueda en la Bolsa Nacional de Empleo"
    ENTREPRENEURSHIP = "entrepreneurship", "Emprendimiento"
    TRAINING = "training", "Capacitación/SENCE"
    OTHER = "other", "Otro"


class GuidanceSession(models.Model):
    """One session with one person (individual) or several (grupal)."""

    class Mode(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Grupal"

    held_on = models.DateField("fecha")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="orientadora",
        on_delete=models.PROTECT,
        related_name="guidance_sessions",
    )
    mode = models.CharField("modalidad", max_length=12, choices=Mode.choices)
    participants = models.ManyToManyField(
        "vacancies.JobSeeker", verbose_name="participantes", related_name="guidance_sessions"
    )
    topics = models.JSONField("temas", default=list)
    topic_other = models.CharField("otro tema", max_length=200, blank=True)
    next_steps = models.TextField("próximos pasos", blank=True)
    follow_up_on = models.DateField("fecha de seguimiento", null=True, blank=True)
    created_at = models.DateTimeField("registrada", auto_now_add=True)

    history = HistoricalRecords(
        verbose_name="historial de sesión de orientación laboral",
        verbose_name_plural="historial de sesiones de orientación laboral",
    )

    class Meta:
        verbose_name = "sesión de orientación laboral"
        verbose_name_plural = "sesiones de orientación laboral"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["-held_on"], name="guidance_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gte=models.F("held_on")),
                name="guidance_follow_up_after_session",
                violation_error_message="El seguimiento no puede ser anterior a la sesión.",
            ),
        ]

    def __str__(self):
        return f"Orientación {self.get_mode_display().lower()} ({self.held_on:%d-%m-%Y})"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(GuidanceTopic.choices)
        shown = [labels[key] for key in self.topics if key in labels and key != "other"]
        if "other" in self.topics:
            shown.append(f"Otro: {self.topic_other}" if self.topic_other else "Otro")
        return shown
