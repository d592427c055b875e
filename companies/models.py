"""Parks, companies, their contacts, the staff's contact history and the follow-ups it leaves.

This app is the base every other app builds on; it imports none of them. Follow-ups point to
what created them (a service request, a vacancy, an agreement) through a generic relation so
that the dependency stays one-way.
"""

from datetime import time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from companies.rut import RutField, format_rut
from omil_crm.base.comunas import comuna_choices


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lunes"
    TUESDAY = 1, "martes"
    WEDNESDAY = 2, "miércoles"
    THURSDAY = 3, "jueves"
    FRIDAY = 4, "viernes"
    SATURDAY = 5, "sábado"
    SUNDAY = 6, "domingo"


def weekdays_text(digits: str) -> str:
    """Days stored as digits, as people say them: "01234" → "lunes a viernes", "13" → "martes
    y jueves", "" → "cualquier día" (no day is excluded)."""
    days = sorted({int(d) for d in digits or "" if d in "0123456"})
    if not days or len(days) == 7:
        return "cualquier día" if not days else "todos los días"
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{Weekday(run[0]).label} a {Weekday(run[-1]).label}")
        else:
            parts.extend(Weekday(day).label for day in run)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} y {parts[-1]}"


class WeekdaysField(models.CharField):
    """Days of the week stored as digits (0 = Monday … 6 = Sunday); read as words."""

    def text_for_people(self, value: str) -> str:
        return weekdays_text(value)


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "primer"
    SECOND = 2, "segundo"
    THIRD = 3, "tercer"
    FOURTH = 4, "cuarto"
    LAST = -1, "último"


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
        ]

    def __str__(self):
        return self.name

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
            models.Index(fields=["trade_name"], name="company_trade_name_idx"),
            models.Index(fields=["status", "legal_name"], name="company_status_idx"),
            models.Index(fields=["park", "legal_name"], name="company_park_idx"),
            models.Index(fields=["sector", "legal_name"], name="company_sector_idx"),
            models.Index(fields=["owner", "legal_name"], name="company_owner_idx"),
            models.Index(fields=["last_contact_at"], name="company_last_contact_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visiting_from__isnull=True)
                | Q(visiting_until__isnull=True)
                | Q(visiting_from__lt=models.F("visiting_until")),
                name="company_visiting_hours_in_order",
                violation_error_message="El horario de visitas debe terminar después de su inicio.",
            ),
        ]

    def __str__(self):
        return self.trade_name or self.legal_name

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

    history = HistoricalRecords(
        verbose_name="historial de contacto", verbose_name_plural="historial de contactos"
    )

    class Meta:
        verbose_name = "contacto"
        verbose_name_plural = "contactos"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["company", "name"], name="contact_company_idx"),
            models.Index(fields=["email"], name="contact_email_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.company})"


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


class Visit(models.Model):
    """Any contact with a company: a field visit, a call, an email or a meeting.

    A planned visit has `planned_for`; once done it gets `happened_at` and a summary.
    """

    class Kind(models.TextChoices):
        FIELD = "field", "Visita en terreno"
        CALL = "call", "Llamada"
        EMAIL = "email", "Correo"
        MEETING = "meeting", "Reunión"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planificada"
        DONE = "done", "Realizada"
        CANCELLED = "cancelled", "Cancelada"

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="visits"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    kind = models.CharField("tipo", max_length=10, choices=Kind.choices, default=Kind.FIELD)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.DONE)
    planned_for = models.DateTimeField("planificada para", null=True, blank=True)
    happened_at = models.DateTimeField("fecha y hora", null=True, blank=True)
    contacts = models.ManyToManyField(
        Contact, verbose_name="contactos", blank=True, related_name="visits"
    )
    summary = models.TextField("resumen", blank=True)
    needs_detected = models.TextField("necesidades detectadas", blank=True)
    next_step = models.TextField("próximo paso", blank=True)
    created_at = models.DateTimeField("registrada", auto_now_add=True)

    class Meta:
        verbose_name = "visita o contacto"
        verbose_name_plural = "visitas y contactos"
        ordering = ["-happened_at", "-planned_for"]
        permissions = [
            (
                "change_any_planned_visit",
                "Puede reprogramar o cancelar cualquier visita planificada",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "-happened_at"], name="visit_company_idx"),
            models.Index(fields=["staff", "status", "planned_for"], name="visit_agenda_idx"),
            models.Index(fields=["status", "planned_for"], name="visit_team_agenda_idx"),
            models.Index(fields=["happened_at"], name="visit_happened_idx"),
            # The visit list's filter by kind, newest first.
            models.Index(fields=["kind", "-happened_at"], name="visit_kind_idx"),
            # The dashboard counts done visits by date, company and staff member: with those
            # columns in the index PostgreSQL answers from the index alone.
            models.Index(
                fields=["happened_at", "company", "staff"],
                condition=Q(status="done"),
                name="visit_done_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(happened_at__isnull=False),
                name="visit_done_has_date",
                violation_error_message="Indique cuándo se realizó la visita.",
            ),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(planned_for__isnull=False),
                name="visit_planned_has_date",
                violation_error_message="Indique para cuándo se planifica la visita.",
            ),
        ]

    def __str__(self):
        moment = self.happened_at or self.planned_for
        when = timezone.localtime(moment).strftime("%d-%m-%Y") if moment else ""
        return f"{self.get_kind_display()} a {self.company} {when}".strip()


class VisitChange(models.Model):
    """A planned visit moved to another moment or cancelled: who, when, from what and why."""

    class Kind(models.TextChoices):
        RESCHEDULED = "rescheduled", "Reprogramada"
        CANCELLED = "cancelled", "Cancelada"

    visit = models.ForeignKey(
        Visit, verbose_name="visita", on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField("cambio", max_length=12, choices=Kind.choices)
    previous_planned_for = models.DateTimeField("planificada para (antes)")
    new_planned_for = models.DateTimeField("planificada para (ahora)", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="realizado por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField("fecha del cambio", default=timezone.now)

    class Meta:
        verbose_name = "cambio de visita planificada"
        verbose_name_plural = "cambios de visitas planificadas"
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["visit", "-changed_at"], name="visit_change_visit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="rescheduled") | Q(new_planned_for__isnull=False),
                name="visit_change_rescheduled_has_date",
                violation_error_message="Una visita reprogramada debe indicar su nueva fecha.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="cancelled") | ~Q(reason=""),
                name="visit_change_cancelled_has_reason",
                violation_error_message="Indique el motivo de la cancelación.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.visit}"


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class FollowUp(models.Model):
    """Something a staff member must do by a date ("seguimiento").

    `source` is what created it (a visit, a service request, a vacancy, a meeting agreement, a
    mayor's flag); a generic relation keeps this base app free of imports from the others.
    """

    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="follow_ups"
    )
    title = models.CharField("qué hay que hacer", max_length=200)
    notes = models.TextField("notas", blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_date = models.DateField("fecha comprometida")
    done_at = models.DateTimeField("realizado", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="realizado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
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
    source_type = models.ForeignKey(
        ContentType,
        verbose_name="origen (tipo)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source_id = models.PositiveBigIntegerField("origen (id)", null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "seguimiento"
        verbose_name_plural = "seguimientos"
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_date"], name="followup_mine_idx"),
            models.Index(fields=["company", "done_at"], name="followup_company_idx"),
            models.Index(fields=["source_type", "source_id"], name="followup_source_idx"),
            models.Index(
                fields=["done_at", "done_by", "company"],
                condition=Q(done_at__isnull=False),
                name="followup_done_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="followup_source_complete",
                violation_error_message=(
                    "El origen del seguimiento quedó incompleto: indique el tipo y el registro de "
                    "origen, o ninguno de los dos."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.company})"

    @property
    def is_open(self) -> bool:
        return self.done_at is None


class FollowUpChange(models.Model):
    """A follow-up postponed to a new date (with the date it had and why) or reopened after
    being marked done (with when it had been done)."""

    class Kind(models.TextChoices):
        POSTPONED = "postponed", "Pospuesto"
        REOPENED = "reopened", "Reabierto"

    follow_up = models.ForeignKey(
        FollowUp, verbose_name="seguimiento", on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField("cambio", max_length=10, choices=Kind.choices)
    previous_due_date = models.DateField("fecha comprometida (antes)")
    new_due_date = models.DateField("fecha comprometida (ahora)")
    previous_done_at = models.DateTimeField("había sido realizado", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="realizado por",
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField("fecha del cambio", default=timezone.now)

    class Meta:
        verbose_name = "cambio de seguimiento"
        verbose_name_plural = "cambios de seguimientos"
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["follow_up", "-changed_at"], name="followup_change_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="postponed") | ~Q(reason=""),
                name="followup_change_postponed_has_reason",
                violation_error_message="Indique el motivo para posponer el seguimiento.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.follow_up}"


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
