"""What the mailbox keeps besides the messages themselves: the messages forwarded inside one,
the files attached, and how far each folder was read (imported by models.py, kept apart for
size; the models refer to InboundEmail by name so that neither module imports the other)."""

from django.db import models
from django.utils import timezone


class ForwardedEmail(models.Model):
    """A message carried inside an email: forwarded as an attachment, a member of a digest or
    a fragment of a message split in parts. Read once, when the email arrives."""

    email = models.ForeignKey(
        "requests_routing.InboundEmail",
        verbose_name="correo",
        on_delete=models.CASCADE,
        related_name="forwarded_messages",
    )
    position = models.PositiveSmallIntegerField("orden")
    depth = models.PositiveSmallIntegerField(
        "nivel", default=1, help_text="1: reenviado en el correo; 2: dentro de otro reenviado."
    )
    sender = models.EmailField("remitente", max_length=254, blank=True)
    sender_name = models.CharField("nombre del remitente", max_length=200, blank=True)
    subject = models.CharField("asunto", max_length=500, blank=True)
    sent_at = models.DateTimeField("fecha", null=True, blank=True)
    text_body = models.TextField("texto", blank=True)
    note = models.CharField("observación", max_length=200, blank=True)

    class Meta:
        verbose_name = "mensaje reenviado"
        verbose_name_plural = "mensajes reenviados"
        ordering = ["email", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "position"],
                name="forwarded_unique_position",
                violation_error_message="Ese correo ya tiene un mensaje reenviado en ese orden.",
            )
        ]

    def __str__(self):
        return self.subject or f"Mensaje reenviado {self.position + 1}"

    def as_quoted_text(self) -> str:
        lines = ["---------- Mensaje reenviado ----------"]
        if self.sender:
            who = f"{self.sender_name} <{self.sender}>" if self.sender_name else self.sender
            lines.append(f"De: {who}")
        if self.sent_at:
            lines.append(f"Fecha: {timezone.localtime(self.sent_at):%d-%m-%Y %H:%M}")
        if self.subject:
            lines.append(f"Asunto: {self.subject}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines) + ("\n\n" + self.text_body if self.text_body else "")


def attachment_path(instance, filename):
    return f"inbox/{instance.email_id}/{filename}"


class EmailAttachment(models.Model):
    email = models.ForeignKey(
        "requests_routing.InboundEmail",
        verbose_name="correo",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField("nombre", max_length=255)
    content_type = models.CharField("tipo", max_length=120)
    size = models.PositiveIntegerField("tamaño (bytes)")
    file = models.FileField("archivo", upload_to=attachment_path)
    forwarded = models.ForeignKey(
        ForwardedEmail,
        verbose_name="mensaje reenviado",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        help_text="El mensaje reenviado en que venía; vacío si es del correo mismo.",
    )
    danger = models.CharField(
        "peligro",
        max_length=200,
        blank=True,
        help_text="Por qué no se reenvía (programa, script, macros...); vacío si es seguro.",
    )

    class Meta:
        verbose_name = "adjunto"
        verbose_name_plural = "adjuntos"

    def __str__(self):
        return self.filename

    @property
    def is_dangerous(self) -> bool:
        return bool(self.danger)


class MailboxCursor(models.Model):
    """How far the poller has read one IMAP folder: the folder's UIDVALIDITY and last UID."""

    folder = models.CharField("carpeta", max_length=200, unique=True)
    uidvalidity = models.PositiveBigIntegerField("UIDVALIDITY", null=True, blank=True)
    last_uid = models.PositiveBigIntegerField("último UID leído", default=0)
    last_polled_at = models.DateTimeField("última lectura", null=True, blank=True)
    last_error = models.TextField("último error", blank=True)

    class Meta:
        verbose_name = "posición de lectura del buzón"
        verbose_name_plural = "posiciones de lectura del buzón"

    def __str__(self):
        return f"{self.folder}: UID {self.last_uid}"
