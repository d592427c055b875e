"""The «¿Quedó resuelto?» survey: one per resolution of a request (imported by models.py)."""

from django.db import models
from django.db.models import F, Q

ANSWER_FIELDS_TOGETHER = Q(
    answered_at__isnull=True, resolved__isnull=True, rating__isnull=True, answered_via=""
) | (
    Q(answered_at__isnull=False, resolved__isnull=False, rating__isnull=False) & ~Q(answered_via="")
)


class ResolutionSurvey(models.Model):
    """Asked of the company each time a request becomes «Resuelta».

    The email link carries a random token; only its SHA-256 is stored, so the database alone
    never opens a survey. A «No» reopens the request (requests_routing.surveys).
    """

    class Via(models.TextChoices):
        EMAIL = "correo", "Correo"
        PORTAL = "portal", "Portal de empresas"

    request = models.ForeignKey(
        "requests_routing.ServiceRequest",
        verbose_name="solicitud",
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    # The change to «Resuelta» this survey asks about: one survey per resolution.
    resolution_event = models.OneToOneField(
        "requests_routing.RequestEvent",
        verbose_name="resolución",
        on_delete=models.CASCADE,
        related_name="survey",
    )
    email_event = models.OneToOneField(
        "requests_routing.RequestEvent",
        verbose_name="correo de la encuesta",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField("huella del enlace", max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField("enviada")
    expires_at = models.DateTimeField("vence")
    answered_at = models.DateTimeField("respondida", null=True, blank=True)
    answered_via = models.CharField(
        "respondida por", max_length=10, choices=Via.choices, blank=True
    )
    resolved = models.BooleanField("¿quedó resuelto?", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("nota (1 a 5)", null=True, blank=True)
    comment = models.TextField("comentario", blank=True)
    answered_by = models.ForeignKey(
        "companies.Contact",
        verbose_name="contacto que respondió",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "encuesta de resolución"
        verbose_name_plural = "encuestas de resolución"
        ordering = ["-sent_at", "-pk"]
        indexes = [
            # The panel's figures per period: sent and answered in a date range.
            models.Index(fields=["sent_at"], name="survey_sent_idx"),
            models.Index(
                fields=["answered_at", "resolved"],
                condition=Q(answered_at__isnull=False),
                name="survey_answered_idx",
            ),
            models.Index(fields=["request", "-sent_at"], name="survey_request_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
                violation_error_message="La nota debe ser un número del 1 al 5.",
            ),
            models.CheckConstraint(
                condition=ANSWER_FIELDS_TOGETHER,
                name="survey_answer_complete",
                violation_error_message=(
                    "Una respuesta indica a la vez si quedó resuelto, la nota, la fecha y el "
                    "medio; una encuesta sin responder no tiene ninguno."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("sent_at")),
                name="survey_expires_after_sent",
                violation_error_message="La encuesta debe vencer después de enviarse.",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="survey_unique_token",
                violation_error_message="Ese enlace de encuesta ya existe.",
            ),
        ]

    def __str__(self):
        return f"Encuesta de {self.request.reference}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
