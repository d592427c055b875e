"""Industrial parks: the group of companies the OMIL serves as one, with its meeting rule."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from companies.models.days import Weekday, WeekOfMonth
from companies.models.geo import coordinate_constraints, latitude_field, longitude_field
from omil_crm.base.comunas import comuna_choices, comuna_display


class IndustrialPark(models.Model):
    """A group of companies the OMIL serves as one, with its monthly meeting rule.

    The representative is a foreign key on the park, so a park has at most one representative
    by construction; `clean` checks that the person works for a company of this park.
    """

    name = models.CharField(
        "nombre",
        max_length=150,
        unique=True,
        error_messages={"unique": "Ya existe un parque industrial con ese nombre."},
    )
    comuna = models.CharField("comuna", max_length=5, choices=comuna_choices)
    address = models.CharField("dirección", max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    representative = models.ForeignKey(
        "Contact",
        verbose_name="representante del parque",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_parks",
    )
    gestora = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gestora territorial a cargo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parks_in_charge",
    )
    meeting_week = models.SmallIntegerField(
        "semana de la reunión mensual", choices=WeekOfMonth.choices, default=WeekOfMonth.SECOND
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        "día de la reunión mensual", choices=Weekday.choices, default=Weekday.WEDNESDAY
    )
    meeting_time = models.TimeField("hora de la reunión mensual", default=time(9, 0))
    meeting_place = models.CharField("lugar habitual de la reunión", max_length=200, blank=True)

    history = HistoricalRecords(
        verbose_name="historial de parque", verbose_name_plural="historial de parques"
    )

    class Meta:
        verbose_name = "parque industrial"
        verbose_name_plural = "parques industriales"
        ordering = ["name"]
        permissions = [
            ("change_own_park", "Puede editar el parque que tiene a cargo"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_weekday__gte=0, meeting_weekday__lte=6),
                name="park_meeting_weekday_valid",
                violation_error_message=(
                    "El día de la reunión debe ser un día de la semana, de lunes a domingo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(meeting_week__in=[1, 2, 3, 4, -1]),
                name="park_meeting_week_valid",
                violation_error_message=(
                    "La semana de la reunión debe ser la primera, segunda, tercera, cuarta o "
                    "última del mes."
                ),
            ),
            *coordinate_constraints("park"),
        ]

    def __str__(self):
        return self.name

    def get_comuna_display(self) -> str:
        # Django's own flattens every choice on each call; a list calls it once per row.
        return comuna_display(self.comuna)

    def clean(self):
        if self.representative_id and self.pk:
            company_park = self.representative.company.park_id
            if company_park != self.pk:
                raise ValidationError(
                    {"representative": "El representante debe trabajar en una empresa del parque."}
                )

    @property
    def meeting_rule_display(self) -> str:
        return (
            f"{self.get_meeting_week_display()} {self.get_meeting_weekday_display()} "
            f"de cada mes, {self.meeting_time:%H:%M}"
        )
