"""The staff's contact history with a company (visits, calls, emails, meetings) and the
follow-ups it leaves, with the changes made to plans and due dates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from companies.models.companies import Company, Contact


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
    # Sent by the visit form (a phone may send the same form again after losing the answer):
    # a visit is recorded once per key.
    client_key = models.UUIDField("clave de envío", null=True, blank=True, editable=False)

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
            # The visit list's order (newest first, planned ones by their date): its first
            # page is read from the index instead of sorting half a million visits.
            models.Index(
                fields=["-happened_at", "-planned_for", "-id"], name="visit_list_order_idx"
            ),
            # A company's planned visits, soonest first (its page lists the first ten): read
            # in order from the index, not found by crossing the company's whole history
            # with every planned visit of the office.
            models.Index(
                fields=["company", "planned_for", "id"],
                condition=Q(status="planned"),
                name="visit_company_planned_idx",
            ),
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
            models.UniqueConstraint(
                fields=["client_key"],
                name="visit_client_key_unique",
                violation_error_message="Esa clave de envío ya se usó en otra visita.",
            ),
        ]

    def __str__(self):
        moment = self.happened_at or self.planned_for
        when = timezone.localtime(moment).strftime("%d-%m-%Y") if moment else ""
        return f"{self.get_kind_display()} a {self.company} {when}".strip()

    @property
    def plan_version(self) -> str:
        """What a form to complete this planned visit was opened on: a change of status or of
        the planned moment since then is a conflict."""
        moment = int(self.planned_for.timestamp()) if self.planned_for else 0
        return f"{self.status}-{moment}"


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
            # The company timeline's newest follow-ups, read without sorting all of them.
            models.Index(fields=["company", "-created_at"], name="followup_company_created_idx"),
            models.Index(fields=["source_type", "source_id"], name="followup_source_idx"),
            # The team's open follow-ups by due date, a section at a time.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(done_at__isnull=True),
                name="followup_open_due_idx",
            ),
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
