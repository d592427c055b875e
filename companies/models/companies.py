"""Companies, their contacts and notes, and the Alcaldía's flags of new ones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from companies.models.days import WeekdaysField, weekdays_text
from companies.models.geo import coordinate_constraints, latitude_field, longitude_field
from companies.models.parks import IndustrialPark
from companies.rut import RutField, format_rut
from omil_crm.base.comunas import comuna_choices, comuna_display


class Sector(models.TextChoices):
    LOGISTICS = "logistics", "Logística y transporte"
    STORAGE = "storage", "Almacenaje y bodegaje"
    METALWORKING = "metalworking", "Metalmecánica"
    FOOD = "food", "Alimentos"
    CHEMICALS = "chemicals", "Químicos"
    CONSTRUCTION_SUPPLIES = "construction_supplies", "Materiales de construcción"
    ENERGY = "energy", "Energía"
    SERVICES = "services", "Servicios a empresas"
    OTHER = "other", "Otro"


class CompanyQuerySet(models.QuerySet):
    def not_contacted_since(self, moment):
        return self.filter(Q(last_contact_at__lt=moment) | Q(last_contact_at__isnull=True))

    def due_for_contact(self, cutoff):
        """Owned, not inactive, and silent since `cutoff` (settings.NO_CONTACT_DAYS ago): the
        companies the no-contact reminder is about."""
        return (
            self.filter(owner__isnull=False, owner__is_active=True)
            .exclude(status="inactive")
            # A company added recently was never contacted but is not forgotten yet.
            .filter(
                Q(last_contact_at__lt=cutoff)
                | Q(last_contact_at__isnull=True, created_at__lt=cutoff)
            )
        )


class Company(models.Model):
    class Status(models.TextChoices):
        FLAGGED = "flagged", "Señalada por Alcaldía"
        TO_VISIT = "to_visit", "Por visitar"
        ACTIVE = "active", "Activa"
        INACTIVE = "inactive", "Inactiva"

    rut = RutField(
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": "Ya existe una empresa con ese RUT."},
    )
    legal_name = models.CharField("razón social", max_length=200)
    trade_name = models.CharField("nombre de fantasía", max_length=200, blank=True)
    sector = models.CharField("rubro", max_length=30, choices=Sector.choices, default=Sector.OTHER)
    park = models.ForeignKey(
        IndustrialPark,
        verbose_name="parque industrial",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
    )
    address = models.CharField("dirección", max_length=200, blank=True)
    comuna = models.CharField("comuna", max_length=5, choices=comuna_choices, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    phone = models.CharField("teléfono", max_length=40, blank=True)
    email = models.EmailField("correo", blank=True)
    website = models.URLField("sitio web", blank=True)
    workforce_size = models.PositiveIntegerField("dotación (trabajadores)", null=True, blank=True)
    visiting_weekdays = WeekdaysField(
        "días de visita",
        max_length=7,
        blank=True,
        default="01234",
        help_text="Días en que recibe visitas: 0 = lunes … 6 = domingo.",
    )
    visiting_from = models.TimeField("recibe visitas desde", null=True, blank=True)
    visiting_until = models.TimeField("recibe visitas hasta", null=True, blank=True)
    visiting_notes = models.CharField("notas sobre visitas", max_length=200, blank=True)
    status = models.CharField(
        "estado", max_length=20, choices=Status.choices, default=Status.TO_VISIT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_companies",
    )
    last_contact_at = models.DateTimeField("último contacto", null=True, blank=True)
    created_at = models.DateTimeField("creada", auto_now_add=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    # last_contact_at moves with every visit (already in the visits timeline) and updated_at with
    # every save: recording them would bury the changes a person made.
    history = HistoricalRecords(
        verbose_name="historial de empresa",
        verbose_name_plural="historial de empresas",
        excluded_fields=["last_contact_at", "updated_at"],
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["legal_name"]
        permissions = [
            ("reassign_portfolio", "Puede traspasar la cartera de un funcionario a otro"),
            ("view_change_history", "Puede ver el historial de cambios de los registros"),
            ("change_any_company", "Puede editar cualquier empresa, no solo las de su cartera"),
            ("change_company_rut", "Puede corregir el RUT de una empresa ya registrada"),
        ]
        indexes = [
            models.Index(fields=["legal_name"], name="company_legal_name_idx"),
            # An email's sender is its company's own address, in any case (triage hints).
            models.Index(Upper("email"), name="company_email_upper_idx"),
            models.Index(fields=["trade_name"], name="company_trade_name_idx"),
            models.Index(fields=["status", "legal_name"], name="company_status_idx"),
            models.Index(fields=["park", "legal_name"], name="company_park_idx"),
            models.Index(fields=["sector", "legal_name"], name="company_sector_idx"),
            models.Index(fields=["owner", "legal_name"], name="company_owner_idx"),
            # Carries status and park so the dashboard counts companies by last contact from
            # the index alone.
            models.Index(
                fields=["last_contact_at"],
                include=["status", "park"],
                name="company_last_contact_idx",
            ),
            # The park of a company, read from the index alone: the dashboard looks it up for
            # each placement and referral counted live.
            models.Index(fields=["id"], include=["park"], name="company_park_lookup_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visiting_from__isnull=True)
                | Q(visiting_until__isnull=True)
                | Q(visiting_from__lt=models.F("visiting_until")),
                name="company_visiting_hours_in_order",
                violation_error_message="El horario de visitas debe terminar después de su inicio.",
            ),
            *coordinate_constraints("company"),
        ]

    def __str__(self):
        return self.trade_name or self.legal_name

    def get_comuna_display(self) -> str:
        # Django's own flattens every choice on each call; a list calls it once per row.
        return comuna_display(self.comuna)

    @property
    def rut_display(self) -> str:
        return format_rut(self.rut)

    @property
    def website_link(self) -> str:
        """The website as a link target only when it is an http(s) address: a value imported or
        stored before the form checked it ("javascript:…") is shown as text, never followed."""
        scheme = self.website.split(":", 1)[0].strip().lower() if ":" in self.website else ""
        return self.website if scheme in ("http", "https") else ""

    @property
    def visiting_hours_display(self) -> str:
        if self.visiting_from and self.visiting_until:
            hours = f"de {self.visiting_from:%H:%M} a {self.visiting_until:%H:%M}"
        else:
            hours = "a cualquier hora"
        return f"{weekdays_text(self.visiting_weekdays)}, {hours}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def accepts_visits_at(self, moment) -> bool:
        """Whether a visit at `moment` (aware) falls within the company's visiting hours."""
        local = timezone.localtime(moment)
        if self.visiting_weekdays and str(local.weekday()) not in self.visiting_weekdays:
            return False
        if self.visiting_from and local.time() < self.visiting_from:
            return False
        return not (self.visiting_until and local.time() >= self.visiting_until)

    def clean(self):
        if set(self.visiting_weekdays) - set("0123456"):
            raise ValidationError(
                {"visiting_weekdays": "Use dígitos del 0 (lunes) al 6 (domingo)."}
            )
        if self.visiting_from and self.visiting_until and self.visiting_from >= self.visiting_until:
            raise ValidationError(
                {"visiting_until": "La hora de término debe ser posterior a la de inicio."}
            )


class Contact(models.Model):
    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField("nombre", max_length=150)
    position = models.CharField("cargo", max_length=120, blank=True)
    email = models.EmailField("correo", blank=True)
    phone = models.CharField("teléfono", max_length=40, blank=True)
    is_active = models.BooleanField("vigente", default=True)
    notes = models.TextField("notas", blank=True)
    portal_enabled = models.BooleanField(
        "puede entrar al portal",
        default=True,
        help_text="Con correo registrado, recibe enlaces para entrar al portal de empresas.",
    )

    history = HistoricalRecords(
        verbose_name="historial de contacto", verbose_name_plural="historial de contactos"
    )

    class Meta:
        verbose_name = "contacto"
        verbose_name_plural = "contactos"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["company", "name"], name="contact_company_idx"),
            # Addresses are compared in any case (an email's sender, a portal sign-in).
            models.Index(Upper("email"), name="contact_email_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.company})"

    @property
    def may_enter_portal(self) -> bool:
        return self.is_active and self.portal_enabled and bool(self.email)

    @property
    def portal_access_label(self) -> str:
        """Whether the contact may enter the companies' portal, in the staff's words."""
        if not self.email:
            return "sin correo"
        if not self.is_active or not self.portal_enabled:
            return "sin acceso"
        return "puede entrar"


class CompanyNote(models.Model):
    """A remark on a company's timeline, such as the «Observaciones» of an imported sheet."""

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField("nota")
    source = models.CharField("origen", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrada por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("fecha", default=timezone.now)

    class Meta:
        verbose_name = "nota de empresa"
        verbose_name_plural = "notas de empresas"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["company", "-created_at"], name="company_note_company_idx"),
        ]

    def __str__(self):
        return f"Nota sobre {self.company}"


class PortfolioHandover(models.Model):
    """A record of one staff member's portfolio passed to another (who, when, how much)."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="de", on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="a", on_delete=models.PROTECT, related_name="+"
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="realizado por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField("fecha", default=timezone.now)
    companies_moved = models.PositiveIntegerField("empresas traspasadas", default=0)
    follow_ups_moved = models.PositiveIntegerField("seguimientos traspasados", default=0)
    visits_moved = models.PositiveIntegerField("visitas planificadas traspasadas", default=0)
    parks_moved = models.PositiveIntegerField("parques traspasados", default=0)

    class Meta:
        verbose_name = "traspaso de cartera"
        verbose_name_plural = "traspasos de cartera"
        ordering = ["-done_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_user=models.F("to_user")),
                name="handover_between_two_people",
                violation_error_message=(
                    "El traspaso de cartera debe ser entre dos personas distintas."
                ),
            ),
        ]

    def __str__(self):
        return f"Traspaso de {self.from_user} a {self.to_user}"
