"""The Alcaldía's flags: a company newly settled in a park, to be visited."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models.companies import Company
from companies.models.visits import FollowUp, Visit


class CompanyFlag(models.Model):
    """The Alcaldía's notice that a company has newly settled in a park and must be visited."""

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="señalada por",
        on_delete=models.PROTECT,
        related_name="company_flags",
    )
    flagged_at = models.DateTimeField("fecha del aviso", default=timezone.now)
    note = models.TextField("nota", blank=True)
    follow_up = models.OneToOneField(
        FollowUp,
        verbose_name="seguimiento creado",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flag",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name="visita que la atendió",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "aviso de empresa nueva"
        verbose_name_plural = "avisos de empresas nuevas"
        ordering = ["-flagged_at"]
        indexes = [
            models.Index(fields=["flagged_by", "-flagged_at"], name="flag_by_user_idx"),
        ]

    def __str__(self):
        return f"Aviso: {self.company}"

    @property
    def status_display(self) -> str:
        if self.visit_id is None:
            return "Pendiente de visita"
        moment = timezone.localtime(self.visit.happened_at)
        return f"Visitada el {moment:%d-%m-%Y} por {self.visit.staff.get_full_name()}"
