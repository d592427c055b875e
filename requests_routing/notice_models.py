"""The notice templates the Encargado edits (kept apart from models.py, which imports it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class NoticeTemplate(models.Model):
    """The wording of one notice, for one category or for all of them.

    Each kind is tied to one step of the request's life cycle (see `Kind`), so «per category
    and status» is «per category and kind». A missing row means the default wording; the
    resolution order is in requests_routing.notices.
    """

    class Kind(models.TextChoices):
        # Step: the request is routed (Derivada); to the company.
        ACKNOWLEDGEMENT = "acknowledgement", "Acuse de recibo a la empresa"
        # Step: the request is routed (Derivada); to the department.
        DERIVATION = "derivation", "Derivación al departamento"
        # Step: still routed, the department has not answered; to the department.
        REMINDER = "reminder", "Recordatorio al departamento"
        # Step: the request is resolved (Resuelta); to the company.
        RESOLUTION = "resolution", "Aviso de resolución a la empresa"
        # Step: after the resolution, «¿quedó resuelto?»; to the company.
        SURVEY = "survey", "Encuesta «¿quedó resuelto?»"

    kind = models.CharField("aviso", max_length=20, choices=Kind.choices)
    category = models.ForeignKey(
        "requests_routing.RequestCategory",
        verbose_name="categoría",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice_templates",
        help_text="Vacía: vale para todas las categorías que no tengan una plantilla propia.",
    )
    subject = models.CharField("asunto", max_length=200)
    body = models.TextField("texto")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modificada por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("modificada", auto_now=True)

    history = HistoricalRecords(
        verbose_name="historial de plantilla de aviso",
        verbose_name_plural="historial de plantillas de aviso",
        excluded_fields=["updated_at"],
    )

    class Meta:
        verbose_name = "plantilla de aviso"
        verbose_name_plural = "plantillas de aviso"
        ordering = ["kind", "category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category"],
                name="notice_template_one_per_category",
                violation_error_message="Ya existe una plantilla de este aviso para esa categoría.",
            ),
            # NULL never equals NULL in a unique index: the «all categories» row needs its own.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(category__isnull=True),
                name="notice_template_one_for_all",
                violation_error_message=(
                    "Ya existe una plantilla de este aviso para todas las categorías."
                ),
            ),
        ]

    def __str__(self):
        scope = self.category.name if self.category_id else "todas las categorías"
        return f"{self.get_kind_display()} ({scope})"
