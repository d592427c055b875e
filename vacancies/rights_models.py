"""The rights a job seeker exercises over their data (Ley 21.719), as a record the office keeps."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataSubjectRequest(models.Model):
    """A right exercised by a job seeker under Ley 21.719, answered by the Encargado.

    The record outlives the person's data: after an erasure the person is an anonymous row (or
    none at all), but who answered what and when stays, as the law asks the office to prove.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "Acceso (página legible)"
        PORTABILITY = "portability", "Portabilidad (archivo JSON)"
        ERASURE = "erasure", "Supresión de datos"

    kind = models.CharField("derecho", max_length=12, choices=Kind.choices)
    job_seeker = models.ForeignKey(
        "vacancies.JobSeeker",
        verbose_name="persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_requests",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="atendida por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("cuándo", default=timezone.now)
    detail = models.CharField("detalle", max_length=300, blank=True)

    class Meta:
        verbose_name = "solicitud de derechos de datos"
        verbose_name_plural = "solicitudes de derechos de datos"
        ordering = ["-handled_at", "-pk"]
        indexes = [
            models.Index(fields=["-handled_at"], name="datarequest_date_idx"),
            models.Index(fields=["kind", "-handled_at"], name="datarequest_kind_idx"),
            models.Index(fields=["job_seeker", "-handled_at"], name="datarequest_person_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.handled_at:%d-%m-%Y})"
