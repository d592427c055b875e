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
