"""Coordinates of a place on the map (a company, a park), with the database's range checks."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


def latitude_field():
    return models.DecimalField(
        "latitud",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-90"), "La latitud debe estar entre -90 y 90."),
            MaxValueValidator(Decimal("90"), "La latitud debe estar entre -90 y 90."),
        ],
        help_text="Grados decimales; en Chile, negativa (ej.: -32.937000).",
    )


def longitude_field():
    return models.DecimalField(
        "longitud",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-180"), "La longitud debe estar entre -180 y 180."),
            MaxValueValidator(Decimal("180"), "La longitud debe estar entre -180 y 180."),
        ],
        help_text="Grados decimales; en Chile, negativa (ej.: -71.485000).",
    )


def coordinate_constraints(prefix: str) -> list:
    """Latitude and longitude within range, and both given or neither (half a pin is no pin)."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_in_range",
            violation_error_message="La latitud debe estar entre -90 y 90.",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_in_range",
            violation_error_message="La longitud debe estar entre -180 y 180.",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_both_or_none",
            violation_error_message="Indique la latitud y la longitud, o ninguna de las dos.",
        ),
    ]
