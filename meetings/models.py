"""Park meetings (the monthly cycle and others), who attended, and what was agreed."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from companies.models import Company, Contact, FollowUp, IndustrialPark


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Reunión mensual del parque"
        BREAKFAST = "breakfast", "Desayuno empresarial"
        OTHER = "other", "Otra reunión"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Programada"
        HELD = "held", "Realizada"
        CANCELLED = "cancelled", "Cancelada"

    park = models.ForeignKey(
        IndustrialPark,
        verbose_name="parque",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField("tipo", max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    title = models.CharField("título", max_length=200)
    cycle_month = models.DateField(
        "mes del ciclo",
        null=True,
        blank=True,
        help_text="Primer día del mes al que corresponde una reunión mensual.",
    )
    starts_at = models.DateTimeField("inicio")
    ends_at = models.DateTimeField("término")
    place = models.CharField("lugar", max_length=200, blank=True)
    status = models.CharField(
        "estado", max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    agenda = models.TextField("tabla", blank=True)
    minutes = models.TextField("acta", blank=True)
    # Raised whenever the date or place changes, so calendar clients replace the old copy.
    sequence = models.PositiveIntegerField("versión", default=0)
    updated_at = models.DateTimeField("actualizada", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="creada por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "reunión"
        verbose_name_plural = "reuniones"
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["park", "-starts_at"], name="meeting_park_idx"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_idx"),
            models.Index(fields=["-starts_at"], name="meeting_start_idx"),
            models.Index(fields=["kind", "-starts_at"], name="meeting_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="El término debe ser posterior al inicio.",
            ),
            # One monthly meeting per park and month, so the scheduler can run any number
            # of times without creating a second one.
            models.UniqueConstraint(
                fields=["park", "cycle_month"],
                condition=Q(kind="monthly"),
                name="meeting_one_monthly_per_park",
                violation_error_message="Este parque ya tiene su reunión mensual de ese mes.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="monthly") | Q(cycle_month__isnull=False, park__isnull=False),
                name="meeting_monthly_has_park_and_month",
                violation_error_message="Una reunión mensual debe indicar su parque y su mes.",
            ),
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """A company contact or a staff member invited to (and perhaps present at) a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="reunión", on_delete=models.CASCADE, related_name="attendances"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name="contacto",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    attended = models.BooleanField("asistió", default=False)

    class Response(models.TextChoices):
        ATTENDING = "attending", "Confirmó asistencia"
        NOT_ATTENDING = "not_attending", "Avisó que no podrá asistir"

    # The contact's own answer, given on the company portal (staff record who came above).
    portal_response = models.CharField(
        "respuesta por el portal", max_length=15, choices=Response.choices, blank=True
    )
    portal_responded_at = models.DateTimeField("respondió el", null=True, blank=True)

    class Meta:
        verbose_name = "asistencia"
        verbose_name_plural = "asistencias"
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, staff__isnull=True)
                | Q(contact__isnull=True, staff__isnull=False),
                name="attendance_is_contact_or_staff",
                violation_error_message=(
                    "Cada asistencia es de un contacto de empresa o de un funcionario: uno de los "
                    "dos, no ambos."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"],
                name="attendance_contact_once",
                violation_error_message="Este contacto ya está invitado a la reunión.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "staff"],
                name="attendance_staff_once",
                violation_error_message="Este funcionario ya está invitado a la reunión.",
            ),
            models.CheckConstraint(
                condition=Q(portal_response="") | Q(contact__isnull=False),
                name="attendance_portal_response_is_a_contacts",
                violation_error_message="Solo un contacto de empresa responde por el portal.",
            ),
        ]
        indexes = [models.Index(fields=["contact", "meeting"], name="attendance_contact_idx")]

    def __str__(self):
        who = self.contact or self.staff
        return f"{who} en {self.meeting}"


class Agreement(models.Model):
    """A commitment made at a meeting; each one becomes a follow-up for its responsible."""

    class Status(models.TextChoices):
        OPEN = "open", "Pendiente"
        DONE = "done", "Cumplido"
        CANCELLED = "cancelled", "Descartado"

    meeting = models.ForeignKey(
        Meeting, verbose_name="reunión", on_delete=models.PROTECT, related_name="agreements"
    )
    description = models.TextField("acuerdo")
    company = models.ForeignKey(
        Company,
        verbose_name="empresa",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    due_date = models.DateField("fecha comprometida")
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.OPEN)
    follow_up = models.OneToOneField(
        FollowUp,
        verbose_name="seguimiento",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement",
    )

    class Meta:
        verbose_name = "acuerdo"
        verbose_name_plural = "acuerdos"
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["responsible", "status", "due_date"], name="agreement_mine_idx"),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_fulfilled(self) -> bool:
        """Done here, or its follow-up marked done in the follow-ups list."""
        if self.status == self.Status.DONE:
            return True
        return self.follow_up is not None and self.follow_up.done_at is not None
