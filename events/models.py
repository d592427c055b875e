"""Employer events: the «encuentros empresariales», business breakfasts, job fairs and mass
recruitments that SENCE counts for the OMIL programme; which companies were invited and came,
the vacancies offered there and the job seekers who took part."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from companies.models import Company, IndustrialPark
from vacancies.models import JobSeeker, Vacancy


class EmployerEvent(models.Model):
    class Kind(models.TextChoices):
        ENCOUNTER = "encounter", "Encuentro empresarial"
        BREAKFAST = "breakfast", "Desayuno empresarial"
        FAIR = "fair", "Feria laboral"
        MASS_RECRUITMENT = "mass_recruitment", "Reclutamiento masivo"

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", "Presencial"
        ONLINE = "online", "En línea"

    class Organiser(models.TextChoices):
        OMIL = "omil", "OMIL"
        ALCALDIA = "alcaldia", "Alcaldía"
        SENCE = "sence", "SENCE"
        OTHER = "other", "Otro"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Programado"
        CANCELLED = "cancelled", "Cancelado"

    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    title = models.CharField("título", max_length=200)
    description = models.TextField("descripción", blank=True)
    modality = models.CharField(
        "modalidad", max_length=10, choices=Modality.choices, default=Modality.IN_PERSON
    )
    online_url = models.URLField("enlace de la reunión en línea", max_length=500, blank=True)
    date = models.DateField("fecha")
    start_time = models.TimeField("hora de inicio")
    end_time = models.TimeField("hora de término")
    place = models.CharField("lugar", max_length=200, blank=True)
    organiser = models.CharField(
        "organiza", max_length=10, choices=Organiser.choices, default=Organiser.OMIL
    )
    organiser_other = models.CharField("otro organizador", max_length=150, blank=True)
    park = models.ForeignKey(
        IndustrialPark,
        verbose_name="parque",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_events",
    )
    status = models.CharField(
        "estado", max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancelled_at = models.DateTimeField("cancelado el", null=True, blank=True)
    cancel_reason = models.CharField("motivo de la cancelación", max_length=300, blank=True)
    # Raised whenever the date, place or status changes, so calendar clients replace the copy
    # they received with the invitation.
    sequence = models.PositiveIntegerField("versión", default=0)
    companies = models.ManyToManyField(
        Company, through="EventCompany", related_name="employer_events", verbose_name="empresas"
    )
    vacancies = models.ManyToManyField(
        Vacancy, blank=True, related_name="employer_events", verbose_name="vacantes ofrecidas"
    )
    job_seekers = models.ManyToManyField(
        JobSeeker,
        through="EventParticipant",
        related_name="employer_events",
        verbose_name="participantes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="creado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "evento con empresas"
        verbose_name_plural = "eventos con empresas"
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [
            models.Index(fields=["-date", "-start_time"], name="event_date_idx"),
            models.Index(fields=["kind", "-date"], name="event_kind_idx"),
            models.Index(fields=["park", "-date"], name="event_park_idx"),
            models.Index(fields=["status", "date"], name="event_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="event_ends_after_start",
                violation_error_message="La hora de término debe ser posterior a la de inicio.",
            ),
            models.CheckConstraint(
                condition=~Q(organiser="other") | ~Q(organiser_other=""),
                name="event_other_organiser_named",
                violation_error_message="Si organiza «Otro», escriba el nombre de quien organiza.",
            ),
            models.CheckConstraint(
                condition=~Q(modality="online") | ~Q(online_url=""),
                name="event_online_has_link",
                violation_error_message="Un evento en línea necesita el enlace de la reunión.",
            ),
            models.CheckConstraint(
                condition=~Q(modality="in_person") | ~Q(place=""),
                name="event_in_person_has_place",
                violation_error_message="Un evento presencial necesita su lugar.",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | Q(status="scheduled", cancelled_at__isnull=True),
                name="event_cancelled_has_date",
                violation_error_message="Un evento cancelado registra cuándo se canceló.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    @property
    def organiser_label(self) -> str:
        if self.organiser == self.Organiser.OTHER:
            return self.organiser_other
        return self.get_organiser_display()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def where(self) -> str:
        """The place, or «En línea» for an online event (its link goes apart)."""
        if self.modality == self.Modality.ONLINE:
            return "En línea"
        return self.place


class EventCompany(models.Model):
    """A company invited to an event: its answer (given to staff or on the portal) and
    whether it came."""

    class Response(models.TextChoices):
        PENDING = "pending", "Pendiente"
        CONFIRMED = "confirmed", "Confirmó"
        DECLINED = "declined", "No asistirá"

    class Source(models.TextChoices):
        STAFF = "staff", "Registrada por la OMIL"
        PORTAL = "portal", "Por el portal"

    event = models.ForeignKey(
        EmployerEvent, verbose_name="evento", on_delete=models.CASCADE, related_name="invitations"
    )
    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="event_invitations"
    )
    invited_at = models.DateTimeField("invitada el", default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitada por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.CharField(
        "respuesta", max_length=10, choices=Response.choices, default=Response.PENDING
    )
    response_source = models.CharField(
        "respuesta recibida", max_length=10, choices=Source.choices, blank=True
    )
    responded_at = models.DateTimeField("respondió el", null=True, blank=True)
    attended = models.BooleanField("asistió", default=False)

    class Meta:
        verbose_name = "empresa invitada"
        verbose_name_plural = "empresas invitadas"
        ordering = ["company__legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "company"],
                name="event_company_once",
                violation_error_message="Esta empresa ya está invitada al evento.",
            ),
            models.CheckConstraint(
                condition=Q(response="pending", response_source="")
                | (~Q(response="pending") & ~Q(response_source="")),
                name="event_company_response_has_source",
                violation_error_message="Una respuesta registrada dice cómo se recibió.",
            ),
        ]
        indexes = [models.Index(fields=["company", "event"], name="event_company_idx")]

    def __str__(self):
        return f"{self.company} en {self.event}"

    @property
    def response_text(self) -> str:
        """The answer as staff read it: «Confirmó por el portal», «No asistirá»…"""
        if self.response == self.Response.PENDING:
            return "Sin respuesta"
        label = self.get_response_display()
        if self.response_source == self.Source.PORTAL:
            return f"{label} por el portal"
        return label


class EventParticipant(models.Model):
    """A job seeker at an event: came, was interviewed by a company there, was hired."""

    event = models.ForeignKey(
        EmployerEvent, verbose_name="evento", on_delete=models.CASCADE, related_name="participants"
    )
    job_seeker = models.ForeignKey(
        JobSeeker,
        verbose_name="persona",
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    attended = models.BooleanField("asistió", default=True)
    interviewed = models.BooleanField("tuvo entrevista", default=False)
    hired = models.BooleanField("fue contratada", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        verbose_name = "participante de evento"
        verbose_name_plural = "participantes de eventos"
        ordering = ["job_seeker__last_name", "job_seeker__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "job_seeker"],
                name="event_participant_once",
                violation_error_message="Esta persona ya está registrada en el evento.",
            ),
            models.CheckConstraint(
                condition=Q(attended=True) | Q(interviewed=False, hired=False),
                name="event_participant_present_first",
                violation_error_message=(
                    "Solo quien asistió puede quedar con entrevista o contratado."
                ),
            ),
        ]
        indexes = [models.Index(fields=["job_seeker", "event"], name="event_participant_idx")]

    def __str__(self):
        return f"{self.job_seeker} en {self.event}"
