from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models import Contact


class PortalSession(models.Model):
    """A contact signed in to the portal on one device. The cookie holds a random key; only
    its SHA-256 is stored, so a copy of the database opens no session. Staff end a session by
    revoking it; signing out revokes it too."""

    contact = models.ForeignKey(
        Contact, verbose_name="contacto", on_delete=models.CASCADE, related_name="portal_sessions"
    )
    key_hash = models.CharField("huella de la clave", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("inicio", default=timezone.now)
    expires_at = models.DateTimeField("vence")
    revoked_at = models.DateTimeField("cerrada", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cerrada por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_agent = models.CharField("navegador", max_length=200, blank=True)

    class Meta:
        verbose_name = "sesión del portal"
        verbose_name_plural = "sesiones del portal"
        ordering = ["-created_at"]
        permissions = [
            ("manage_portal_access", "Puede enviar enlaces del portal y cerrar sus sesiones")
        ]
        indexes = [
            models.Index(fields=["contact", "-created_at"], name="portal_session_contact_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="portal_session_expires_after_start",
                violation_error_message="La sesión debe vencer después de su inicio.",
            )
        ]

    def __str__(self):
        return f"{self.contact.name} · {self.created_at:%d-%m-%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PortalLinkToken(models.Model):
    """A one-use sign-in link mailed to a contact. Only the SHA-256 of the random token is
    stored; the link works once, until `expires_at`, and only while the contact may still
    enter with the address it was sent to."""

    contact = models.ForeignKey(
        Contact, verbose_name="contacto", on_delete=models.CASCADE, related_name="portal_links"
    )
    token_hash = models.CharField("huella del enlace", max_length=64, unique=True, editable=False)
    email = models.EmailField("enviado a")
    created_at = models.DateTimeField("creado", default=timezone.now)
    expires_at = models.DateTimeField("vence")
    used_at = models.DateTimeField("usado", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enviado por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "enlace de entrada al portal"
        verbose_name_plural = "enlaces de entrada al portal"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contact", "-created_at"], name="portal_link_contact_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="portal_link_expires_after_creation",
                violation_error_message="El enlace debe vencer después de creado.",
            )
        ]

    def __str__(self):
        return f"{self.contact.name} · {self.created_at:%d-%m-%Y %H:%M}"
