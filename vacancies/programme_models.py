"""SENCE programmes and the offers of them made to companies (imported by models.py, kept
apart for size)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models import Company


class Programme(models.Model):
    """A SENCE programme the OMIL offers to companies and their workers."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Capacitación"
        SUBSIDY = "subsidy", "Subsidio a la contratación"
        BONUS = "bonus", "Bono a trabajadores"
        TAX_FRANCHISE = "tax_franchise", "Franquicia tributaria"
        OTHER = "other", "Otro"

    name = models.CharField(
        "nombre",
        max_length=150,
        unique=True,
        error_messages={"unique": "Ya existe un programa con ese nombre."},
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    description = models.TextField("descripción", blank=True)
    target = models.CharField("dirigido a", max_length=300, blank=True)
    url = models.URLField("más información", blank=True)
    is_active = models.BooleanField("vigente", default=True)

    class Meta:
        verbose_name = "programa SENCE"
        verbose_name_plural = "programas SENCE"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammeOffer(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", "Ofrecido"
        INTERESTED = "interested", "Interesada"
        ENROLLED = "enrolled", "Inscrita"
        DECLINED = "declined", "No le interesa"

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="programme_offers"
    )
    programme = models.ForeignKey(
        Programme, verbose_name="programa", on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(
        "estado", max_length=12, choices=Status.choices, default=Status.OFFERED
    )
    workers_involved = models.PositiveIntegerField("trabajadores involucrados", default=0)
    notes = models.TextField("notas", blank=True)
    offered_on = models.DateField("fecha de oferta", default=timezone.localdate)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ofrecido por", on_delete=models.PROTECT
    )
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        verbose_name = "oferta de programa"
        verbose_name_plural = "ofertas de programas"
        ordering = ["-offered_on"]
        indexes = [
            models.Index(fields=["status", "-offered_on"], name="offer_status_idx"),
            models.Index(fields=["company", "-offered_on"], name="offer_company_idx"),
            models.Index(fields=["programme", "-offered_on"], name="offer_programme_idx"),
            models.Index(fields=["-offered_on"], name="offer_date_idx"),
        ]

    def __str__(self):
        return f"{self.programme} para {self.company}"
