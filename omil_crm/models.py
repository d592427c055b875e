"""What belongs to the office as a whole: in-app notifications."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """A message to one staff member. `key` is unique so a reminder is created only once,
    however many times (or in however many processes) the task that creates it runs."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinatario",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("tipo", max_length=40)
    key = models.CharField("clave única", max_length=200, unique=True)
    title = models.CharField("título", max_length=200)
    body = models.TextField("detalle", blank=True)
    url = models.CharField("enlace", max_length=300, blank=True)
    subject_type = models.ForeignKey(
        ContentType, verbose_name="sobre (tipo)", on_delete=models.CASCADE, null=True, blank=True
    )
    subject_id = models.PositiveBigIntegerField("sobre (id)", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField("creada", auto_now_add=True)
    emailed_at = models.DateTimeField("enviada por correo", null=True, blank=True)
    read_at = models.DateTimeField("leída", null=True, blank=True)

    class Meta:
        verbose_name = "notificación"
        verbose_name_plural = "notificaciones"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self):
        return self.title


class PeriodicJobRun(models.Model):
    """The last run of one periodic job (a Celery task of the beat schedule), kept current by
    Celery's task signals so the Encargado can see that the reminders really run."""

    task_name = models.CharField("tarea", max_length=200, unique=True)
    last_started_at = models.DateTimeField("último inicio", null=True, blank=True)
    last_finished_at = models.DateTimeField("último término", null=True, blank=True)
    last_succeeded = models.BooleanField("terminó bien", null=True, blank=True)
    last_result = models.TextField("resultado", blank=True)
    runs = models.PositiveIntegerField("ejecuciones", default=0)
    failures = models.PositiveIntegerField("fallas", default=0)

    class Meta:
        verbose_name = "ejecución de tarea programada"
        verbose_name_plural = "ejecuciones de tareas programadas"
        ordering = ["task_name"]
        # The dashboard has no model of its own; its permission lives with the app's
        # other office-wide model so a role can be given it like any other.
        permissions = [
            ("view_dashboard", "Puede ver el panel de indicadores y los informes mensuales"),
            ("manage_team", "Puede administrar las cuentas del equipo de la oficina"),
        ]

    def __str__(self):
        return self.task_name


class CalendarFeedToken(models.Model):
    """The secret in the address of a staff member's calendar feed. Revoking it (or making a
    new one) makes every calendar subscribed with the old address stop receiving events."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario",
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField("clave secreta", max_length=64, unique=True)
    created_at = models.DateTimeField("creada", auto_now_add=True)
    revoked_at = models.DateTimeField("revocada", null=True, blank=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        verbose_name = "dirección de calendario"
        verbose_name_plural = "direcciones de calendario"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_user",
                violation_error_message=(
                    "Esta persona ya tiene una dirección de calendario activa; revóquela antes de "
                    "crear otra."
                ),
            ),
        ]

    def __str__(self):
        return f"Calendario de {self.user}"


class ReminderEmail(models.Model):
    """A reminder email, rendered when it is created and sent once.

    `key` is unique, so a reminder is created once however many times the task that creates
    it runs; `sent_at` is claimed with a conditional update before sending, so two workers
    never both send it.
    """

    key = models.CharField("clave única", max_length=200, unique=True)
    kind = models.CharField("tipo", max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="funcionario destinatario",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    to_email = models.EmailField("correo de destino")
    subject = models.CharField("asunto", max_length=250)
    body_text = models.TextField("texto")
    body_html = models.TextField("HTML", blank=True)
    ics = models.TextField("invitación de calendario", blank=True)
    send_until = models.DateTimeField("enviar hasta", null=True, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    sent_at = models.DateTimeField("enviado", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("intentos", default=0)
    last_error = models.CharField("último error", max_length=300, blank=True)

    class Meta:
        verbose_name = "recordatorio por correo"
        verbose_name_plural = "recordatorios por correo"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_email_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"


# The dashboard's roll-ups, in a module of their own.
from omil_crm.rollup_models import MonthlyRollup, RollupDirtyMonth, RollupState  # noqa: E402, F401
